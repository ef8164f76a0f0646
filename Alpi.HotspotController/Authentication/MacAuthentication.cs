using Alpi.HotspotController.Devices;

namespace Alpi.HotspotController.Authentication;

/// <summary>
/// The MAC-authentication rules, after CoovaChilli (<c>macauth</c>): the terminal sends the device's MAC as User-Name
/// (<c>AA-BB-CC-DD-EE-FF</c>, plus <c>macsuffix</c> when configured) and, as User-Password, its <c>macpasswd</c> or, when
/// none is configured, the User-Name itself. Other NAS send the MAC in another spelling, an empty password, or
/// Service-Type Call-Check with the MAC in Calling-Station-Id (RFC 3580 §3.21).
/// </summary>
public static class MacAuthentication
{
    /// <summary>
    /// Decides whether a request is a MAC authentication and of which device: the User-Name, once
    /// <paramref name="macSuffix"/> is removed, is a MAC in any spelling; or there is no User-Name, or Service-Type is
    /// Call-Check, and the Calling-Station-Id is a MAC.
    /// </summary>
    /// <param name="credentials">The request's credentials.</param>
    /// <param name="macSuffix">The suffix terminals append to the MAC (CoovaChilli <c>macsuffix</c>), or empty.</param>
    /// <param name="mac">The device's MAC.</param>
    /// <returns>True for a MAC authentication.</returns>
    public static bool TryGetDevice(AccessRequestCredentials credentials, string macSuffix, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MacAddress? mac)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var userName = credentials.UserName?.Trim();
        if (!string.IsNullOrEmpty(userName))
        {
            if (!string.IsNullOrEmpty(macSuffix) && userName.Length > macSuffix.Length && userName.EndsWith(macSuffix, StringComparison.OrdinalIgnoreCase))
            {
                userName = userName[..^macSuffix.Length];
            }

            if (MacAddress.TryParse(userName, out mac))
            {
                return true;
            }
        }

        mac = credentials.CallingStationMac;
        return mac is not null && (string.IsNullOrEmpty(userName) || credentials.ServiceType == AccessRequestCredentials.ServiceTypeCallCheck);
    }

    /// <summary>
    /// Decides whether the device of a MAC authentication is the one calling. CoovaChilli, hostapd and the other NAS put
    /// the client's own MAC both in User-Name and in Calling-Station-Id (RFC 2865 §5.31, RFC 3580 §3.21); a User-Name
    /// naming another MAC is a terminal, or a client, claiming a device it is not, which would log it on as that
    /// device's account (and record that account in the legal connection log).
    /// </summary>
    /// <param name="credentials">The request's credentials.</param>
    /// <param name="mac">The device's MAC from <see cref="TryGetDevice"/>.</param>
    /// <returns>
    /// False when the Calling-Station-Id is a MAC (in any spelling) other than <paramref name="mac"/>; true when it is the
    /// same MAC, and when it is absent or not a MAC (a NAS that does not send it: nothing to compare, the User-Name is trusted).
    /// </returns>
    public static bool IsCallingStation(AccessRequestCredentials credentials, MacAddress mac)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return credentials.CallingStationMac is not { } calling || calling == mac;
    }

    /// <summary>
    /// Checks the password of a MAC authentication. With a configured <paramref name="macPassword"/>, the User-Password
    /// (or the CHAP-Password) must be exactly it. Without, it must be empty or absent, the User-Name as sent, or the
    /// same MAC in any spelling (for CHAP: the User-Name as sent, the canonical MAC or empty).
    /// </summary>
    /// <param name="credentials">The request's credentials.</param>
    /// <param name="mac">The device's MAC from <see cref="TryGetDevice"/>.</param>
    /// <param name="macPassword">The terminal's MAC password, or empty.</param>
    public static bool IsPasswordAccepted(AccessRequestCredentials credentials, MacAddress mac, string macPassword)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var userName = credentials.UserName ?? "";
        if (!string.IsNullOrEmpty(macPassword))
        {
            return credentials.ChapPassword is not null ? credentials.ChapMatches(macPassword) : credentials.PasswordEquals(macPassword);
        }

        if (credentials.ChapPassword is not null)
        {
            return credentials.ChapMatches(userName) || credentials.ChapMatches(mac.Value) || credentials.ChapMatches("");
        }

        var password = credentials.PasswordText;
        return string.IsNullOrEmpty(password)
            || credentials.PasswordEquals(userName)
            || (MacAddress.TryParse(password, out var other) && other.Value == mac);
    }
}
