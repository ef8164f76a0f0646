using Alpi.Collector.Alerting.Rules;

namespace Alpi.Collector.Tests.Alerting.Rules;

[TestFixture]
public sealed class RuleFileParserTests
{
    [Test]
    public void Parse_ShippedSample_IsValid()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "alert-rules.yaml");
        var rules = RuleFileParser.Parse(File.ReadAllText(path), out var errors);

        errors.Should().BeEmpty();
        rules!.Rules.Select(r => r.Kind).Should().Contain(["threshold", "absence", "presence", "trap"]);
    }

    [Test]
    public void Parse_EveryError_IsReportedWithItsLineAndKey()
    {
        const string yaml = """
            rules:
              - name: ok
                kind: threshold
                measurement: cpu
                field: usage
                above: 90
              - name: bad-window
                kind: threshold
                measurement: cpu
                field: usage
                window: 5x
                above: 90
              - name: bad-recover
                kind: threshold
                measurement: cpu
                field: usage
                above: 90
                recover: 95
              - name: ok
                kind: presence
                sevrity: critical
              - name: tpl
                kind: presence
                annotations: { summary: "{{ hostname }} down" }
              - name: no-kind
            """;

        var rules = RuleFileParser.Parse(yaml, out var errors);

        rules.Should().BeNull();
        errors.Select(e => (e.Line, e.Key)).Should().Equal(
            (11, "rules[1].window"),
            (18, "rules[2].recover"),
            (19, "rules[3].name"),
            (21, "rules[3].sevrity"),
            (24, "rules[4].annotations.summary"),
            (25, "rules[5]"));
        errors[0].ToString().Should().Be("line 11, column 13, rules[1].window: \"5x\" is not a duration such as 30s, 5m, 1h, 1d");
        errors[2].Message.Should().Be("rule name \"ok\" is used more than once (first on line 2, rules[0].name)");
        errors[4].Message.Should().Contain("unknown placeholder {{ hostname }}");
    }

    [Test]
    public void Parse_DuplicateName_NamesTheFirstLine()
    {
        RuleFileParser.Parse("rules:\n  - name: a\n    kind: presence\n  - name: a\n    kind: presence\n", out var errors).Should().BeNull();

        errors.Should().ContainSingle().Which.ToString().Should().Be("line 4, column 11, rules[1].name: rule name \"a\" is used more than once (first on line 2, rules[0].name)");
    }

    [Test]
    public void Parse_DuplicateName_IsReported_BesideTheRulesOtherErrors()
    {
        // A new user's check: a rule named twice whose second copy had another error was reported for that error only.
        RuleFileParser.Parse("rules:\n  - name: a\n    kind: presence\n  - name: a\n    kind: presence\n    window: 5x\n", out var errors).Should().BeNull();

        errors.Select(e => e.Key).Should().Equal("rules[1].name", "rules[1].window");
    }

    [Test]
    public void Parse_ARegexThatDoesNotCompile_IsWordedAsTheMatchersOfSilencesAre_AndALookAroundIsAnError()
    {
        // A new user's check: .NET's own text ("Invalid pattern '^(?:(abc)$' at offset 10. Not enough )'s.") about the
        // wrapped pattern; a look-around (which the non-backtracking engine does not run) threw out of the parser.
        RuleFileParser.Parse("""
            rules:
              - name: r
                kind: threshold
                measurement: disk
                field: used_percent
                tags: { path: "~(abc", device: "~(?=sd)a" }
                above: 1
            """, out var errors).Should().BeNull();

        errors.Select(e => e.ToString()).Should().Equal(
            "line 6, column 19, rules[0].tags.path: \"~(abc\" is not a valid regular expression: a parenthesis is opened and never closed (at character 2)",
            "line 6, column 36, rules[0].tags.device: \"~(?=sd)a\" is not a valid regular expression: it uses a look-around, back-reference or other construct not supported here");
    }

    [Test]
    public void Parse_NotYaml_ReportsTheLine()
    {
        RuleFileParser.Parse("rules:\n  - name: a\n    kind: [unclosed\n", out var errors).Should().BeNull();

        errors.Should().ContainSingle().Which.Line.Should().BeGreaterThanOrEqualTo(3);
    }

    [TestCase("", Description = "a file read while it is being rewritten in place")]
    [TestCase("\n  \n", Description = "whitespace only")]
    [TestCase("# rules: none yet\n", Description = "comments only")]
    public void Parse_EmptyFile_IsAnErrorNotNoRules(string yaml)
    {
        RuleFileParser.Parse(yaml, out var errors).Should().BeNull();
        errors.Should().ContainSingle().Which.Message.Should().Contain("rules: []");
    }

    [TestCase("rules: []\n")]
    [TestCase("rules: []\ndependencies: []\n")]
    public void Parse_ExplicitEmptyRuleList_IsNoRules(string yaml)
    {
        RuleFileParser.Parse(yaml, out var errors)!.Rules.Should().BeEmpty();
        errors.Should().BeEmpty();
    }

    [TestCase(85.0, false, false, "Warning", 85.0, Description = "85 is not above 85")]
    [TestCase(86.0, false, true, "Warning", 85.0, Description = "warning level crossed")]
    [TestCase(96.0, false, true, "Critical", 95.0, Description = "the highest level crossed wins")]
    [TestCase(82.0, true, true, "Warning", 85.0, Description = "hysteresis: still active above recover, against the threshold it fired at")]
    [TestCase(80.0, true, false, "Warning", 85.0, Description = "reaching recover resolves")]
    [TestCase(82.0, false, false, "Warning", 85.0, Description = "not active: the band between recover and threshold does not open")]
    public void Assess_Levels_AndHysteresis(double value, bool wasActive, bool active, string severity, double threshold)
    {
        var rules = RuleFileParser.Parse("""
            rules:
              - name: disk
                kind: threshold
                measurement: disk
                field: used_percent
                above: { warning: 85, critical: 95 }
                recover: 80
            """, out _)!;
        var rule = (ThresholdRule)rules.Rules[0];

        var result = rule.Assess(value, wasActive);
        (result.Active && active || !result.Active && !active).Should().BeTrue();
        if (active)
        {
            result.Severity.ToString().Should().Be(severity);
            result.Threshold.Should().Be(threshold);
        }
    }

    [Test]
    public void TagMatchers_EqualNotEqualRegex()
    {
        var rules = RuleFileParser.Parse("""
            rules:
              - name: r
                kind: threshold
                measurement: disk
                field: used_percent
                tags: { path: "~/var.*", device: "!tmpfs", host: srv1 }
                above: 1
            """, out var errors)!;
        errors.Should().BeEmpty();
        var selector = ((ThresholdRule)rules.Rules[0]).Selector;

        selector.ExactTags.Should().Equal(new Dictionary<string, string> { ["host"] = "srv1" });
        selector.Matches(new Dictionary<string, string> { ["path"] = "/var/log", ["device"] = "sda1", ["host"] = "srv1" }).Should().BeTrue();
        selector.Matches(new Dictionary<string, string> { ["path"] = "/var/log", ["device"] = "tmpfs", ["host"] = "srv1" }).Should().BeFalse();
        selector.Matches(new Dictionary<string, string> { ["path"] = "/home", ["device"] = "sda1", ["host"] = "srv1" }).Should().BeFalse();
    }
}
