namespace Alpi.HotspotController.Accounts;

/// <summary>An issued logon token (<see cref="LogonTokenStore"/>).</summary>
/// <param name="Token">The secret: <see cref="LogonTokenStore.TokenLength"/> lower-case hexadecimal digits.</param>
/// <param name="ExpiresUnixMs">End of validity, Unix milliseconds (exclusive).</param>
public sealed record LogonToken(string Token, long ExpiresUnixMs)
{
    /// <summary>True while the token may be used: <paramref name="now"/> is before <see cref="ExpiresUnixMs"/>.</summary>
    public bool IsValidAt(DateTimeOffset now) => ExpiresUnixMs > now.ToUnixTimeMilliseconds();
}
