using System.Text;
using Alpi.Protocols.Json;

namespace Alpi.HotspotController.Nas;

/// <summary>
/// Refuses a new terminal's name that reads as another one, beyond the character rules of
/// <c>HotspotAdministration.NasNameError</c>: one that differs from an existing name only by case (<c>BORNE-1</c>), and
/// one whose letters mix scripts (<c>bоrne-1</c> with a Cyrillic <c>о</c>, U+043E, beside the existing <c>borne-1</c>):
/// a letter of another script drawn like a Latin one makes a name that reads as another, and a technician would manage,
/// search or disconnect the wrong terminal. The second is the mixed-script detection of Unicode Technical Standard #39
/// §5.1 ("single script" restriction level, §5.2), with its augmented script sets: Han with Hiragana and Katakana
/// (Japanese), Han with Hangul (Korean), Han with Bopomofo. Digits 0–9, '.', '-', '_' belong to no script (Common).
/// No confusable skeleton (UTS #39 §4) is computed: no maintained .NET package serves <c>confusables.txt</c>, and this
/// process runs with invariant globalisation (no ICU); so a name wholly in another script that reads as a Latin one
/// (all-Cyrillic <c>асе</c> beside <c>ace</c>) is not caught.
/// </summary>
/// <remarks>
/// .NET exposes no Unicode Script property: a letter's script is told by its block (Unicode 16 Blocks.txt), which
/// matches the Script property for the letters of these blocks. A letter of a block not listed counts as one other
/// script.
/// </remarks>
public static class NasNameLookAlikes
{
    /// <summary>
    /// Why <paramref name="name"/> cannot be a new terminal's name beside <paramref name="others"/>, or null. The problem's
    /// sentence starts with <c>name: </c>; a mixed-script name is named by its first letter of a minority script, with
    /// its code point and script. <see cref="NasNameProblem.LookAlike"/> is the other name it reads as, when there is
    /// one: equal but for case, or, for a mixed-script name, of as many characters and differing only at its letters of
    /// other scripts, case aside.
    /// </summary>
    /// <param name="name">The new name (already checked character by character).</param>
    /// <param name="others">The names of the other terminals (stored and configured).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static NasNameProblem? Find(string name, IEnumerable<string> others)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(others);
        var list = others.Where(o => o != name).ToList();
        if (list.FirstOrDefault(o => string.Equals(o, name, StringComparison.OrdinalIgnoreCase)) is { } twin)
        {
            return new(Refusal.Of(RefusalCodes.NasNameCase,
                $"name: {name} differs from the existing terminal {twin} only by case; change that one, or choose a name that reads differently", ("name", name), ("existing", twin)), twin);
        }

        var runes = name.EnumerateRunes().ToList();
        var scripts = runes.Select(ScriptOf).ToList();
        var used = scripts.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (used.Count <= 1 || AugmentedSets.Any(set => used.All(set.Contains)))
        {
            return null;
        }

        // The main script is the one most letters are of; the first letter of another is named.
        var main = used.OrderByDescending(s => scripts.Count(x => x == s)).ThenBy(s => scripts.IndexOf(s)).First();
        var at = scripts.FindIndex(s => s is not null && s != main && !AugmentedSets.Any(set => set.Contains(s) && set.Contains(main)));
        at = at >= 0 ? at : scripts.FindIndex(s => s is not null && s != main);
        var odd = runes[at];
        var lookAlike = list.FirstOrDefault(o => ReadsAs(o, runes, scripts, main));
        return new(Refusal.Of(lookAlike is null ? RefusalCodes.NasNameScripts : RefusalCodes.NasNameLookAlike,
            $"name: '{odd}' (U+{odd.Value:X4}) is {Letter(scripts[at]!)} among {Letters(main)}; a terminal's name is written in one script "
            + (lookAlike is null
                ? "(a letter of another script drawn like one of this script makes a name that reads as another one)"
                : $"(this one reads as the existing terminal {lookAlike}: change that one, or type the name in one script)"),
            ("character", odd.ToString()), ("codePoint", $"U+{odd.Value:X4}"), ("script", scripts[at]), ("main", main), ("existing", lookAlike)), lookAlike);
    }

    /// <summary>True when <paramref name="other"/> has the runes of the new name wherever those are of <paramref name="main"/> or of no script.</summary>
    private static bool ReadsAs(string other, List<Rune> runes, List<string?> scripts, string main)
    {
        var theirs = other.EnumerateRunes().ToList();
        if (theirs.Count != runes.Count)
        {
            return false;
        }

        for (var i = 0; i < runes.Count; i++)
        {
            if ((scripts[i] is null || scripts[i] == main) && Rune.ToLowerInvariant(runes[i]) != Rune.ToLowerInvariant(theirs[i]))
            {
                return false;
            }
        }

        return true;
    }

    private const string Other = "";

    private static string Letter(string script) => script == Other ? "a letter of another script" : $"a {script} letter";

    private static string Letters(string script) => script == Other ? "letters of another script" : $"{script} letters";

    private static readonly string[][] AugmentedSets =
    [
        ["Han", "Hiragana", "Katakana"],
        ["Han", "Hangul"],
        ["Han", "Bopomofo"],
    ];

    /// <summary>The script of a letter by its block, or null for what is of no script (digits, punctuation, marks, modifier letters).</summary>
    private static string? ScriptOf(Rune rune)
    {
        if (!Rune.IsLetter(rune) || rune.Value is >= 0x02B0 and <= 0x02FF)
        {
            return null;
        }

        foreach (var (first, last, script) in Blocks)
        {
            if (rune.Value >= first && rune.Value <= last)
            {
                return script;
            }
        }

        return Other;
    }

    // Unicode 16 Blocks.txt: the blocks of the scripts a terminal's name may be written in, and of those with letters drawn like Latin ones.
    private static readonly (int First, int Last, string Script)[] Blocks =
    [
        (0x0041, 0x024F, "Latin"), // Basic Latin to Latin Extended-B (the ASCII non-letters are not letters)
        (0x0250, 0x02AF, "Latin"), // IPA Extensions
        (0x1D00, 0x1DBF, "Latin"), // Phonetic Extensions (and Supplement)
        (0x1E00, 0x1EFF, "Latin"), // Latin Extended Additional (Vietnamese)
        (0x2C60, 0x2C7F, "Latin"), // Latin Extended-C
        (0xA720, 0xA7FF, "Latin"), // Latin Extended-D
        (0xAB30, 0xAB6F, "Latin"), // Latin Extended-E
        (0x0370, 0x03FF, "Greek"),
        (0x1F00, 0x1FFF, "Greek"), // Greek Extended
        (0x0400, 0x052F, "Cyrillic"), // Cyrillic and its Supplement
        (0x1C80, 0x1C8F, "Cyrillic"), // Cyrillic Extended-C
        (0x2DE0, 0x2DFF, "Cyrillic"), // Cyrillic Extended-A
        (0xA640, 0xA69F, "Cyrillic"), // Cyrillic Extended-B
        (0x0530, 0x058F, "Armenian"),
        (0x0590, 0x05FF, "Hebrew"),
        (0x0600, 0x06FF, "Arabic"),
        (0x0750, 0x077F, "Arabic"), // Arabic Supplement
        (0x08A0, 0x08FF, "Arabic"), // Arabic Extended-A
        (0x10A0, 0x10FF, "Georgian"),
        (0x13A0, 0x13FF, "Cherokee"), // letters drawn like Latin capitals
        (0x1100, 0x11FF, "Hangul"), // Hangul Jamo
        (0x3130, 0x318F, "Hangul"), // Hangul Compatibility Jamo
        (0xAC00, 0xD7AF, "Hangul"), // Hangul Syllables
        (0x3040, 0x309F, "Hiragana"),
        (0x30A0, 0x30FF, "Katakana"),
        (0x3100, 0x312F, "Bopomofo"),
        (0x3400, 0x4DBF, "Han"), // CJK Unified Ideographs Extension A
        (0x4E00, 0x9FFF, "Han"), // CJK Unified Ideographs
    ];
}

/// <summary>A new terminal's name that reads as another one (<see cref="NasNameLookAlikes.Find"/>).</summary>
/// <param name="Refusal">What is wrong (<see cref="RefusalCodes.NasNameCase"/> or <see cref="RefusalCodes.NasNameScripts"/>), its sentence
/// starting with <c>name: </c>, naming the character at fault by its code point and the look-alike when there is one.</param>
/// <param name="LookAlike">The existing name it reads as, or null when none does (a mixed-script name alone).</param>
public sealed record NasNameProblem(Refusal Refusal, string? LookAlike)
{
    /// <summary>The English sentence (<see cref="Refusal.Sentence"/>).</summary>
    public string Error => Refusal.Sentence;
}
