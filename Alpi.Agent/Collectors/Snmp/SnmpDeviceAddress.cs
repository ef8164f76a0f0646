using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Alpi.Agent.Collectors.Snmp;

/// <summary>
/// A device's <c>Address</c> option, parsed: a host (an IP address, or a DNS name resolved at poll time by
/// <see cref="SnmpAddressResolver"/>) and a UDP port. Accepted forms, as net-snmp's agent addresses
/// (snmpcmd(1), "AGENT SPECIFICATION"): <c>host</c>, <c>host:port</c>, <c>[IPv6]</c>, <c>[IPv6]:port</c>, a bare IPv6
/// address (port 161), each optionally prefixed with <c>udp:</c>. A name must be a DNS host name (RFC 1123 §2.1
/// letters, digits, hyphens and dots, as <see cref="Uri.CheckHostName"/> checks).
/// </summary>
/// <param name="Host">The host as written: IP address text or DNS name (never empty).</param>
/// <param name="Port">The UDP port, 1–65535; 161 (RFC 3417 §3) when not given.</param>
/// <param name="Literal">The address when <paramref name="Host"/> is an IP address, or null for a DNS name.</param>
internal sealed record SnmpDeviceAddress(string Host, int Port, IPAddress? Literal)
{
    /// <summary>The SNMP agent port, RFC 3417 §3.</summary>
    public const int DefaultPort = 161;

    /// <summary>Whether <see cref="Host"/> is a DNS name that must be resolved.</summary>
    public bool IsName => Literal is null;

    /// <summary>Parses <paramref name="text"/>; false when it is not one of the accepted forms or the port is out of range.</summary>
    public static bool TryParse(string? text, out SnmpDeviceAddress address)
    {
        address = null!;
        var host = text?.Trim() ?? "";
        var port = DefaultPort;
        if (host.StartsWith("udp:", StringComparison.OrdinalIgnoreCase))
        {
            host = host[4..];
        }

        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < host.Length && (host[close + 1] != ':' || !TryParsePort(host[(close + 2)..], out port))))
            {
                return false;
            }

            host = host[1..close];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = new SnmpDeviceAddress(host, port, v6);
            return true;
        }

        var colons = host.Count(c => c == ':');
        if (colons > 1)
        {
            // A bare IPv6 address: no port can follow without brackets.
            if (!IPAddress.TryParse(host, out var bare))
            {
                return false;
            }

            address = new SnmpDeviceAddress(host, port, bare);
            return true;
        }

        if (colons == 1)
        {
            var colon = host.IndexOf(':', StringComparison.Ordinal);
            if (!TryParsePort(host[(colon + 1)..], out port))
            {
                return false;
            }

            host = host[..colon];
        }

        if (host.Length == 0)
        {
            return false;
        }

        if (IPAddress.TryParse(host, out var literal) && Uri.CheckHostName(host) == UriHostNameType.IPv4)
        {
            address = new SnmpDeviceAddress(host, port, literal);
            return true;
        }

        if (Uri.CheckHostName(host) != UriHostNameType.Dns || host.Length > 253)
        {
            return false;
        }

        address = new SnmpDeviceAddress(host, port, null);
        return true;
    }

    /// <summary><c>host:port</c>, IPv6 in brackets.</summary>
    public override string ToString() =>
        Literal?.AddressFamily == AddressFamily.InterNetworkV6
            ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
            : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    private static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;
}
