using System.Diagnostics.CodeAnalysis;
using System.Globalization;
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

    /// <summary>Shortest password accepted, in user-perceived characters (<see cref="CountCharacters"/>).</summary>
    public const int MinLength = 8;

    /// <summary>Longest password accepted, octets in UTF-8 (RADIUS User-Password carries at most 128 octets, RFC 2865 §5.2); so also at most 128 characters.</summary>
    public const int MaxLength = 128;

    /// <summary>
    /// Null when <paramref name="password"/> can be set: at least <see cref="MinLength"/> characters as a person counts
    /// them (<see cref="CountCharacters"/>: an emoji, or a letter with its accent typed apart, is one) and at most
    /// <see cref="MaxLength"/> octets in UTF-8 — a PAP Access-Request carries no more (RFC 2865 §5.2), so a longer one
    /// (e.g. more than 64 accented letters) could never be used from a terminal; else what is wrong, in English.
    /// </summary>
    public static string? LengthError(string? password)
    {
        if (IsTooShort(password))
        {
            return $"password: at least {MinLength} characters are needed";
        }

        var octets = System.Text.Encoding.UTF8.GetByteCount(password);
        return octets > MaxLength
            ? $"password: at most {MaxLength} octets in UTF-8 (RADIUS PAP carries no more, RFC 2865 §5.2); this one has {octets}"
            : null;
    }

    /// <summary>True when <paramref name="password"/> is null or has fewer than <see cref="MinLength"/> characters (<see cref="CountCharacters"/>).</summary>
    public static bool IsTooShort([NotNullWhen(false)] string? password) => password is null || CountCharacters(password) < MinLength;

    /// <summary>
    /// The characters of <paramref name="password"/> as a person counts them: its text elements (extended grapheme
    /// clusters, UAX #29, <see cref="StringInfo"/>), not its UTF-16 code units — 👍 (a surrogate pair) is one, 👍🏽
    /// (with its skin tone) is one, <c>e</c> + U+0301 is one.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="password"/> is null.</exception>
    public static int CountCharacters(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return new StringInfo(password).LengthInTextElements;
    }

    /// <summary>Hashes a password.</summary>
    /// <returns>The hash as base-64 text.</returns>
    /// <exception cref="ArgumentException">The password fails <see cref="LengthError"/>: shorter than <see cref="MinLength"/> characters or longer than <see cref="MaxLength"/> octets.</exception>
    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (LengthError(password) is { } error)
        {
            throw new ArgumentException(error, nameof(password));
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
