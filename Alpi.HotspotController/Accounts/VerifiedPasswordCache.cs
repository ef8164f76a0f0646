using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

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

    // One HMAC-SHA-256 context per thread, keyed with the key of the cache that last used it on that thread: a managed
    // HMAC reset after each use, where a one-shot HMACSHA256.HashData looked OpenSSL's algorithms up on every request.
    [ThreadStatic]
    private static (byte[] Key, HMac Mac)? t_hmac;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly MemoryCache _cache;
    private long _hashVerifications;

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
        ArgumentNullException.ThrowIfNull(password);
        return Verify(account, Encoding.UTF8.GetBytes(password));
    }

    /// <summary>
    /// <see cref="Verify(Account, string)"/> for a password as the Access-Request carried it: UTF-8 octets (RFC 2865
    /// §5.2), decoded to text only when the cache does not know it.
    /// </summary>
    public bool Verify(Account account, ReadOnlySpan<byte> password)
    {
        ArgumentNullException.ThrowIfNull(account);
        Span<byte> digest = stackalloc byte[DigestLength];
        Digest(account.PasswordHash, password, digest);
        if (_cache.TryGetValue(account.Id, out byte[]? known) && CryptographicOperations.FixedTimeEquals(known, digest))
        {
            return true;
        }

        Interlocked.Increment(ref _hashVerifications);
        if (!AccountPasswords.Verify(account.PasswordHash, Encoding.UTF8.GetString(password)))
        {
            return false;
        }

        _cache.Set(account.Id, digest.ToArray(), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        return true;
    }

    /// <summary>How many verifications the cache did not answer (each one a full <see cref="AccountPasswords.Verify"/>).</summary>
    internal long HashVerifications => Interlocked.Read(ref _hashVerifications);

    /// <summary>Releases the cache.</summary>
    public void Dispose() => _cache.Dispose();

    private const int DigestLength = 32;

    /// <summary>
    /// HMAC-SHA-256 under the process's key over the hash's UTF-16 code units, a U+0000 (two zero octets: a hash never
    /// holds one, so the split between hash and password is unambiguous) and the password's octets.
    /// </summary>
    private void Digest(string passwordHash, ReadOnlySpan<byte> password, Span<byte> destination)
    {
        var mac = Mac();
        mac.BlockUpdate(MemoryMarshal.AsBytes(passwordHash.AsSpan()));
        mac.Update(0);
        mac.Update(0);
        mac.BlockUpdate(password);
        mac.DoFinal(destination);
    }

    private HMac Mac()
    {
        if (t_hmac is { } kept && ReferenceEquals(kept.Key, _key))
        {
            return kept.Mac;
        }

        var mac = new HMac(new Sha256Digest());
        mac.Init(new KeyParameter(_key));
        t_hmac = (_key, mac);
        return mac;
    }

    private sealed class TimeProviderClock(TimeProvider timeProvider) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => timeProvider.GetUtcNow();
    }
}
