using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;

namespace Alpi.HotspotController.Accounts;

/// <summary>
/// Remembers, for a few minutes, that a password matched an account's hash, so that the terminals' repeated PAP
/// Access-Requests for the same citizen (re-authentication at each Session-Timeout, roaming between terminals) cost an
/// HMAC instead of the 100,000 PBKDF2 iterations of <see cref="AccountPasswords.Verify"/> — the same trade-off as
/// FreeRADIUS's <c>cache</c> module in front of a slow back-end. What is kept is HMAC-SHA-256 under a random key drawn
/// when the process starts (never written anywhere) over the stored hash and the password: it cannot be reversed or
/// used outside this process, and a password change (new hash) no longer matches. Failures are never cached. Bounded
/// to <see cref="Capacity"/> entries, each for <see cref="Lifetime"/>.
/// </summary>
public sealed class VerifiedPasswordCache : IDisposable
{
    /// <summary>How long a verified password is remembered.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>Most accounts remembered at once.</summary>
    public const int Capacity = 100_000;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly MemoryCache _cache;

    /// <summary>Creates an empty cache whose entries expire by <paramref name="timeProvider"/>'s clock.</summary>
    public VerifiedPasswordCache(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Capacity, Clock = new TimeProviderClock(timeProvider) });
    }

    /// <summary>
    /// True when <paramref name="password"/> matches <paramref name="account"/>'s hash: from the cache when it was
    /// verified in the last <see cref="Lifetime"/>, else by <see cref="AccountPasswords.Verify"/> (and then cached).
    /// </summary>
    public bool Verify(Account account, string password)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(password);
        var digest = Digest(account.PasswordHash, password);
        if (_cache.TryGetValue(account.Id, out byte[]? known) && CryptographicOperations.FixedTimeEquals(known, digest))
        {
            return true;
        }

        if (!AccountPasswords.Verify(account.PasswordHash, password))
        {
            return false;
        }

        _cache.Set(account.Id, digest, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        return true;
    }

    /// <summary>Releases the cache.</summary>
    public void Dispose() => _cache.Dispose();

    private byte[] Digest(string passwordHash, string password) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(passwordHash + "\0" + password));

    private sealed class TimeProviderClock(TimeProvider timeProvider) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => timeProvider.GetUtcNow();
    }
}
