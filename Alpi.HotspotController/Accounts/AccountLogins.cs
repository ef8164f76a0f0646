using System.Buffers;
using System.Globalization;
using System.Text;

namespace Alpi.HotspotController.Accounts;

/// <summary>
/// The rules of a Wi-Fi account's login, checked on every path that creates one (the CLI's <c>users add</c>, the admin
/// API's <c>POST /api/admin/users</c>, the portal's registration, and <see cref="AccountStore.CreateAsync"/> below them):
/// the login is what the terminal sends as the RADIUS User-Name (RFC 2865 §5.1: at most 253 octets, UTF-8 text per
/// RFC 7542 §2.2), a field of the connection log, of the audit log and of the CLI's tables.
/// </summary>
public static partial class AccountLogins
{
    /// <summary>The longest login, in UTF-8 octets: what a RADIUS User-Name attribute holds (RFC 2865 §5.1, 255 less its 2-octet header).</summary>
    public const int MaxOctets = 253;

    /// <summary>
    /// Why <paramref name="login"/> (leading and trailing white space ignored, as the stores trim it) cannot be a Wi-Fi
    /// login, or null: it must be 1 to <see cref="MaxOctets"/> octets in UTF-8, without control characters (line breaks,
    /// tabs, DEL, C1), invisible format characters (zero-width spaces, bidirectional overrides, soft hyphens), spaces or
    /// other separators, private-use or unassigned code points, or a lone half of a surrogate pair (not text: UTF-8
    /// cannot carry it). The character at fault is named by its code point, so that an invisible one is seen.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="login"/> is null.</exception>
    public static string? Error(string login)
    {
        ArgumentNullException.ThrowIfNull(login);
        var trimmed = login.Trim();
        if (trimmed.Length == 0)
        {
            return $"login: 1 to {MaxOctets} octets in UTF-8 are needed (an e-mail address such as alice@example.org)";
        }

        if (FindRefusedCharacter(trimmed) is { } refused)
        {
            return refused.Kind == RefusedCharacterKind.LoneSurrogate
                ? $"login: {refused} is not text and is not allowed"
                : $"login: {refused} is not allowed; a login is sent by the terminal as the RADIUS User-Name (e.g. alice@example.org)";
        }

        var octets = Encoding.UTF8.GetByteCount(trimmed);
        return octets > MaxOctets
            ? $"login: at most {MaxOctets} octets in UTF-8 (a RADIUS User-Name holds no more, RFC 2865 §5.1); this one has {octets}"
            : null;
    }

    /// <summary>
    /// The first character of <paramref name="text"/> that a login may not hold (see <see cref="Error"/>), with its code
    /// point, or null when there is none: for a caller that words the refusal itself (the portal, in French or English).
    /// </summary>
    /// <param name="text">A login or an e-mail address, as typed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static RefusedCharacter? FindRefusedCharacter(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done)
            {
                return new RefusedCharacter(RefusedCharacterKind.LoneSurrogate, rest[0]);
            }

            if (Refused(rune) is { } kind)
            {
                return new RefusedCharacter(kind, rune.Value);
            }

            rest = rest[consumed..];
        }

        return null;
    }

    /// <summary>What <paramref name="rune"/> is when a login may not hold it; null when it may.</summary>
    private static RefusedCharacterKind? Refused(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control => RefusedCharacterKind.Control,
        UnicodeCategory.Format => RefusedCharacterKind.Format,
        UnicodeCategory.SpaceSeparator => RefusedCharacterKind.Space,
        UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => RefusedCharacterKind.LineSeparator,
        UnicodeCategory.PrivateUse => RefusedCharacterKind.PrivateUse,
        UnicodeCategory.OtherNotAssigned => RefusedCharacterKind.Unassigned,
        _ => null,
    };
}
