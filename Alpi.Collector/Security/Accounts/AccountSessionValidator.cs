using System.Collections.Concurrent;

namespace Alpi.Collector.Security.Accounts;

/// <summary>
/// Decides whether a session cookie still stands for a current account: the account exists, is enabled, has the cookie's role
/// and the cookie's security stamp (a new password or role changes the stamp, as in ASP.NET Core Identity's
/// <c>SecurityStampValidator</c>). The answer from the database is kept <see cref="CheckInterval"/> per account, so that
/// a dashboard refreshing every second does not read the database each time; changes made by this process take effect
/// at once (<see cref="Forget"/>), those of the CLI within the interval.
/// </summary>
public sealed class AccountSessionValidator(AccountStore accounts, TimeProvider time)
{
    /// <summary>How long an account's stamp and role are trusted before being read again.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (Account? Account, DateTimeOffset ReadAt)> _cache = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="name"/> exists with <paramref name="role"/> and <paramref name="stamp"/>.</summary>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The account could not be read.</exception>
    public async Task<bool> IsCurrentAsync(string name, string role, string stamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var now = time.GetUtcNow();
        if (!_cache.TryGetValue(name, out var cached) || now - cached.ReadAt >= CheckInterval || now < cached.ReadAt)
        {
            cached = (await accounts.FindAsync(name, cancellationToken), now);
            _cache[name] = cached;
        }

        return cached.Account is { Disabled: false } account && account.Role == role && account.SecurityStamp == stamp;
    }

    /// <summary>Drops what is known of <paramref name="name"/>, so that its sessions are checked against the database at their next request.</summary>
    public void Forget(string name) => _cache.TryRemove(name, out _);
}
