using System.Net;
using System.Net.Sockets;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Sessions;
using Alpi.Protocols.Radius;

namespace Alpi.HotspotController.Coa;

/// <summary>
/// The attributes that tell a NAS which session a Disconnect-Request or CoA-Request is about (RFC 5176 §3: session
/// identification by Acct-Session-Id, User-Name and Calling-Station-Id; NAS identification by NAS-IP-Address or
/// NAS-IPv6-Address). Every attribute given must match on the NAS, so only values the NAS itself reported are used.
/// </summary>
/// <param name="AcctSessionId">Acct-Session-Id (RFC 2866 §5.5), or null.</param>
/// <param name="UserName">User-Name as the NAS sent it in accounting (RFC 2865 §5.1), or null.</param>
/// <param name="CallingStationId">Calling-Station-Id, the device MAC (RFC 2865 §5.31), or null.</param>
/// <param name="NasAddress">NAS-IP-Address (IPv4, RFC 2865 §5.4) or NAS-IPv6-Address (RFC 3162 §2.1), or null.</param>
public sealed record CoaSessionIdentity(string? AcctSessionId, string? UserName, string? CallingStationId, IPAddress? NasAddress)
{
    /// <summary>NAS-IPv6-Address (RFC 3162 §2.1).</summary>
    public const byte NasIpv6AddressType = 95;

    /// <summary>
    /// The identification of an accounted session: its Acct-Session-Id, User-Name and MAC, and the NAS-IP-Address it
    /// reported (or else the NAS client's own address when that is a single address).
    /// </summary>
    public static CoaSessionIdentity From(HotspotSession session, NasClient nas)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(nas);
        IPAddress? address = null;
        if (!IPAddress.TryParse(session.NasIp, out address))
        {
            _ = CoaClient.TryGetSingleAddress(nas, out address);
        }

        return new CoaSessionIdentity(session.AcctSessionId, NullIfEmpty(session.UserName), NullIfEmpty(session.Mac), address);
    }

    /// <summary>The attributes in RFC 5176 §3 order of mention: NAS identification first, then the session's.</summary>
    public IEnumerable<RadiusAttribute> ToAttributes()
    {
        if (NasAddress is { } address)
        {
            yield return address.AddressFamily == AddressFamily.InterNetwork
                ? RadiusAttribute.FromIPv4(RadiusAttributeType.NasIpAddress, address)
                : RadiusAttribute.Create(NasIpv6AddressType, address.GetAddressBytes());
        }

        if (UserName is not null)
        {
            yield return RadiusAttribute.FromString(RadiusAttributeType.UserName, UserName);
        }

        if (AcctSessionId is not null)
        {
            yield return RadiusAttribute.FromString(RadiusAttributeType.AcctSessionId, AcctSessionId);
        }

        if (CallingStationId is not null)
        {
            yield return RadiusAttribute.FromString(RadiusAttributeType.CallingStationId, CallingStationId);
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
