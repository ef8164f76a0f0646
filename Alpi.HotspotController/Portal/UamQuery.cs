using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Alpi.HotspotController.Devices;
using Microsoft.AspNetCore.WebUtilities;

namespace Alpi.HotspotController.Portal;

/// <summary>The <c>res</c> of a CoovaChilli UAM redirect: why the terminal sent the browser to the portal.</summary>
public enum UamResult
{
    /// <summary><c>notyet</c>: not logged in; show the login and registration forms.</summary>
    NotYet,

    /// <summary><c>success</c>: the terminal accepted the logon.</summary>
    Success,

    /// <summary><c>failed</c>: the terminal's Access-Request was rejected (<c>reply</c> says why).</summary>
    Failed,

    /// <summary><c>logoff</c>: the session was closed.</summary>
    Logoff,

    /// <summary><c>already</c>: the device is already connected.</summary>
    Already,
}

/// <summary>Why a UAM redirect query was refused; counted by name.</summary>
public enum UamQueryProblem
{
    /// <summary>The query was accepted.</summary>
    None,

    /// <summary>Longer than <see cref="UamQuery.MaxQueryLength"/>.</summary>
    TooLong,

    /// <summary>A parameter appears twice (empty segments such as <c>&amp;&amp;</c> are not parameters and are ignored).</summary>
    Duplicate,

    /// <summary>A required parameter is missing.</summary>
    Missing,

    /// <summary>A parameter's value is not of its form.</summary>
    Invalid,

    /// <summary>A UAM secret is configured and <c>md</c> is missing, not last, or does not match.</summary>
    BadSignature,
}

/// <summary>
/// A CoovaChilli UAM redirect, parsed and validated (coova-chilli <c>src/redir.c</c>, <c>bstring_buildurl</c>):
/// <c>?res=notyet&amp;uamip=10.1.0.1&amp;uamport=3990&amp;challenge=HEX32&amp;called=AA-BB-…&amp;mac=AA-BB-…&amp;ip=10.1.0.5
/// &amp;nasid=…&amp;sessionid=…&amp;userurl=…&amp;md=HEX32</c>. Unknown parameters (<c>ssid</c>, <c>vlan</c>, <c>loc</c>,
/// <c>lang</c>…) are ignored.
/// </summary>
public sealed record UamQuery
{
    /// <summary>Longest raw query accepted, characters.</summary>
    public const int MaxQueryLength = 8192;

    /// <summary>Longest free-text value (<c>called</c>, <c>nasid</c>, <c>sessionid</c>, <c>reply</c>) kept, characters.</summary>
    public const int MaxTextLength = 253;

    /// <summary>The terminal's verdict (<c>res</c>).</summary>
    public required UamResult Result { get; init; }

    /// <summary>The terminal's UAM address (<c>uamip</c>), an IP literal.</summary>
    public required IPAddress UamIp { get; init; }

    /// <summary>The terminal's UAM port (<c>uamport</c>), 1 to 65535.</summary>
    public required int UamPort { get; init; }

    /// <summary>The 16-octet challenge (<c>challenge</c>, 32 hex digits); required with <see cref="UamResult.NotYet"/>.</summary>
    public byte[]? Challenge { get; init; }

    /// <summary>The device's MAC (<c>mac</c>), or null when absent.</summary>
    public MacAddress? Mac { get; init; }

    /// <summary>The device's IP address on the terminal's network (<c>ip</c>), or null.</summary>
    public IPAddress? ClientIp { get; init; }

    /// <summary>The terminal's Called-Station-Id (<c>called</c>), or null.</summary>
    public string? Called { get; init; }

    /// <summary>The terminal's NAS-Identifier (<c>nasid</c>), or null.</summary>
    public string? NasId { get; init; }

    /// <summary>The terminal's session identifier (<c>sessionid</c>), or null.</summary>
    public string? SessionId { get; init; }

    /// <summary>The page the citizen first asked for (<c>userurl</c>), validated by <see cref="SafeRedirect.TryGetUserUrl"/>, or null.</summary>
    public Uri? UserUrl { get; init; }

    /// <summary>True when a <c>userurl</c> was given but refused (not http(s), a script, too long…) and dropped.</summary>
    public bool UserUrlRejected { get; init; }

    /// <summary>The RADIUS Reply-Message the terminal passed on (<c>reply</c>), or null; plain text, to be encoded when shown.</summary>
    public string? Reply { get; init; }

    /// <summary>
    /// Parses a raw query string as received (still percent-encoded, with or without its leading <c>?</c>).
    /// Never throws on bad input.
    /// </summary>
    /// <param name="rawQuery">The query string.</param>
    /// <param name="query">The redirect when valid.</param>
    /// <param name="parameter">The parameter at fault, or null.</param>
    /// <returns>What was wrong, or <see cref="UamQueryProblem.None"/>.</returns>
    public static UamQueryProblem TryParse(string? rawQuery, out UamQuery? query, out string? parameter)
    {
        query = null;
        parameter = null;
        rawQuery ??= "";
        if (rawQuery.Length > MaxQueryLength)
        {
            return UamQueryProblem.TooLong;
        }

        Dictionary<string, Microsoft.Extensions.Primitives.StringValues> values;
        try
        {
            values = QueryHelpers.ParseQuery(rawQuery);
        }
        catch (ArgumentException)
        {
            return UamQueryProblem.Invalid;
        }

        foreach (var (key, value) in values)
        {
            // Empty segments ("&&", "&=x") name no parameter: ignored like unknown ones, not a duplicate of "".
            if (value.Count > 1 && key.Length > 0)
            {
                parameter = key;
                return UamQueryProblem.Duplicate;
            }
        }

        string? fault = null;
        string? Get(string key) => values.TryGetValue(key, out var v) ? v.ToString() : null;

        var problem = Required("res", out var resText);
        if (problem != UamQueryProblem.None)
        {
            parameter = fault;
            return problem;
        }

        UamResult? result = resText.ToLowerInvariant() switch
        {
            "notyet" => UamResult.NotYet,
            "success" => UamResult.Success,
            "failed" => UamResult.Failed,
            "logoff" => UamResult.Logoff,
            "already" => UamResult.Already,
            _ => null,
        };
        if (result is null)
        {
            parameter = "res";
            return UamQueryProblem.Invalid;
        }

        problem = Required("uamip", out var uamIpText);
        if (problem != UamQueryProblem.None)
        {
            parameter = fault;
            return problem;
        }

        if (!TryParseIpLiteral(uamIpText, out var uamIp) || !IsUsableUnicast(uamIp))
        {
            parameter = "uamip";
            return UamQueryProblem.Invalid;
        }

        problem = Required("uamport", out var uamPortText);
        if (problem != UamQueryProblem.None)
        {
            parameter = fault;
            return problem;
        }

        if (!TryParsePort(uamPortText, out var uamPort))
        {
            parameter = "uamport";
            return UamQueryProblem.Invalid;
        }

        byte[]? challenge = null;
        var challengeText = Get("challenge");
        if (!string.IsNullOrEmpty(challengeText))
        {
            if (challengeText.Length != UamCrypto.ChallengeLength * 2 || !challengeText.All(char.IsAsciiHexDigit))
            {
                parameter = "challenge";
                return UamQueryProblem.Invalid;
            }

            challenge = Convert.FromHexString(challengeText);
        }
        else if (result == UamResult.NotYet)
        {
            parameter = "challenge";
            return UamQueryProblem.Missing;
        }

        MacAddress? mac = null;
        var macText = Get("mac");
        if (!string.IsNullOrEmpty(macText))
        {
            if (!MacAddress.TryParse(macText, out mac))
            {
                parameter = "mac";
                return UamQueryProblem.Invalid;
            }
        }

        IPAddress? clientIp = null;
        var ipText = Get("ip");
        if (!string.IsNullOrEmpty(ipText) && !TryParseIpLiteral(ipText, out clientIp))
        {
            parameter = "ip";
            return UamQueryProblem.Invalid;
        }

        foreach (var key in (string[])["called", "nasid", "sessionid", "reply"])
        {
            var text = Get(key);
            if (text is not null && (text.Length > MaxTextLength || text.Any(char.IsControl)))
            {
                parameter = key;
                return UamQueryProblem.Invalid;
            }
        }

        var userUrlText = Get("userurl");
        var userUrlGiven = !string.IsNullOrEmpty(userUrlText);
        SafeRedirect.TryGetUserUrl(userUrlText, out var userUrl);

        query = new UamQuery
        {
            Result = result.Value,
            UamIp = uamIp,
            UamPort = uamPort,
            Challenge = challenge,
            Mac = mac,
            ClientIp = clientIp,
            Called = NullIfEmpty(Get("called")),
            NasId = NullIfEmpty(Get("nasid")),
            SessionId = NullIfEmpty(Get("sessionid")),
            Reply = NullIfEmpty(Get("reply")),
            UserUrl = userUrl,
            UserUrlRejected = userUrlGiven && userUrl is null,
        };
        return UamQueryProblem.None;

        UamQueryProblem Required(string key, out string text)
        {
            text = Get(key) ?? "";
            if (text.Length == 0)
            {
                fault = key;
                return UamQueryProblem.Missing;
            }

            return UamQueryProblem.None;
        }
    }

    /// <summary>
    /// Parses an IP literal strictly: dotted-quad IPv4 in its canonical form (no <c>010.1.1.1</c>, <c>0x7f.1</c>,
    /// <c>2130706433</c>), or IPv6 without a zone.
    /// </summary>
    public static bool TryParseIpLiteral(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(text) || text.Length > 45 || text.Contains('%', StringComparison.Ordinal))
        {
            return false;
        }

        if (!IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        if (parsed.AddressFamily == AddressFamily.InterNetwork)
        {
            if (!string.Equals(parsed.ToString(), text, StringComparison.Ordinal))
            {
                return false;
            }
        }
        else if (parsed.AddressFamily != AddressFamily.InterNetworkV6 || !text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.'))
        {
            return false;
        }

        address = parsed;
        return true;
    }

    /// <summary>Parses a port: 1 to 5 ASCII digits, 1 to 65535.</summary>
    public static bool TryParsePort(string? text, out int port)
    {
        port = 0;
        return !string.IsNullOrEmpty(text) && text.Length <= 5 && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;
    }

    private static bool IsUsableUnicast(IPAddress address) =>
        !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.Broadcast) && !address.Equals(IPAddress.IPv6Any)
        && !address.IsIPv6Multicast && !(address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] >= 224);

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
