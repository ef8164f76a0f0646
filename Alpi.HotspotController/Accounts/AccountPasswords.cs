using Microsoft.AspNetCore.Identity;

namespace Alpi.HotspotController.Accounts;

/// <summary>
/// Hashes and verifies account passwords with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>
/// (v3 format: PBKDF2 with HMAC-SHA512, 128-bit salt, 100,000 iterations). Passwords are never stored.
/// </summary>
public static class AccountPasswords
{
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object User = new();

    /// <summary>Shortest password accepted, characters.</summary>
    public const int MinLength = 8;

    /// <summary>Longest password accepted, characters (RADIUS User-Password carries at most 128 octets, RFC 2865 §5.2).</summary>
    public const int MaxLength = 128;

    /// <summary>Hashes a password.</summary>
    /// <returns>The hash as base-64 text.</returns>
    /// <exception cref="ArgumentException">The password is shorter than <see cref="MinLength"/> or longer than <see cref="MaxLength"/>.</exception>
    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length is < MinLength or > MaxLength)
        {
            throw new ArgumentException($"A password has {MinLength} to {MaxLength} characters; this one has {password.Length}.", nameof(password));
        }

        return Hasher.HashPassword(User, password);
    }

    /// <summary>True when <paramref name="password"/> matches <paramref name="hash"/>; false for a malformed hash.</summary>
    public static bool Verify(string hash, string password)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(password);
        try
        {
            return Hasher.VerifyHashedPassword(User, hash, password) != PasswordVerificationResult.Failed;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
