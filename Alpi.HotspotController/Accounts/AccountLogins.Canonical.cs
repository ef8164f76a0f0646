using System.Buffers;
using System.Text;
using ADRaffy.ENSNormalize;

namespace Alpi.HotspotController.Accounts;

/// <summary>The canonical form of a login, under which two spellings of the same login are one account.</summary>
public static partial class AccountLogins
{
    /// <summary>
    /// The canonical form of <paramref name="login"/>: what an account's login is stored as, and what every look-up
    /// (RADIUS User-Name, portal, CLI, admin API) compares, so that any spelling of a login finds its account. It is the
    /// mapping part of the PRECIS UsernameCaseMapped profile (RFC 8265 §3.3.2 rules 1, 3 and 4, in that order), after
    /// trimming leading and trailing white space as the stores do:
    /// <list type="number">
    /// <item>width mapping: fullwidth and halfwidth characters become their ordinary forms (<c>ｊ</c> U+FF4A → <c>j</c>,
    /// <c>ｶ</c> U+FF76 → <c>カ</c> U+30AB), by their &lt;wide&gt; and &lt;narrow&gt; decompositions (UAX #11);</item>
    /// <item>case mapping: Unicode <c>toLowerCase()</c>, without language or context rules (<c>É</c> → <c>é</c>,
    /// <c>Σ</c> → <c>σ</c>, <c>İ</c> U+0130 → <c>i</c> U+0069 + U+0307 as SpecialCasing.txt says);</item>
    /// <item>normalisation: NFC (<c>e</c> + U+0301 → <c>é</c> U+00E9), so that a phone typing or pasting the
    /// decomposed form finds the account made from one that composes.</item>
    /// </list>
    /// What it does not do: the PRECIS IdentifierClass check (it would refuse symbols and emoji that existing logins may
    /// hold; <see cref="Error"/> keeps its own, narrower refusals) and the Bidi Rule (RFC 5893). Idempotent: the canonical
    /// form of a canonical form is itself. NFC comes from ADRaffy.ENSNormalize (pure managed code, Unicode 17 data):
    /// the controller runs with invariant globalisation, where <see cref="string.Normalize()"/> leaves non-ASCII text
    /// unchanged. A string that is not well-formed UTF-16 (a lone surrogate, which <see cref="Error"/> refuses) is
    /// returned trimmed and otherwise unchanged.
    /// </summary>
    /// <param name="login">A login as typed, pasted or sent as the RADIUS User-Name.</param>
    /// <returns>The canonical form, possibly empty.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="login"/> is null.</exception>
    public static string Canonical(string login)
    {
        ArgumentNullException.ThrowIfNull(login);
        var trimmed = login.Trim();
        if (Ascii.IsValid(trimmed))
        {
            // The usual case, without allocation when already lower case: ASCII has no width forms and is NFC.
            return trimmed.AsSpan().ContainsAnyInRange('A', 'Z') ? trimmed.ToLowerInvariant() : trimmed;
        }

        var mapped = new StringBuilder(trimmed.Length);
        var rest = trimmed.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done)
            {
                return trimmed;
            }

            rest = rest[consumed..];
            var narrow = WidthMapped(rune);
            if (narrow.Value == 0x0130)
            {
                // The one unconditional full lower-case mapping that differs from the simple one (SpecialCasing.txt).
                mapped.Append("i\u0307");
                continue;
            }

            mapped.Append(Rune.ToLowerInvariant(narrow).ToString());
        }

        return ENSNormalize.NF.NFC(mapped.ToString());
    }

    /// <summary>
    /// True when <paramref name="left"/> and <paramref name="right"/> are the same login (<see cref="Canonical"/> forms
    /// equal); false when either is null.
    /// </summary>
    public static bool Same(string? left, string? right) =>
        left is not null && right is not null && string.Equals(Canonical(left), Canonical(right), StringComparison.Ordinal);

    /// <summary>
    /// The &lt;wide&gt; or &lt;narrow&gt; decomposition of <paramref name="rune"/> (RFC 8265 §3.3.2 rule 1, UAX #11),
    /// or the rune itself: U+3000 (ideographic space) and the Halfwidth and Fullwidth Forms block U+FF01–U+FFEE, each
    /// to one code point of the Basic Multilingual Plane (<see cref="WidthForms"/>).
    /// </summary>
    internal static Rune WidthMapped(Rune rune) => rune.Value switch
    {
        0x3000 => new Rune(' '),
        >= 0xFF00 and < 0xFF00 + WidthFormsLength when WidthForms[rune.Value - 0xFF00] is not '\0' and var narrow => new Rune(narrow),
        _ => rune,
    };

    private const int WidthFormsLength = 0xFFEF - 0xFF00;

    /// <summary>
    /// The decomposition of U+FF00 + i, or U+0000 where it has none of type &lt;wide&gt; or &lt;narrow&gt;: from
    /// UnicodeData.txt (Unicode 14, unchanged since 3.2 in this block). Not NFKC, which goes a step further for some:
    /// U+FFE3 → U+00AF → space and macron; halfwidth Hangul U+FFA1 → U+3131 → conjoining jamo U+1100.
    /// </summary>
    private const string WidthForms =
        "\u0000\u0021\u0022\u0023\u0024\u0025\u0026\u0027\u0028\u0029\u002A\u002B\u002C\u002D\u002E\u002F" // U+FF00
        + "\u0030\u0031\u0032\u0033\u0034\u0035\u0036\u0037\u0038\u0039\u003A\u003B\u003C\u003D\u003E\u003F" // U+FF10
        + "\u0040\u0041\u0042\u0043\u0044\u0045\u0046\u0047\u0048\u0049\u004A\u004B\u004C\u004D\u004E\u004F" // U+FF20
        + "\u0050\u0051\u0052\u0053\u0054\u0055\u0056\u0057\u0058\u0059\u005A\u005B\u005C\u005D\u005E\u005F" // U+FF30
        + "\u0060\u0061\u0062\u0063\u0064\u0065\u0066\u0067\u0068\u0069\u006A\u006B\u006C\u006D\u006E\u006F" // U+FF40
        + "\u0070\u0071\u0072\u0073\u0074\u0075\u0076\u0077\u0078\u0079\u007A\u007B\u007C\u007D\u007E\u2985" // U+FF50
        + "\u2986\u3002\u300C\u300D\u3001\u30FB\u30F2\u30A1\u30A3\u30A5\u30A7\u30A9\u30E3\u30E5\u30E7\u30C3" // U+FF60
        + "\u30FC\u30A2\u30A4\u30A6\u30A8\u30AA\u30AB\u30AD\u30AF\u30B1\u30B3\u30B5\u30B7\u30B9\u30BB\u30BD" // U+FF70
        + "\u30BF\u30C1\u30C4\u30C6\u30C8\u30CA\u30CB\u30CC\u30CD\u30CE\u30CF\u30D2\u30D5\u30D8\u30DB\u30DE" // U+FF80
        + "\u30DF\u30E0\u30E1\u30E2\u30E4\u30E6\u30E8\u30E9\u30EA\u30EB\u30EC\u30ED\u30EF\u30F3\u3099\u309A" // U+FF90
        + "\u3164\u3131\u3132\u3133\u3134\u3135\u3136\u3137\u3138\u3139\u313A\u313B\u313C\u313D\u313E\u313F" // U+FFA0
        + "\u3140\u3141\u3142\u3143\u3144\u3145\u3146\u3147\u3148\u3149\u314A\u314B\u314C\u314D\u314E\u0000" // U+FFB0
        + "\u0000\u0000\u314F\u3150\u3151\u3152\u3153\u3154\u0000\u0000\u3155\u3156\u3157\u3158\u3159\u315A" // U+FFC0
        + "\u0000\u0000\u315B\u315C\u315D\u315E\u315F\u3160\u0000\u0000\u3161\u3162\u3163\u0000\u0000\u0000" // U+FFD0
        + "\u00A2\u00A3\u00AC\u00AF\u00A6\u00A5\u20A9\u0000\u2502\u2190\u2191\u2192\u2193\u25A0\u25CB"; // U+FFE0
}
