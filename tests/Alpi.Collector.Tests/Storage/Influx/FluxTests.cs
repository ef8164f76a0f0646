using Alpi.Collector.Storage;
using Alpi.Collector.Storage.Influx;

namespace Alpi.Collector.Tests.Storage.Influx;

/// <summary>Golden tests of the Flux text sent to InfluxDB 2.x/3.x (no such server runs here: see the README).</summary>
public class FluxTests
{
    private const long T0 = 1_700_000_000_000_000_000L;

    // Each case: a value, and as a Flux string literal.
    [TestCase("cpu0", "\"cpu0\"")]
    [TestCase("a\" or true or \"", "\"a\\\" or true or \\\"\"")]
    [TestCase(@"x\", "\"x\\\\\"")]
    // "${" would start an interpolation.
    [TestCase("${r._value}", "\"\\${r._value}\"")]
    [TestCase("a\nb", "\"a\\nb\"")]
    public void StringLiteral_EscapesQuotesBackslashesDollarsAndNewlines(string value, string expected) =>
        Flux.StringLiteral(value).Should().Be(expected);

    [Test]
    public void Select_Average_FiltersAndAggregatesWindowsAlignedOnTheEpoch()
    {
        var query = new SeriesQuery("cpu", "usage_user", "srv1", "acme", new Dictionary<string, string> { ["cpu"] = "cpu-total" }, T0, T0 + 60_000_000_000, 10_000_000_000, Aggregation.Avg);

        Flux.Select("alpi", query).Should().Be("""
            from(bucket: "alpi")
              |> range(start: time(v: 1700000000000000000), stop: time(v: 1700000060000000000))
              |> filter(fn: (r) => r._measurement == "cpu" and r._field == "usage_user" and r["cpu"] == "cpu-total" and r["host"] == "srv1" and r["tenant"] == "acme")
              |> aggregateWindow(every: 10000000000ns, fn: mean, createEmpty: false, timeSrc: "_start")
            """);
    }

    [Test]
    public void LastOfMeasurement_EveryFieldOfTheHost_OneQuery() =>
        Flux.LastOfMeasurement("alpi", "cpu", new Dictionary<string, string> { ["tenant"] = "acme", ["host"] = "srv\"1" }, T0, T0 + 600_000_000_000)
            .Should().Be("""
            from(bucket: "alpi")
              |> range(start: time(v: 1700000000000000000), stop: time(v: 1700000600000000000))
              |> filter(fn: (r) => r._measurement == "cpu" and r["host"] == "srv\"1" and r["tenant"] == "acme")
              |> last()
            """);

    [Test]
    public void Select_Rate_ReadsLastValuesFromOneStepEarlier() =>
        Flux.Select("alpi", new SeriesQuery("net", "bytes_recv", null, null, new Dictionary<string, string>(), T0, T0 + 60_000_000_000, 10_000_000_000, Aggregation.Rate))
            .Should().Be("""
            from(bucket: "alpi")
              |> range(start: time(v: 1699999990000000000), stop: time(v: 1700000060000000000))
              |> filter(fn: (r) => r._measurement == "net" and r._field == "bytes_recv")
              |> aggregateWindow(every: 10000000000ns, fn: last, createEmpty: false, timeSrc: "_start")
            """);

    [Test]
    public void Select_OneNanosecondStep_ReadsRawPoints() =>
        Flux.Select("alpi", new SeriesQuery("cpu", "usage", "srv1", null, new Dictionary<string, string>(), T0, T0 + 1000, 1, Aggregation.Last))
            .Should().Be("""
            from(bucket: "alpi")
              |> range(start: time(v: 1700000000000000000), stop: time(v: 1700000000000001000))
              |> filter(fn: (r) => r._measurement == "cpu" and r._field == "usage" and r["host"] == "srv1")
            """);

    [Test]
    public void LastOfEverySeries_ReadsTheWholeBucket() =>
        Flux.LastOfEverySeries("my \"bucket\"").Should().Be("from(bucket: \"my \\\"bucket\\\"\")\n  |> range(start: time(v: 0))\n  |> last()");
}
