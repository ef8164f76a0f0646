using Microsoft.AspNetCore.Http;

namespace Alpi.HotspotController.Portal;

/// <summary>
/// Checks the <c>md</c> parameter of a landing URL. CoovaChilli (<c>src/redir.c</c>, <c>redir_md_param</c>) builds
/// the URL as <c>uamserver</c> + (<c>?</c> or <c>&amp;</c>) + <c>res=…&amp;uamip=…</c>…, then appends
/// <c>&amp;md=</c> + MD5(URL + uamsecret) in upper-case hex. The signature therefore covers the portal's own URL
/// (scheme, host, port, path) and every parameter in the order and encoding the terminal wrote, and <c>md</c> is last:
/// anything appended after it is tampering.
/// </summary>
public static class UamSignature
{
    private const string Marker = "&md=";
    private const int HexLength = 32;

    /// <summary>Verifies <paramref name="rawQuery"/> against each candidate URL base in turn.</summary>
    /// <param name="rawQuery">The query as received, percent-encoding untouched, with or without the leading <c>?</c>.</param>
    /// <param name="urlBases">The portal URL as the terminal may have written it, up to and without the <c>?</c>
    /// (<c>http://portal.example/</c>); see <see cref="CandidateBases"/>.</param>
    /// <param name="uamSecret">The UAM secret; not empty.</param>
    /// <returns>True when <c>md</c> is last and matches one base.</returns>
    public static bool Verify(string rawQuery, IEnumerable<string> urlBases, string uamSecret)
    {
        ArgumentNullException.ThrowIfNull(rawQuery);
        ArgumentNullException.ThrowIfNull(urlBases);
        ArgumentException.ThrowIfNullOrEmpty(uamSecret);
        if (rawQuery.StartsWith('?'))
        {
            rawQuery = rawQuery[1..];
        }

        var at = rawQuery.Length - HexLength - Marker.Length;
        if (at < 0 || !rawQuery.AsSpan(at, Marker.Length).SequenceEqual(Marker))
        {
            return false;
        }

        var md = rawQuery[(at + Marker.Length)..];
        var signed = rawQuery[..at];

        // CoovaChilli writes its percent-escapes in lower case (redir_urlencode: "%.2x"); some HTTP clients and
        // proxies rewrite them in upper case on the way (.NET's Uri does for some characters). Both spellings are tried.
        var lowered = LowerEscapes(signed);
        foreach (var urlBase in urlBases)
        {
            if (UamCrypto.VerifyUrlSignature(urlBase + "?" + signed, md, uamSecret)
                || (!ReferenceEquals(lowered, signed) && UamCrypto.VerifyUrlSignature(urlBase + "?" + lowered, md, uamSecret)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The text with every <c>%XX</c> escape's hex digits in lower case; the same instance when there is none to change.</summary>
    private static string LowerEscapes(string text)
    {
        char[]? chars = null;
        for (var i = 0; i + 2 < text.Length; i++)
        {
            if (text[i] == '%' && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2])
                && (char.IsAsciiLetterUpper(text[i + 1]) || char.IsAsciiLetterUpper(text[i + 2])))
            {
                chars ??= text.ToCharArray();
                chars[i + 1] = char.ToLowerInvariant(text[i + 1]);
                chars[i + 2] = char.ToLowerInvariant(text[i + 2]);
            }
        }

        return chars is null ? text : new string(chars);
    }

    /// <summary>
    /// The spellings of this portal's URL a terminal's <c>uamserver</c> may hold for this request: the configured
    /// <see cref="PortalOptions.PublicUrl"/> origin (or else the request's scheme and <c>Host</c>) with the request path,
    /// with and without an explicit default port, and for the root path also without the trailing slash.
    /// </summary>
    public static IReadOnlyList<string> CandidateBases(HttpRequest request, PortalOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        string scheme, host;
        if (Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var publicUrl))
        {
            // As written in uamserver: the scheme and authority exactly as configured.
            scheme = publicUrl.Scheme;
            var origin = options.PublicUrl.Trim().TrimEnd('/');
            host = origin[(origin.IndexOf("://", StringComparison.Ordinal) + 3)..];
        }
        else
        {
            scheme = request.Scheme;
            host = request.Host.Value ?? "";
        }

        var path = (request.PathBase + request.Path).ToUriComponent();
        if (path.Length == 0)
        {
            path = "/";
        }

        var hosts = new List<string> { host };
        var defaultPort = scheme == "https" ? 443 : 80;
        if (host.EndsWith($":{defaultPort}", StringComparison.Ordinal))
        {
            hosts.Add(host[..^($"{defaultPort}".Length + 1)]);
        }
        else if (!host.EndsWith(']') && !host.Contains(':', StringComparison.Ordinal))
        {
            hosts.Add($"{host}:{defaultPort}");
        }

        var bases = new List<string>();
        foreach (var h in hosts)
        {
            bases.Add($"{scheme}://{h}{path}");
            if (path == "/")
            {
                bases.Add($"{scheme}://{h}");
            }
        }

        return bases;
    }
}
