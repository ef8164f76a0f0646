using System.Net;
using Alpi.Protocols.Json;

namespace Alpi.HotspotController.Nas;

/// <summary>
/// The spelling an administrator's NAS address must have, beyond being readable: what
/// <see cref="IPAddress.TryParse(string, out IPAddress)"/> (inet_aton's rules) reads otherwise than it was meant is refused
/// instead of being saved as another address. Refused, each with a sentence quoting the address and saying what is wrong
/// (and, where inet_aton reads something, what it reads):
/// <list type="bullet">
/// <item>an IPv4 part with a leading zero, <c>010.0.0.1</c>: inet_aton reads it as octal (8.0.0.1) where the
/// administrator meant 10.0.0.1 or made a typo;</item>
/// <item>a hexadecimal part, <c>0x7f.0.0.1</c>;</item>
/// <item>fewer than four parts, <c>10.2</c> (read as 10.0.0.2) or one number, <c>2130706433</c> (read as 127.0.0.1):
/// nobody types these on purpose for a terminal, and a forgotten part is the likelier cause;</item>
/// <item>a CIDR prefix length with a sign or a leading zero (<c>/024</c>) or beyond 32 (IPv4) or 128 (IPv6);</item>
/// <item>an IPv6 address in brackets (<c>[2001:db8::1]</c>, where a port could follow and be dropped) or with a zone
/// (<c>fe80::1%eth0</c>, meaningless for a remote source address).</item>
/// </list>
/// Only dotted-decimal IPv4 as RFC 3986 §3.2.2 writes it (<c>dec-octet</c>, no leading zero) and IPv6 text as RFC 4291
/// §2.2 writes it (leading zeros in a group are harmless there) are taken; RFC 3986 §7.4 ("Rare IP Address Formats") and
/// RFC 6943 §3.1.1 name the other forms as a source of misreadings. A network's host bits are not refused: the
/// administration saves the network it means (<c>10.0.0.5/24</c> → <c>10.0.0.0/24</c>, see <see cref="NasClient.CanonicalText"/>).
/// Stored and configured addresses are still read by <see cref="NasClient.ParseNetwork"/>, so that a terminal saved
/// before this check keeps working.
/// </summary>
public static class NasAddressSpelling
{
    /// <summary>
    /// Why <paramref name="address"/> (as typed, trimmed) is not spelt as a NAS address must be, or null when it is, or when
    /// it is no IP address at all (that is <see cref="NasClient.ParseNetwork"/>'s to say). The sentence quotes the address.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    public static string? Error(string address) => Refusal(address)?.Sentence;

    /// <summary>
    /// Why <paramref name="address"/> is not spelt as a NAS address must be, as <see cref="Error"/> says, with its code
    /// (<c>nas.address.…</c> of <see cref="RefusalCodes"/>) and values (<c>address</c>, and <c>part</c>, <c>readAs</c>,
    /// <c>meant</c>, <c>parts</c>, <c>prefix</c>, <c>max</c> as the case has them); or null.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    public static Refusal? Refusal(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var slash = address.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? address : address[..slash];
        var v6 = host.Contains(':', StringComparison.Ordinal) || host.StartsWith('[');
        if (slash >= 0 && PrefixError(address, address[(slash + 1)..], v6 ? 128 : 32) is { } prefixError)
        {
            return prefixError;
        }

        if (!v6)
        {
            return IPv4Error(address, host);
        }

        if (host.StartsWith('[') || host.Contains(']', StringComparison.Ordinal))
        {
            return Protocols.Json.Refusal.Of(RefusalCodes.NasAddressBrackets, $"'{address}': an IPv6 address is written without brackets (and without a port): 2001:db8::10", ("address", address));
        }

        if (host.Contains('%', StringComparison.Ordinal))
        {
            return Protocols.Json.Refusal.Of(RefusalCodes.NasAddressZone, $"'{address}': a zone (%…) names an interface of this machine, not a terminal's address; leave it out", ("address", address));
        }

        // An IPv4 tail (::ffff:192.0.2.10) follows the IPv4 rules.
        var tail = host[(host.LastIndexOf(':') + 1)..];
        return tail.Contains('.', StringComparison.Ordinal) ? IPv4Error(address, tail) : null;
    }

    private static Refusal? IPv4Error(string address, string host)
    {
        var parts = host.Split('.');
        foreach (var part in parts)
        {
            if (part.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                return Protocols.Json.Refusal.Of(RefusalCodes.NasAddressHexadecimal, $"'{address}': the part {part} is hexadecimal{ReadAs(host)}; write each part in decimal, 0 to 255, as in 192.0.2.10",
                    ("address", address), ("part", part), ("readAs", Read(host)));
            }

            if (part.Length == 0 || !part.All(char.IsAsciiDigit))
            {
                return null; // not an IPv4 address at all: ParseNetwork says so
            }
        }

        if (parts.FirstOrDefault(p => p.Length > 1 && p[0] == '0') is { } zeroed)
        {
            var meant = string.Join('.', parts.Select(p => p.TrimStart('0') is { Length: > 0 } t ? t : "0"));
            return Protocols.Json.Refusal.Of(RefusalCodes.NasAddressOctal, $"'{address}': the part {zeroed} has a leading zero, which inet_aton reads as octal{ReadAs(host)}; "
                + $"write {meant} if that is the address meant (no leading zeros)", ("address", address), ("part", zeroed), ("readAs", Read(host)), ("meant", meant));
        }

        if (parts.Length < 4)
        {
            return Protocols.Json.Refusal.Of(RefusalCodes.NasAddressParts,
                $"'{address}' has {parts.Length} part{(parts.Length == 1 ? "" : "s")}{ReadAs(host)}; an IPv4 address is written as four numbers 0 to 255, as in 192.0.2.10",
                ("address", address), ("parts", parts.Length), ("readAs", Read(host)));
        }

        return null;
    }

    private static Refusal? PrefixError(string address, string prefix, int max)
    {
        var digits = prefix.Length is > 0 and <= 3 && prefix.All(char.IsAsciiDigit);
        if (digits && (prefix.Length == 1 || prefix[0] != '0') && int.Parse(prefix, System.Globalization.CultureInfo.InvariantCulture) <= max)
        {
            return null;
        }

        return Protocols.Json.Refusal.Of(RefusalCodes.NasAddressPrefix, $"'{address}': the prefix length /{prefix} is not a number 0 to {max} written without a sign or leading zeros (e.g. /24)",
            ("address", address), ("prefix", prefix), ("max", max));
    }

    /// <summary>What inet_aton reads <paramref name="host"/> as, in a parenthesis, or nothing when it reads nothing.</summary>
    private static string ReadAs(string host) =>
        Read(host) is { } read ? $" (inet_aton reads it as {read})" : "";

    /// <summary>What inet_aton reads <paramref name="host"/> as, or null.</summary>
    private static string? Read(string host) => IPAddress.TryParse(host, out var read) ? read.ToString() : null;
}
