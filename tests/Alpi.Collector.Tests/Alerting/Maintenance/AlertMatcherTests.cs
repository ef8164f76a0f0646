using Alpi.Collector.Alerting.Maintenance;
using Alpi.Protocols.Json;

namespace Alpi.Collector.Tests.Alerting.Maintenance;

/// <summary>
/// A match's <c>~regex</c> values that do not compile are refused in our words (<see cref="RefusalCodes.MatcherRegex"/>):
/// the key, the pattern as typed, what is wrong and where in the pattern as typed (not in the wrapped <c>^(?:…)$</c>);
/// every bad value, not only the first.
/// </summary>
[TestFixture]
public sealed class AlertMatcherTests
{
    // Each: a value as typed, what is wrong, and the character of the value (its "~" is 1) where it goes wrong.
    [TestCase("~(", "unclosedGroup", "2")]            // .NET: "Not enough )'s", at offset 7 of "^(?:()$"
    [TestCase("~srv-(a|b", "unclosedGroup", "6")]      // .NET finds it at the end; the "(" never closed is where to look
    [TestCase("~(abc", "unclosedGroup", "2")]          // a new user's check: it used to point at the "c", the pattern's end
    [TestCase("~a(b(c", "unclosedGroup", "5")]         // two never closed: the innermost, as Python's re says it
    [TestCase("~[(]abc(", "unclosedGroup", "8")]       // the "(" inside a class is a character, not a group
    [TestCase("~\\((abc", "unclosedGroup", "4")]       // "\(" is an escaped parenthesis, not a group
    [TestCase("~a)", "unopenedGroup", "3")]           // the ")" typed
    [TestCase("~[abc", "unclosedClass", "2")]         // the "[" never closed, not the pattern's end
    [TestCase("~web[0-9", "unclosedClass", "5")]      // a new user's check (issue 8): it pointed past the "[", at the "9"
    [TestCase("~[a]b[c", "unclosedClass", "6")]       // the class closed is passed over; the one never closed is pointed at
    [TestCase("~\\[a[b", "unclosedClass", "5")]       // "\[" is an escaped bracket, not a class
    [TestCase("~[]a", "unclosedClass", "2")]          // a "]" first in a class is a character: the class is never closed
    [TestCase("~*borne", "nothingToRepeat", "2")]     // a wildcard written as a regular expression
    [TestCase("~a**", "nestedQuantifier", "4")]
    [TestCase("~abc\\", "endingBackslash", "5")]
    [TestCase("~[z-a]", "reversedRange", "5")]
    [TestCase("~a{3,1}", "reversedCount", "7")]
    [TestCase("~\\q", "badEscape", "3")]
    public void Read_ARegexThatDoesNotCompile_IsWordedByUs_WithItsPlaceInThePatternAsTyped(string value, string problem, string position)
    {
        var matcher = AlertMatcher.Read(new Dictionary<string, string> { ["host"] = value }, out var errors);

        matcher.Should().BeNull();
        var error = errors.Should().ContainSingle().Subject;
        error.Code.Should().Be(RefusalCodes.MatcherRegex);
        error.Args.Should().Equal(new Dictionary<string, string> { ["key"] = "host", ["pattern"] = value, ["problem"] = problem, ["position"] = position });
        error.Sentence.Should().StartWith($"host: \"{value}\" is not a valid regular expression: ").And.EndWith($"(at character {position})")
            .And.NotContain("^(?:", "the wrapped expression is ours, not the technician's");
    }

    [Test]
    public void Read_ALookAhead_TheEngineDoesNotRun_IsRefused_NotThrown()
    {
        // The non-backtracking engine throws NotSupportedException, which used to escape (a 500 answer).
        var matcher = AlertMatcher.Read(new Dictionary<string, string> { ["host"] = "~(?=srv)srv-1" }, out var errors);

        matcher.Should().BeNull();
        errors.Should().ContainSingle().Which.Args.Should().Contain("problem", "unsupported").And.NotContainKey("position", "there is no one place");
    }

    // Each: repetitions nested or counted so far that the non-backtracking engine refuses to build its automaton, which
    // used to be worded as a look-around (a new user's check).
    [TestCase("~(a{1000}){1000}")]
    [TestCase("~((a{50}){50}){50}")]
    [TestCase("~a{100000}")]
    public void Read_RepetitionsTooLargeForTheEngine_AreWordedAsSuch_NotAsALookAround(string value)
    {
        var matcher = AlertMatcher.Read(new Dictionary<string, string> { ["host"] = value }, out var errors);

        matcher.Should().BeNull();
        var error = errors.Should().ContainSingle().Subject;
        // A new user's check (issue 8): "position":"" was sent, an empty place; the other problems without a place give none.
        error.Args.Should().Equal(new Dictionary<string, string> { ["key"] = "host", ["pattern"] = value, ["problem"] = "tooLarge" });
        error.Sentence.Should().Contain("its repetitions multiply into an expression too large to run").And.NotContain("look-around");
    }

    [Test]
    public void Read_ANestedRepetition_RunsInLinearTime_IsAccepted()
    {
        // (a+)+$ blows up a backtracking engine; the non-backtracking one runs it in linear time, so it is no fault.
        AlertMatcher.Read(new Dictionary<string, string> { ["host"] = "~(a+)+$" }, out var errors).Should().NotBeNull();
        errors.Should().BeEmpty();
    }

    [Test]
    public void Read_TwoBadPatterns_ReportsBoth()
    {
        var matcher = AlertMatcher.Read(new Dictionary<string, string> { ["tenant"] = "~mairie-(", ["host"] = "~[srv", ["rule"] = "cpu-high" }, out var errors);

        matcher.Should().BeNull();
        errors.Select(e => (e.Args["key"], e.Args["problem"])).Should().Equal(("tenant", "unclosedGroup"), ("host", "unclosedClass"));
        AlertMatcher.Create(new Dictionary<string, string> { ["tenant"] = "~mairie-(", ["host"] = "~[srv" }, out var sentence).Should().BeNull();
        sentence.Should().Contain("tenant: \"~mairie-(\"").And.Contain("; host: \"~[srv\"");
    }

    [Test]
    public void Read_GoodValues_NoError()
    {
        AlertMatcher.Read(new Dictionary<string, string> { ["host"] = "~srv-(a|b)", ["tenant"] = "mairie-*", ["rule"] = "!cpu" }, out var errors).Should().NotBeNull();
        errors.Should().BeEmpty();
    }
}
