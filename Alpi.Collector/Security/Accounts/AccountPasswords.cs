using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Identity;

namespace Alpi.Collector.Security.Accounts;

/// <summary>
/// Hashes and verifies account passwords with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (v3 format:
/// PBKDF2 with HMAC-SHA512, 128-bit salt, 100,000 iterations), as the hotspot controller does; and states the length
/// rule: 12 to 128 characters. Twelve characters even of lower-case letters alone give about 56 bits, above the 50 bits
/// the CNIL asks of a password when, as here, failed attempts lock the account (délibération n° 2022-100, case 2).
/// </summary>
public static class AccountPasswords
{
    /// <summary>Shortest password accepted, characters.</summary>
    public const int MinLength = 12;

    /// <summary>Longest password accepted, characters.</summary>
    public const int MaxLength = 128;

    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object User = new();

    /// <summary>
    /// A fixed hash verified when the account does not exist, so that a login answers in the same time whether or not
    /// the name is known.
    /// </summary>
    internal static string DummyHash { get; } = Hasher.HashPassword(User, "not a password of anyone");

    /// <summary>Why <paramref name="password"/> is refused for <paramref name="accountName"/>, or null when it is acceptable.</summary>
    public static string? Problem(string? password, string accountName) => Refusal(password, accountName)?.Sentence;

    /// <summary>
    /// Why <paramref name="password"/> is refused for <paramref name="accountName"/>, with its code
    /// (<see cref="RefusalCodes.AccountPasswordLength"/>, <see cref="RefusalCodes.AccountPasswordIsName"/>), or null.
    /// </summary>
    public static Refusal? Refusal(string? password, string accountName)
    {
        if (password is null || password.Length < MinLength || password.Length > MaxLength)
        {
            return Protocols.Json.Refusal.Of(RefusalCodes.AccountPasswordLength, $"a password has {MinLength} to {MaxLength} characters; this one has {password?.Length ?? 0}",
                ("min", MinLength), ("max", MaxLength), ("length", password?.Length ?? 0));
        }

        return string.Equals(password, accountName, StringComparison.OrdinalIgnoreCase)
            ? Protocols.Json.Refusal.Of(RefusalCodes.AccountPasswordIsName, "the password must not be the account's name")
            : null;
    }

    /// <summary>Hashes a password (already checked with <see cref="Problem"/>).</summary>
    /// <returns>The hash as base-64 text.</returns>
    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return Hasher.HashPassword(User, password);
    }

    /// <summary>Checks <paramref name="password"/> against <paramref name="hash"/>.</summary>
    /// <returns>Whether it matches, and whether the hash should be replaced by a fresh one (older format or fewer iterations); false for a malformed hash.</returns>
    public static (bool Matches, bool Rehash) Verify(string hash, string password)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(password);
        try
        {
            var result = Hasher.VerifyHashedPassword(User, hash, password);
            return (result != PasswordVerificationResult.Failed, result == PasswordVerificationResult.SuccessRehashNeeded);
        }
        catch (FormatException)
        {
            return (false, false);
        }
    }
}
