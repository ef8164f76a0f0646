using Alpi.Protocols.Configuration;

namespace Alpi.Protocols.Tests.Configuration;

/// <summary>A duration setting given as a bare number: which values are one, and the line that refuses them.</summary>
[TestFixture]
public sealed class DurationSettingTests
{
    [TestCase("30", true)]
    [TestCase(" 5 ", true)]
    [TestCase("-2", true)]
    [TestCase("0", false)]
    [TestCase("000", false)]
    [TestCase("00:00:30", false)]
    [TestCase("1.00:00:00", false)]
    [TestCase("", false)]
    [TestCase(null, false)]
    [TestCase("5s", false)]
    public void IsBareNumber_TellsAWholeNumberAloneFromADuration(string? value, bool expected) =>
        DurationSetting.IsBareNumber(value).Should().Be(expected, "TimeSpan.Parse(\"30\") is 30 days; {0} is {1}", value, TimeSpan.TryParse(value, out var t) ? t.ToString() : "not a TimeSpan");

    [Test]
    public void BareNumberProblem_ASmallNumber_SpellsOutSecondsMinutesAndDays() =>
        DurationSetting.BareNumberProblem("Agent:Interval", "10").Should().Be(
            "Agent:Interval: \"10\" is a bare number, which .NET reads as 10 days: write 00:00:10 for 10 seconds, 00:10:00 for 10 minutes or 10.00:00:00 for 10 days");

    [Test]
    public void BareNumberProblem_ANumberBeyondAMinute_GivesTheFormWithExamples() =>
        DurationSetting.BareNumberProblem("Hotspot:Portal:FormLifetime", "3600").Should().Be(
            "Hotspot:Portal:FormLifetime: \"3600\" is a bare number, which .NET reads as 3600 days: write a duration as d.hh:mm:ss (00:00:30 for 30 seconds, 00:30:00 for 30 minutes, 1.00:00:00 for a day)");
}
