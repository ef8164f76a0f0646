using System.Reflection;
using System.Text.RegularExpressions;
using Alpi.Protocols.Json;

namespace Alpi.Dashboard.Tests;

/// <summary>
/// Every refusal code the collector can send (<see cref="RefusalCodes"/>, the list's one source) has a French and an
/// English template in the dashboard (<c>Alpi.Dashboard/wwwroot/refusals.js</c>, copied beside the tests by the
/// project), with the same values in both; and the dashboard words no code the collector does not send. Read as text:
/// no browser is needed.
/// </summary>
[TestFixture]
public sealed partial class RefusalTemplatesTests
{
    private static readonly IReadOnlyList<string> Codes = typeof(RefusalCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToList();

    private static readonly IReadOnlyDictionary<string, (string Fr, string En)> Templates = ReadTemplates();

    [Test]
    public void RefusalCodes_AreDistinct_AndWrittenAsTheAreaThenWhat()
    {
        Codes.Should().NotBeEmpty().And.OnlyHaveUniqueItems();
        Codes.Should().OnlyContain(c => CodeShape().IsMatch(c), "a code is lower-case words separated by dots, the area first");
    }

    [Test]
    public void EveryCodeTheCollectorSends_HasAFrenchAndAnEnglishTemplate()
    {
        Codes.Where(c => !Templates.ContainsKey(c)).Should().BeEmpty("refusals.js words every code of RefusalCodes");
        foreach (var code in Codes)
        {
            Templates[code].Fr.Should().NotBeNullOrWhiteSpace(code);
            Templates[code].En.Should().NotBeNullOrWhiteSpace(code);
        }
    }

    [Test]
    public void TheDashboard_WordsNoCodeTheCollectorDoesNotSend()
    {
        Templates.Keys.Except(Codes).Should().BeEmpty("a template without its code in RefusalCodes is never used");
    }

    [Test]
    public void EachTemplate_UsesTheSameValuesInFrenchAndEnglish()
    {
        foreach (var (code, (fr, en)) in Templates)
        {
            Placeholders(fr).Should().BeEquivalentTo(Placeholders(en), code);
        }
    }

    private static Dictionary<string, (string Fr, string En)> ReadTemplates()
    {
        var text = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "refusals.js"));
        var start = text.IndexOf("export const REFUSALS = {", StringComparison.Ordinal);
        var end = text.IndexOf("\n};", start, StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0, "refusals.js exports REFUSALS");
        var table = text[start..end];
        var entries = Entry().Matches(table).ToDictionary(m => m.Groups["code"].Value, m => (Unescape(m.Groups["fr"].Value), Unescape(m.Groups["en"].Value)));
        entries.Should().HaveCount(CodeKey().Count(table), "every entry of REFUSALS is written \"code\": { fr: \"…\", en: \"…\" }");
        return entries;
    }

    private static List<string> Placeholders(string template) => [.. Placeholder().Matches(template).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal)];

    private static string Unescape(string literal) => Regex.Unescape(literal);

    [GeneratedRegex("""^[a-z]+(\.[a-z][A-Za-z]*)+$""")]
    private static partial Regex CodeShape();

    [GeneratedRegex("""^\s*"(?<code>[A-Za-z.]+)":\s*\{\s*fr:\s*"(?<fr>(?:[^"\\]|\\.)*)",\s*en:\s*"(?<en>(?:[^"\\]|\\.)*)",?\s*\},""", RegexOptions.Multiline)]
    private static partial Regex Entry();

    [GeneratedRegex("""^\s*"[A-Za-z.]+":""", RegexOptions.Multiline)]
    private static partial Regex CodeKey();

    [GeneratedRegex("""\{(\w+)\}""")]
    private static partial Regex Placeholder();
}
