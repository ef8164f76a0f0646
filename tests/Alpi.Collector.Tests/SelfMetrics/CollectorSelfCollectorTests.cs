using Alpi.Collector.SelfMetrics;
using Alpi.Collector.Traps;
using Alpi.Protocols.Snmp.Ber;

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
}
