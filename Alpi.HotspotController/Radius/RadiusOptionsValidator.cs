using Alpi.HotspotController.Authentication;
using Alpi.HotspotController.Nas;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Radius;

/// <summary>
/// Checks <c>Hotspot:Radius</c> (beyond the addresses and ports <see cref="HotspotOptionsValidator"/> checks) and
/// <c>Hotspot:Policies</c> at start, reporting every problem at once with its key. Runs beside
/// <see cref="HotspotOptionsValidator"/>.
/// </summary>
/// <remarks>Sources: RFC 2865 §5.27 and §5.28, RFC 2869 §5.16 (32-bit second counts); WISPr 1.0 appendix D (bit/s).</remarks>
public sealed class RadiusOptionsValidator : IValidateOptions<HotspotOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HotspotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Validate(options.Radius);
        failures.AddRange(Validate(options.Policies));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every problem of <paramref name="radius"/>, each naming its key.</summary>
    public static List<string> Validate(RadiusServerOptions radius)
    {
        ArgumentNullException.ThrowIfNull(radius);
        const string s = "Hotspot:Radius";
        var failures = new List<string>();
        if (radius.ClientRefreshInterval <= TimeSpan.Zero)
        {
            failures.Add($"{s}:ClientRefreshInterval is {radius.ClientRefreshInterval}; it must be positive (e.g. 00:00:05).");
        }

        if (radius.DuplicateCacheLifetime <= TimeSpan.Zero)
        {
            failures.Add($"{s}:DuplicateCacheLifetime is {radius.DuplicateCacheLifetime}; it must be positive (e.g. 00:00:30).");
        }

        CheckAtLeastOne($"{s}:DuplicateCacheCapacity", radius.DuplicateCacheCapacity);
        CheckAtLeastOne($"{s}:MaxConcurrentRequests", radius.MaxConcurrentRequests);
        CheckAtLeastOne($"{s}:QueueCapacity", radius.QueueCapacity);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < radius.Clients.Count; i++)
        {
            var client = radius.Clients[i];
            var key = $"{s}:Clients:{i}";
            if (string.IsNullOrWhiteSpace(client.Name))
            {
                failures.Add($"{key}:Name must not be empty.");
            }
            else if (!names.Add(client.Name))
            {
                failures.Add($"{key}:Name '{client.Name}' is declared twice.");
            }

            try
            {
                _ = NasClient.ParseNetwork(client.Address ?? "");
            }
            catch (FormatException e)
            {
                failures.Add($"{key}:Address: {e.Message}");
            }

            if (string.IsNullOrEmpty(client.Secret))
            {
                failures.Add($"{key}:Secret must not be empty.");
            }

            if (client.CoaPort is < 1 or > 65535)
            {
                failures.Add($"{key}:CoaPort is {client.CoaPort}; it must be 1 to 65535.");
            }
        }

        return failures;

        void CheckAtLeastOne(string key, int value)
        {
            if (value < 1)
            {
                failures.Add($"{key} is {value}; it must be at least 1.");
            }
        }
    }

    /// <summary>Every problem of the policies, each naming its key.</summary>
    public static List<string> Validate(IDictionary<string, AccessPolicyOptions> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var failures = new List<string>();
        foreach (var (group, policy) in policies)
        {
            var key = $"Hotspot:Policies:{group}";
            CheckDuration($"{key}:SessionTimeout", policy.SessionTimeout);
            CheckDuration($"{key}:IdleTimeout", policy.IdleTimeout);
            CheckDuration($"{key}:AcctInterimInterval", policy.AcctInterimInterval);
            CheckRange($"{key}:BandwidthMaxUp", policy.BandwidthMaxUp, uint.MaxValue, "bits per second");
            CheckRange($"{key}:BandwidthMaxDown", policy.BandwidthMaxDown, uint.MaxValue, "bits per second");
            CheckRange($"{key}:MaxInputOctets", policy.MaxInputOctets, long.MaxValue, "octets");
            CheckRange($"{key}:MaxOutputOctets", policy.MaxOutputOctets, long.MaxValue, "octets");
            CheckRange($"{key}:MaxTotalOctets", policy.MaxTotalOctets, long.MaxValue, "octets");
        }

        return failures;

        void CheckDuration(string key, TimeSpan value)
        {
            if (value < TimeSpan.Zero || value.TotalSeconds > uint.MaxValue)
            {
                failures.Add($"{key} is {value}; it must be zero or positive and at most {uint.MaxValue} seconds.");
            }
        }

        void CheckRange(string key, long value, long max, string unit)
        {
            if (value < 0 || value > max)
            {
                failures.Add($"{key} is {value}; it must be 0 (no limit) to {max} {unit}.");
            }
        }
    }
}
