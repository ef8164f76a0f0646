using System.Net;

namespace Alpi.HotspotController.Nas;

/// <summary>
/// A NAS (a Cigale terminal or its gateway) allowed to send RADIUS requests, identified by its source address
/// (RFC 2865 §3: "the shared secret … per client"), like a FreeRADIUS <c>client</c> section.
/// </summary>
public sealed record NasClient
{
    /// <summary>Unique name (the terminal's name, used as the <c>host</c> of its metrics).</summary>
    public required string Name { get; init; }

    /// <summary>
    /// Source address or network: <c>192.0.2.10</c>, <c>192.0.2.0/24</c>, <c>2001:db8::/64</c>; saved by the
    /// administration in its canonical text (<see cref="CanonicalText"/>), whatever spelling was typed.
    /// </summary>
    public required string Address { get; init; }

    /// <summary>The RADIUS shared secret (UTF-8 octets on the wire).</summary>
    public required string Secret { get; init; }

    /// <summary>Tenant (member body) operating the terminal. Default <c>default</c>.</summary>
    public string Tenant { get; init; } = "default";

    /// <summary>Terminal group whose access policy applies. Default <c>default</c>.</summary>
    public string GroupName { get; init; } = "default";

    /// <summary>
    /// True (default) to drop Access-Requests without a valid Message-Authenticator (CVE-2024-3596, Blast-RADIUS);
    /// false only for legacy NAS that cannot send it.
    /// </summary>
    public bool RequireMessageAuthenticator { get; init; } = true;

    /// <summary>UDP port of the NAS's Dynamic Authorization server for CoA and Disconnect-Request (RFC 5176 §2.3). Default 3799.</summary>
    public int CoaPort { get; init; } = 3799;

    /// <summary>Latitude in decimal degrees (WGS 84) for the map, or null.</summary>
    public double? Latitude { get; init; }

    /// <summary>Longitude in decimal degrees (WGS 84) for the map, or null.</summary>
    public double? Longitude { get; init; }

    /// <summary>The address as a network (a single address is a /32 or /128).</summary>
    /// <exception cref="FormatException">The address is neither an IP address nor a CIDR network.</exception>
    public IPNetwork Network => ParseNetwork(Address);

    /// <summary>
    /// Parses <c>A.B.C.D</c>, <c>A.B.C.D/N</c> or their IPv6 forms; an IPv4-mapped IPv6 address or network
    /// (<c>::ffff:192.0.2.10</c>, RFC 4291 §2.5.5.2) is read as the IPv4 one, as the RADIUS server reads its sources.
    /// </summary>
    /// <exception cref="FormatException">The text is neither; the message quotes it.</exception>
    public static IPNetwork ParseNetwork(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (IPNetwork.TryParse(address, out var network))
        {
            return AsIPv4WhenMapped(network);
        }

        if (IPAddress.TryParse(address, out var ip))
        {
            return AsIPv4WhenMapped(new IPNetwork(ip, ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
        }

        throw new FormatException($"'{address}' is not an IP address or a CIDR network (e.g. 192.0.2.10 or 192.0.2.0/24).");
    }

    /// <summary>
    /// The canonical text of <paramref name="network"/>, as stored and shown: one address (a /32 or /128) as the address
    /// alone (<c>10.0.0.2</c> for <c>10.2</c>, <c>127.0.0.1</c> for <c>2130706433</c>, <c>2001:db8::a</c> for
    /// <c>2001:DB8:0:0:0:0:0:A</c>), a wider network with its host bits cleared, as <see cref="ParseNetwork"/> reads it
    /// (<c>10.0.0.0/24</c> for <c>10.0.0.5/24</c>). Reading the text back gives the same network.
    /// </summary>
    public static string CanonicalText(IPNetwork network) =>
        network.PrefixLength == (network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
            ? network.BaseAddress.ToString()
            : network.ToString();

    private static IPNetwork AsIPv4WhenMapped(IPNetwork network) =>
        network.BaseAddress.IsIPv4MappedToIPv6 && network.PrefixLength >= 96
            ? new IPNetwork(network.BaseAddress.MapToIPv4(), network.PrefixLength - 96)
            : network;
}
