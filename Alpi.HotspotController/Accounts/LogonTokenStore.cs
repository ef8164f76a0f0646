using System.Security.Cryptography;
using Alpi.HotspotController.Storage;
using Dapper;

namespace Alpi.HotspotController.Accounts;

/// <summary>
/// One-time logon tokens. When a citizen logs in or registers on the portal, the portal checks the password against
/// its hash and issues a token; the browser is sent to the terminal's <c>/logon</c> with a CHAP response computed
/// from that token (CoovaChilli UAM), and the terminal's Access-Request is verified against it. CHAP needs the
/// secret in clear on the server (RFC 1994 §4.1): the token, short-lived and single-use, is that secret, so account
/// passwords themselves are only ever stored hashed.
/// </summary>
public sealed class LogonTokenStore(HotspotDatabase database)
{
    /// <summary>Length of a token, characters: 96 random bits as hexadecimal.</summary>
    public const int TokenLength = 24;

    /// <summary>Issues a token for <paramref name="login"/>, valid for <paramref name="lifetime"/>; expired tokens are removed on the way.</summary>
    /// <param name="mac">The device the portal saw (canonical MAC), or null.</param>
    /// <returns>The token: <see cref="TokenLength"/> lower-case hexadecimal digits.</returns>
    public async Task<string> IssueAsync(string login, string? mac, DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(login);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(TokenLength / 2));
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            DELETE FROM logon_tokens WHERE expires_unix_ms <= @now;
            INSERT INTO logon_tokens (login, token, mac, expires_unix_ms) VALUES (@login, @token, @mac, @expires);
            """, new { login, token, mac, now = now.ToUnixTimeMilliseconds(), expires = (now + lifetime).ToUnixTimeMilliseconds() });
        return token;
    }

    /// <summary>The unexpired tokens of <paramref name="login"/> at <paramref name="now"/> (usually zero or one), with their expiry and device.</summary>
    /// <exception cref="System.Data.Common.DbException">The database cannot be read.</exception>
    public async Task<IReadOnlyList<LogonToken>> ListValidAsync(string login, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<LogonToken>("SELECT token AS Token, expires_unix_ms AS ExpiresUnixMs, mac AS Mac FROM logon_tokens WHERE login = @login AND expires_unix_ms > @now",
            new { login, now = now.ToUnixTimeMilliseconds() })).AsList();
    }

    /// <summary>Removes a token once it was used.</summary>
    /// <returns>False when it was already gone (used by a concurrent request).</returns>
    public async Task<bool> ConsumeAsync(string login, string token, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("DELETE FROM logon_tokens WHERE login = @login AND token = @token", new { login, token }) == 1;
    }
}
