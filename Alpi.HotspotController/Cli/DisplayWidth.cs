using System.Globalization;
using System.Text;
using Wcwidth;

namespace Alpi.HotspotController.Cli;

/// <summary>
/// How many columns a terminal gives a text, for the CLI's tables: per user-perceived character (text element,
/// UAX #29), the East Asian Width of its first code point as wcwidth reads it (the Wcwidth package, Unicode's
/// EastAsianWidth.txt: two for CJK, kana, Hangul syllables, fullwidth forms and emoji, none for a combining mark or an
/// invisible format character, one otherwise), and two for an element shown as emoji by U+FE0F (<c>❤️</c>). So a letter
/// and its combining accent (NFD <c>e</c> + U+0301) take one column. A control character counts none (the CLI never
/// writes one: logins refuse them).
/// </summary>
internal static class DisplayWidth
{
    /// <summary>The columns <paramref name="text"/> takes.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static int Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var width = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            width += OfElement(elements.GetTextElement());
        }

        return width;
    }

    /// <summary><paramref name="text"/> followed by spaces up to <paramref name="columns"/> columns (none when it is wider).</summary>
    public static string PadRight(string text, int columns) => text + new string(' ', Math.Max(0, columns - Of(text)));

    private static int OfElement(string element) =>
        element.Contains('\uFE0F', StringComparison.Ordinal)
            ? 2
            : Math.Max(0, UnicodeCalculator.GetWidth(Rune.GetRuneAt(element, 0)));
}
