using Alpi.Collector.Alerting.OnCall;
using Alpi.Collector.Alerting.Rules;
using Alpi.Collector.SelfMetrics;
using Alpi.Collector.Traps;
using Alpi.Protocols.Snmp.Ber;
using Alpi.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alpi.Collector.Tests.SelfMetrics;

public sealed class CollectorSelfCollectorTests
{
    [Test]
    public void TrapLeniencyPoint_NoDeviationSeen_IsNull()
    {
        CollectorSelfCollector.TrapLeniencyPoint(new TrapStatistics()).Should().BeNull();
    }

    [Test]
    public void TrapLeniencyPoint_DeviationsSeen_IsSnmpBerLeniencyTaggedTrapsWithOneIntegerPerKind()
    {
        var traps = new TrapStatistics();
        traps.BerLeniencies.Add(BerLeniency.UnsignedWithoutLeadingZero | BerLeniency.NonMinimalInteger);
        traps.BerLeniencies.Add(BerLeniency.NonMinimalInteger);

        var point = CollectorSelfCollector.TrapLeniencyPoint(traps)!;

        point.Measurement.Should().Be("snmp_ber_leniency", "the measurement the agent's poller publishes for the responses it decodes");
        point.Tags.Should().ContainSingle().Which.Should().Be(new KeyValuePair<string, string>("source", "traps"));
        point.Fields.Select(f => (f.Key, f.Value.AsInteger)).Should().Equal(("non_minimal_integer", 2L), ("unsigned_without_leading_zero", 1L));
    }

    [Test]
    public void ConfigFilesPoint_CountsRefusedRuleAndOnCallFiles()
    {
        using var folder = new TempDirectory("alpi-self-config");
        var rulesPath = Path.Combine(folder.Path, "rules.yaml");
        var onCallPath = Path.Combine(folder.Path, "oncall.yaml");
        File.WriteAllText(rulesPath, "rules: [");
        File.WriteAllText(onCallPath, "people: {alice: {email: alice@example.org}}\nunknown: 1\n");
        var rules = new RuleSetProvider(rulesPath, NullLogger<RuleSetProvider>.Instance);
        var onCall = new OnCallConfigProvider(onCallPath, null, NullLogger<OnCallConfigProvider>.Instance);
        rules.Refresh().Should().BeFalse();
        onCall.Refresh().Should().BeFalse();

        var point = CollectorSelfCollector.ConfigFilesPoint(rules, onCall);

        point.Measurement.Should().Be("alpi_config_files");
        point.Tags.Should().BeEmpty();
        point.Fields.Select(f => (f.Key, f.Value.AsInteger)).Should().Equal(
            ("rule_reloads", 0L), ("rule_reload_failures", 1L), ("oncall_reloads", 0L), ("oncall_reload_failures", 1L));
    }
}
