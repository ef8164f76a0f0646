namespace Alpi.HotspotController.Accounts;

/// <summary>An issued logon token (<see cref="LogonTokenStore"/>).</summary>
/// <param name="Token">The secret: <see cref="LogonTokenStore.TokenLength"/> lower-case hexadecimal digits.</param>
/// <param name="ExpiresUnixMs">End of validity, Unix milliseconds (exclusive).</param>
/// <param name="Mac">
/// The device the portal issued it for (canonical <see cref="Devices.MacAddress"/>, from the terminal's <c>mac</c>), or
/// null when the portal saw none: the token is then good from that device's Calling-Station-Id only.
/// </param>
public sealed record LogonToken(string Token, long ExpiresUnixMs, string? Mac = null)
{
    /// <summary>
    /// True when the token may be used from <paramref name="callingStation"/> (the Access-Request's Calling-Station-Id,
    /// RFC 2865 §5.31, read as a MAC in any spelling <see cref="Devices.MacAddress.TryParse"/> takes): always for a token
    /// issued without a MAC; else only from that same MAC, so that a token copied to another device is refused.
    /// </summary>
    public bool IsForDevice(Devices.MacAddress? callingStation) =>
        Mac is null || (callingStation is { } mac && Devices.MacAddress.TryParse(Mac, out var bound) && bound.Value == mac);

    /// <summary>True while the token may be used: <paramref name="now"/> is before <see cref="ExpiresUnixMs"/>.</summary>
    public bool IsValidAt(DateTimeOffset now) => ExpiresUnixMs > now.ToUnixTimeMilliseconds();
}
