using Alpi.Collector.Alerting.Evaluation;
using Alpi.Collector.Alerting.Rules;

namespace Alpi.Collector.Tests.Alerting.Evaluation;

[TestFixture]
public sealed class WindowFunctionsTests
{
    private const long Second = 1_000_000_000;

    [Test]
    public void Rate_SteadyCounter_IsIncreasePerSecond() =>
        WindowFunctions.Rate([(0, 100), (10 * Second, 200), (20 * Second, 400)]).Should().Be(15);

    [Test]
    public void Rate_CounterReset_CountsTheNewValueAsTheIncrease()
    {
        // An agent restart: 1000 → 50 means the counter restarted from 0 and counted 50 (Prometheus' rate()).
        WindowFunctions.Rate([(0, 900), (10 * Second, 1000), (20 * Second, 50)]).Should().Be(7.5);
    }

    [Test]
    public void Rate_Counter32Wrap_AddsTwoToThe32()
    {
        // An SNMP Counter32 (ifInOctets) passing 4294967295: 4294967000 → 704 is an increase of 1000.
        WindowFunctions.Rate([(0, 4294967000d), (10 * Second, 704)]).Should().Be(100);
    }

    [Test]
    public void Rate_Counter64Wrap_AddsTwoToThe64()
    {
        WindowFunctions.Increase(18446744073709551000d, 1000).Should().BeApproximately(1616, 4096, "double precision near 2^64");
    }

    [Test]
    public void Rate_PointsMoreThan292YearsApart_IsPositive()
    {
        // 1678-01-01 and 2261-12-31 are both storable; their distance in nanoseconds (~1.8e19) overflows a long
        // difference, which came out negative and the rate null, as if no time had passed (the store's CounterRates
        // computes it in doubles too).
        var first = Alpi.Collector.Ingest.MetricsPayloadReader.EarliestTimestampNs;
        var last = Alpi.Collector.Ingest.MetricsPayloadReader.LatestTimestampNs;
        var seconds = ((double)last - first) / 1e9;

        WindowFunctions.Rate([(first, 0), (last, 1e12)]).Should().BeApproximately(1e12 / seconds, 1e-9);
    }

    [TestCase(WindowFunction.Last, 3.0)]
    [TestCase(WindowFunction.Avg, 2.0)]
    [TestCase(WindowFunction.Min, 1.0)]
    [TestCase(WindowFunction.Max, 3.0)]
    public void Apply_Aggregates(WindowFunction function, double expected) =>
        WindowFunctions.Apply(function, [(0, 2), (Second, 1), (2 * Second, 3)]).Should().Be(expected);

    [Test]
    public void Apply_TooFewPoints_IsNull()
    {
        WindowFunctions.Apply(WindowFunction.Last, []).Should().BeNull();
        WindowFunctions.Apply(WindowFunction.Rate, [(0, 1)]).Should().BeNull();
    }
}
