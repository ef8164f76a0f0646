using System.Globalization;
using System.Text;

namespace Alpi.HotspotController.Cli;

/// <summary>
/// How many columns a terminal gives a text, for the CLI's tables: one per user-perceived character (text element,
/// UAX #29), so that a letter and its combining accent (NFD <c>e</c> + U+0301) take one column; two for a character of
/// East Asian Width W or F (UAX #11: CJK ideographs, kana, Hangul syllables, fullwidth forms) or an emoji, as terminals
/// draw them. The wide ranges are the main blocks, not the whole of EastAsianWidth.txt: a rare wide symbol outside them
/// shifts its row by one column, nothing more.
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

    private static int OfElement(string element)
    {
        var first = Rune.GetRuneAt(element, 0).Value;
        return IsWide(first) || element.Contains('\uFE0F', StringComparison.Ordinal) ? 2 : 1;
    }

    private static bool IsWide(int codePoint) => codePoint switch
    {
        >= 0x1100 and <= 0x115F => true, // Hangul Jamo initial consonants
        >= 0x2E80 and <= 0x303E => true, // CJK radicals, symbols and punctuation
        >= 0x3041 and <= 0x33FF => true, // kana, bopomofo, Hangul compatibility jamo, CJK compatibility
        >= 0x3400 and <= 0x4DBF => true, // CJK extension A
        >= 0x4E00 and <= 0x9FFF => true, // CJK unified ideographs
        >= 0xA000 and <= 0xA4CF => true, // Yi
        >= 0xAC00 and <= 0xD7A3 => true, // Hangul syllables
        >= 0xF900 and <= 0xFAFF => true, // CJK compatibility ideographs
        >= 0xFE30 and <= 0xFE4F => true, // CJK compatibility forms
        >= 0xFF00 and <= 0xFF60 => true, // fullwidth forms
        >= 0xFFE0 and <= 0xFFE6 => true, // fullwidth signs
        >= 0x1F300 and <= 0x1F64F => true, // pictographs and emoticons
        >= 0x1F900 and <= 0x1F9FF => true, // supplemental pictographs
        >= 0x20000 and <= 0x3FFFD => true, // CJK extensions B and beyond
        _ => false,
    };
}
