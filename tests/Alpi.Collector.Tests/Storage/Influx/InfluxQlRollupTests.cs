using Alpi.Collector.Storage;
using Alpi.Collector.Storage.Influx;
using Alpi.Collector.Storage.Retention;

namespace Alpi.Collector.Tests.Storage.Influx;

/// <summary>Golden tests of the InfluxDB 1.x rollup statements (run for real in <see cref="InfluxDb1RollupTests"/>).</summary>
public class InfluxQlRollupTests
{
    private const long T0 = 1_800_000_000_000_000_000L;
    private const long M = 60_000_000_000L;

    [Test]
    public void Rollup_SelectsEveryAggregateOfEveryMeasurementIntoTheRollupPolicy() =>
        InfluxQlRollup.Rollup("alpi_raw", "rollup_5m", T0, T0 + (60 * M)).Should().Be(
            "SELECT count(*), sum(*), min(*), max(*), last(*) INTO \"rollup_5m\".:MEASUREMENT FROM \"alpi_raw\"./.*/"
            + " WHERE time >= 1800000000000000000 AND time < 1800003600000000000 GROUP BY time(300s), *");

    [Test]
    public void AggregatePart_MergesTheBucketsFieldsPerStepWithEscapedFilters()
    {
        var query = new SeriesQuery("cpu", "usage", "srv1", "acme", new Dictionary<string, string> { ["cpu"] = "x' OR 'a'='a" }, T0, T0 + (120 * M), 60 * M, Aggregation.Avg);
        var plan = RollupPlan.For(query, T0 + (115 * M), long.MinValue);

        InfluxQlRollup.AggregatePart("rollup_5m", query, plan).Should().Be(
            "SELECT sum(\"count_usage\") AS \"count\", sum(\"sum_usage\") AS \"sum\", min(\"min_usage\") AS \"min\", max(\"max_usage\") AS \"max\", last(\"last_usage\") AS \"last\""
            + " FROM \"rollup_5m\".\"cpu\" WHERE time >= 1800000000000000000 AND time < 1800006900000000000"
            + " AND \"cpu\" = 'x\\' OR \\'a\\'=\\'a' AND \"host\" = 'srv1' AND \"tenant\" = 'acme' GROUP BY time(3600000000000ns), * fill(none)");
    }

    [Test]
    public void RawPart_ReadsTheSameColumnsFromRawPointsAfterTheSplit()
    {
        var query = new SeriesQuery("cpu", "usage", null, null, new Dictionary<string, string>(), T0, T0 + (120 * M), 60 * M, Aggregation.Max);
        var plan = RollupPlan.For(query, T0 + (115 * M), long.MinValue);

        InfluxQlRollup.RawPart("alpi_raw", query, plan).Should().Be(
            "SELECT count(\"usage\") AS \"count\", sum(\"usage\") AS \"sum\", min(\"usage\") AS \"min\", max(\"usage\") AS \"max\", last(\"usage\") AS \"last\""
            + " FROM \"alpi_raw\".\"cpu\" WHERE time >= 1800006900000000000 AND time < 1800007200000000000 GROUP BY time(3600000000000ns), * fill(none)");
    }

    [Test]
    public void CreateRetentionPolicy_QuotesNamesAndGivesTheDurationInDays() =>
        InfluxQlRollup.CreateRetentionPolicy("rollup_5m", "my \"db\"", 365).Should().Be(
            "CREATE RETENTION POLICY \"rollup_5m\" ON \"my \\\"db\\\"\" DURATION 365d REPLICATION 1");

    [Test]
    public void WatermarkLine_IsAnIntegerFieldTimestampedWithItself() =>
        InfluxQlRollup.WatermarkLine(T0).Should().Be("alpi_rollup watermark=1800000000000000000i 1800000000000000000\n");
}
