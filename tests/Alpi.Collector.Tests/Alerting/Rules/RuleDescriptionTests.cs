using Alpi.Collector.Alerting.Rules;

namespace Alpi.Collector.Tests.Alerting.Rules;

public sealed class RuleDescriptionTests
{
    // One rule of each kind, as written in the shipped alert-rules.yaml, and the line the administration view shows.
    [TestCase("""
        kind: threshold
        measurement: cpu
        field: usage_idle
        tags: { cpu: cpu-total }
        function: avg
        window: 5m
        below: { warning: 10, critical: 3 }
        recover: 20
        """, "avg(cpu.usage_idle{cpu=cpu-total}) over 5m < 3 (critical), < 10 (warning); recovers at ≥ 20", TestName = "Of_ThresholdBelow_TwoLevels")]
    [TestCase("""
        kind: threshold
        measurement: snmp_interface
        field: ifInErrors
        function: rate
        window: 90s
        above: 10.5
        """, "rate(snmp_interface.ifInErrors) over 1m30s > 10.5 (warning); recovers at ≤ 10.5", TestName = "Of_ThresholdAbove_OneLevel")]
    [TestCase("""
        kind: absence
        measurement: cpu
        field: usage_idle
        per: host
        window: 10m
        """, "no point of cpu.usage_idle for 10m, per host", TestName = "Of_AbsencePerHost")]
    [TestCase("""
        kind: presence
        silentAfter: 2m
        match: { tenant: mairie-a }
        """, "agent offline, or silent for 2m; hosts {tenant=mairie-a}", TestName = "Of_PresenceWithSilenceAndMatch")]
    [TestCase("""
        kind: trap
        trap: 1.3.6.1.6.3.1.1.5.3
        instance: 1.3.6.1.2.1.2.2.1.1
        clear:
          trap: 1.3.6.1.6.3.1.1.5.4
        """, "trap 1.3.6.1.6.3.1.1.5.3; cleared by trap 1.3.6.1.6.3.1.1.5.4; one alert per 1.3.6.1.2.1.2.2.1.1", TestName = "Of_TrapWithClearAndInstance")]
    public void Of_DescribesTheCondition(string body, string expected)
    {
        var yaml = "rules:\n  - name: r\n" + string.Join("\n", body.Split('\n').Select(l => "    " + l)) + "\n";
        var rules = RuleFileParser.Parse(yaml, out var errors);
        errors.Should().BeEmpty();

        RuleDescription.Of(rules!.Rules.Single()).Should().Be(expected);
    }

    [TestCase(0, "0s")]
    [TestCase(0.25, "250ms")]
    [TestCase(45, "45s")]
    [TestCase(3600, "1h")]
    [TestCase(5400, "1h30m")]
    [TestCase(90061, "1d1h1m1s")]
    public void Duration_IsWrittenAsInTheRuleFile(double seconds, string expected) =>
        RuleDescription.Duration(TimeSpan.FromSeconds(seconds)).Should().Be(expected);
}
