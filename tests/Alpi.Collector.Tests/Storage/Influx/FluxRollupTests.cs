using Alpi.Collector.Storage;
using Alpi.Collector.Storage.Influx;
using Alpi.Collector.Storage.Retention;

namespace Alpi.Collector.Tests.Storage.Influx;

/// <summary>Golden tests of the Flux of the InfluxDB 2.x rollup (no 2.x server runs here: see the README).</summary>
public class FluxRollupTests
{
    private const long T0 = 1_800_000_000_000_000_000L;
    private const long M = 60_000_000_000L;

    [Test]
    public void Rollup_AggregatesEveryFloatFieldIntoPrefixedFieldsOfTheRollupBucket() =>
        FluxRollup.Rollup("alpi", "alpi_rollup_5m", "agency", T0, T0 + (60 * M)).Should().Be("""
            import "types"

            data = from(bucket: "alpi")
              |> range(start: time(v: 1800000000000000000), stop: time(v: 1800003600000000000))
              |> filter(fn: (r) => types.isType(v: r._value, type: "float"))

            union(tables: [
                data |> aggregateWindow(every: 5m, fn: count, createEmpty: false, timeSrc: "_start") |> toFloat() |> map(fn: (r) => ({r with _field: "count_" + r._field})),
                data |> aggregateWindow(every: 5m, fn: sum, createEmpty: false, timeSrc: "_start") |> map(fn: (r) => ({r with _field: "sum_" + r._field})),
                data |> aggregateWindow(every: 5m, fn: min, createEmpty: false, timeSrc: "_start") |> map(fn: (r) => ({r with _field: "min_" + r._field})),
                data |> aggregateWindow(every: 5m, fn: max, createEmpty: false, timeSrc: "_start") |> map(fn: (r) => ({r with _field: "max_" + r._field})),
                data |> aggregateWindow(every: 5m, fn: last, createEmpty: false, timeSrc: "_start") |> map(fn: (r) => ({r with _field: "last_" + r._field}))
            ])
              |> to(bucket: "alpi_rollup_5m", org: "agency")
            """);

    [Test]
    public void AggregatePart_MergesEachPrefixedFieldPerStepWithEscapedFilters()
    {
        var query = new SeriesQuery("cpu", "usage", "srv1", "acme", new Dictionary<string, string> { ["cpu"] = "${x}\"" }, T0, T0 + (120 * M), 60 * M, Aggregation.Avg);
        var plan = RollupPlan.For(query, T0 + (115 * M), long.MinValue);

        FluxRollup.AggregatePart("alpi_rollup_5m", query, plan).Should().Be("""
            data = from(bucket: "alpi_rollup_5m")
              |> range(start: time(v: 1800000000000000000), stop: time(v: 1800006900000000000))
              |> filter(fn: (r) => r._measurement == "cpu" and r["cpu"] == "\${x}\"" and r["host"] == "srv1" and r["tenant"] == "acme")

            union(tables: [
                data |> filter(fn: (r) => r._field == "count_usage") |> aggregateWindow(every: 3600000000000ns, fn: sum, createEmpty: false, timeSrc: "_start") |> set(key: "_field", value: "count"),
                data |> filter(fn: (r) => r._field == "sum_usage") |> aggregateWindow(every: 3600000000000ns, fn: sum, createEmpty: false, timeSrc: "_start") |> set(key: "_field", value: "sum"),
                data |> filter(fn: (r) => r._field == "min_usage") |> aggregateWindow(every: 3600000000000ns, fn: min, createEmpty: false, timeSrc: "_start") |> set(key: "_field", value: "min"),
                data |> filter(fn: (r) => r._field == "max_usage") |> aggregateWindow(every: 3600000000000ns, fn: max, createEmpty: false, timeSrc: "_start") |> set(key: "_field", value: "max"),
                data |> filter(fn: (r) => r._field == "last_usage") |> aggregateWindow(every: 3600000000000ns, fn: last, createEmpty: false, timeSrc: "_start") |> set(key: "_field", value: "last")
            ])
            """);
    }

    [Test]
    public void RawPart_ReadsTheSameComponentsFromRawPointsAfterTheSplit()
    {
        var query = new SeriesQuery("cpu", "usage", null, null, new Dictionary<string, string>(), T0, T0 + (120 * M), 60 * M, Aggregation.Max);
        var plan = RollupPlan.For(query, T0 + (115 * M), long.MinValue);

        FluxRollup.RawPart("alpi", query, plan).Should().Be("""
            data = from(bucket: "alpi")
              |> range(start: time(v: 1800006900000000000), stop: time(v: 1800007200000000000))
              |> filter(fn: (r) => r._measurement == "cpu" and r._field == "usage")

            union(tables: [
                data |> aggregateWindow(every: 3600000000000ns, fn: count, createEmpty: false, timeSrc: "_start") |> toFloat() |> set(key: "_field", value: "count"),
                data |> aggregateWindow(every: 3600000000000ns, fn: sum, createEmpty: false, timeSrc: "_start") |> set(key: "_field", value: "sum"),
                data |> aggregateWindow(every: 3600000000000ns, fn: min, createEmpty: false, timeSrc: "_start") |> set(key: "_field", value: "min"),
                data |> aggregateWindow(every: 3600000000000ns, fn: max, createEmpty: false, timeSrc: "_start") |> set(key: "_field", value: "max"),
                data |> aggregateWindow(every: 3600000000000ns, fn: last, createEmpty: false, timeSrc: "_start") |> set(key: "_field", value: "last")
            ])
            """);
    }

    [Test]
    public void Watermark_ReadsTheLastWatermarkOfTheRollupBucket() =>
        FluxRollup.Watermark("alpi_rollup_5m").Should().Be("""
            from(bucket: "alpi_rollup_5m")
              |> range(start: time(v: 0))
              |> filter(fn: (r) => r._measurement == "alpi_rollup" and r._field == "watermark")
              |> last()
            """);

    [Test]
    public void EarliestPoint_KeepsOnlyTheTimeOfTheFirstPointOfAnySeries() =>
        FluxRollup.EarliestPoint("alpi").Should().Be("""
            from(bucket: "alpi")
              |> range(start: time(v: 0))
              |> first()
              |> keep(columns: ["_time"])
              |> group()
              |> sort(columns: ["_time"])
              |> limit(n: 1)
            """);
}
