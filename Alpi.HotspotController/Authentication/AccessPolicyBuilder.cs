using Alpi.Protocols.Radius;

namespace Alpi.HotspotController.Authentication;

/// <summary>
/// Turns a terminal group's <see cref="AccessPolicyOptions"/> and an accepted <see cref="AccessDecision"/> into the
/// attributes of the Access-Accept: Session-Timeout (RFC 2865 §5.27), Idle-Timeout (§5.28), Acct-Interim-Interval
/// (RFC 2869 §5.16, at least 60 s), WISPr-Bandwidth-Max-Up/-Down (vendor 14122 types 7 and 8, bit/s),
/// ChilliSpot-Max-Input/-Output/-Total-Octets (vendor 14559 types 1 to 3, with -Gigawords, types 21 to 23, for quotas
/// of 4 GiB and more, as CoovaChilli reads them) and Class (RFC 2865 §5.25, <see cref="SessionClass"/>).
/// </summary>
public static class AccessPolicyBuilder
{
    /// <summary>The least Acct-Interim-Interval, seconds (RFC 2869 §5.16: "SHOULD NOT be smaller than 60").</summary>
    public const uint MinInterimSeconds = 60;

    /// <summary>ChilliSpot-Max-Input-Gigawords (CoovaChilli <c>radius_chillispot.h</c>).</summary>
    public const byte ChilliSpotMaxInputGigawords = 21;

    /// <summary>ChilliSpot-Max-Output-Gigawords.</summary>
    public const byte ChilliSpotMaxOutputGigawords = 22;

    /// <summary>ChilliSpot-Max-Total-Gigawords.</summary>
    public const byte ChilliSpotMaxTotalGigawords = 23;

    private const byte WisprBandwidthMaxUp = 7;
    private const byte WisprBandwidthMaxDown = 8;
    private const byte ChilliSpotMaxInputOctets = 1;
    private const byte ChilliSpotMaxOutputOctets = 2;
    private const byte ChilliSpotMaxTotalOctets = 3;

    /// <summary>The policy of <paramref name="group"/>: its own entry, else the <c>default</c> entry, else built-in defaults. Names ignore case.</summary>
    public static AccessPolicyOptions Resolve(IDictionary<string, AccessPolicyOptions> policies, string? group)
    {
        ArgumentNullException.ThrowIfNull(policies);
        return Find(group) ?? Find(AccessPolicyOptions.DefaultGroup) ?? new AccessPolicyOptions();

        AccessPolicyOptions? Find(string? name)
        {
            if (string.IsNullOrEmpty(name))
            {
                return null;
            }

            if (policies.TryGetValue(name, out var exact))
            {
                return exact;
            }

            foreach (var (key, policy) in policies)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return policy;
                }
            }

            return null;
        }
    }

    /// <summary>The Access-Accept attributes for <paramref name="decision"/> under <paramref name="policy"/>, in a fixed order.</summary>
    /// <exception cref="ArgumentException">The decision is a reject.</exception>
    public static IReadOnlyList<RadiusAttribute> Build(AccessPolicyOptions policy, AccessDecision decision)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(decision);
        if (!decision.Accepted || decision.AccountId is not { } accountId)
        {
            throw new ArgumentException("only an accepted decision with an account has a policy", nameof(decision));
        }

        var attributes = new List<RadiusAttribute>(10);
        AddSeconds(RadiusAttributeType.SessionTimeout, policy.SessionTimeout);
        AddSeconds(RadiusAttributeType.IdleTimeout, policy.IdleTimeout);
        attributes.Add(RadiusAttribute.FromUInt32(RadiusAttributeType.AcctInterimInterval, InterimSeconds(policy.AcctInterimInterval)));
        AddVendor(RadiusDictionary.WisprVendorId, WisprBandwidthMaxUp, policy.BandwidthMaxUp);
        AddVendor(RadiusDictionary.WisprVendorId, WisprBandwidthMaxDown, policy.BandwidthMaxDown);
        AddOctets(ChilliSpotMaxInputOctets, ChilliSpotMaxInputGigawords, policy.MaxInputOctets);
        AddOctets(ChilliSpotMaxOutputOctets, ChilliSpotMaxOutputGigawords, policy.MaxOutputOctets);
        AddOctets(ChilliSpotMaxTotalOctets, ChilliSpotMaxTotalGigawords, policy.MaxTotalOctets);
        attributes.Add(RadiusAttribute.Create(RadiusAttributeType.Class, new SessionClass(accountId, decision.Method).ToBytes()));
        return attributes;

        void AddSeconds(byte type, TimeSpan value)
        {
            if (value > TimeSpan.Zero)
            {
                attributes.Add(RadiusAttribute.FromUInt32(type, (uint)Math.Clamp(Math.Ceiling(value.TotalSeconds), 1, uint.MaxValue)));
            }
        }

        void AddVendor(uint vendor, byte type, long value)
        {
            if (value > 0)
            {
                attributes.Add(RadiusAttribute.VendorUInt32(vendor, type, (uint)Math.Min(value, uint.MaxValue)));
            }
        }

        void AddOctets(byte octetsType, byte gigawordsType, long value)
        {
            if (value <= 0)
            {
                return;
            }

            attributes.Add(RadiusAttribute.VendorUInt32(RadiusDictionary.ChilliSpotVendorId, octetsType, (uint)(value & uint.MaxValue)));
            if (value > uint.MaxValue)
            {
                attributes.Add(RadiusAttribute.VendorUInt32(RadiusDictionary.ChilliSpotVendorId, gigawordsType, (uint)(value >> 32)));
            }
        }
    }

    /// <summary>Acct-Interim-Interval in seconds: <paramref name="interval"/> rounded up, at least <see cref="MinInterimSeconds"/>.</summary>
    public static uint InterimSeconds(TimeSpan interval) =>
        (uint)Math.Clamp(Math.Ceiling(interval.TotalSeconds), MinInterimSeconds, uint.MaxValue);
}
