using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Alpi.HotspotController.Portal;

/// <summary>
/// The portal's rules for every URL it links or redirects to, so that it can never be used as an open redirect:
/// <list type="bullet">
/// <item>a user URL (<c>userurl</c>, the page the citizen first asked for) must be an absolute <c>http</c> or
/// <c>https</c> URL with a host, no user-info, no white space or control characters, at most
/// <see cref="MaxUserUrlLength"/> characters; it is only ever shown as a link or handed back to the terminal;</item>
/// <item>the only cross-site redirect the portal issues is to the terminal's own <c>/logon</c>, built from an IP
/// literal and a port (<see cref="BuildLogonUrl"/>);</item>
/// <item>internal redirects (language switch) go to a local path only (<see cref="IsLocalPath"/>).</item>
/// </list>
/// </summary>
public static class SafeRedirect
{
    /// <summary>The longest user URL kept, characters.</summary>
    public const int MaxUserUrlLength = 2048;

    /// <summary>Validates a user URL.</summary>
    /// <param name="text">The decoded <c>userurl</c> value, or null.</param>
    /// <param name="url">The URL in its normalised absolute form when valid.</param>
    /// <returns>False, without throwing, for anything but an absolute http(s) URL as described above.</returns>
    public static bool TryGetUserUrl(string? text, [NotNullWhen(true)] out Uri? url)
    {
        url = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxUserUrlLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            // Uri silently drops tabs and new lines and trims spaces; a backslash is read as a slash by browsers.
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\')
            {
                return false;
            }
        }

        if (!text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed)
            || parsed.Scheme is not ("http" or "https")
            || string.IsNullOrEmpty(parsed.Host)
            || parsed.UserInfo.Length > 0)
        {
            return false;
        }

        url = parsed;
        return true;
    }

    /// <summary>
    /// True when <paramref name="path"/> is a path on this site: starts with one <c>/</c>, not <c>//</c> or <c>/\</c>
    /// (which browsers read as another host), printable ASCII only (no space, control or backslash), at most 2048 characters.
    /// </summary>
    public static bool IsLocalPath([NotNullWhen(true)] string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > 2048 || path[0] != '/')
        {
            return false;
        }

        if (path.Length > 1 && (path[1] == '/' || path[1] == '\\'))
        {
            return false;
        }

        foreach (var c in path)
        {
            // Printable ASCII only: it goes into a Location header as it is (a path is sent percent-encoded anyway).
            if (c is < '!' or > '~' || c == '\\')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The terminal's logon URL (CoovaChilli UAM): <c>http://uamip:uamport/logon?username=…&amp;response=…[&amp;userurl=…]</c>,
    /// each value percent-encoded; an IPv6 address is bracketed.
    /// </summary>
    /// <param name="uamIp">The terminal's UAM address (an IP literal, as validated by <see cref="UamQuery"/>).</param>
    /// <param name="uamPort">The terminal's UAM port, 1 to 65535.</param>
    /// <param name="username">The login.</param>
    /// <param name="response">The CHAP response, 32 hex digits.</param>
    /// <param name="userUrl">A user URL already validated by <see cref="TryGetUserUrl"/>, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The port is out of range.</exception>
    public static Uri BuildLogonUrl(IPAddress uamIp, int uamPort, string username, string response, Uri? userUrl)
    {
        ArgumentNullException.ThrowIfNull(uamIp);
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentOutOfRangeException.ThrowIfLessThan(uamPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(uamPort, 65535);
        var host = uamIp.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{uamIp}]" : uamIp.ToString();
        var query = $"username={Uri.EscapeDataString(username)}&response={Uri.EscapeDataString(response)}";
        if (userUrl is not null)
        {
            query += "&userurl=" + Uri.EscapeDataString(userUrl.AbsoluteUri);
        }

        return new Uri($"http://{host}:{uamPort}/logon?{query}", UriKind.Absolute);
    }
}
