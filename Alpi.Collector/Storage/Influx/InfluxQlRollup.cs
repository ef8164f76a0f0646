using System.Globalization;
using System.Text;
using Alpi.Collector.Storage.Retention;

namespace Alpi.Collector.Storage.Influx;

/// <summary>
/// The InfluxQL statements of the InfluxDB 1.x rollup: the scheduled <c>SELECT … INTO</c> that fills the rollup retention
/// policy, and the two parts of a query that reads it (<see cref="RollupPlan"/>). In the rollup policy each measurement
/// keeps, per raw field <c>f</c> and 5-minute bucket, the fields <c>count_f</c> (integer), <c>sum_f</c>, <c>min_f</c>,
/// <c>max_f</c> and <c>last_f</c>, with the raw tags (InfluxDB names the fields of <c>count(*)</c> … so; string fields
/// get only <c>count_</c> and <c>last_</c>). Names are quoted by <see cref="InfluxQl.Identifier"/>.
/// Source: InfluxDB 1.x documentation, "Downsample and retain data", "Data exploration" (<c>INTO</c>, <c>:MEASUREMENT</c>,
/// <c>GROUP BY time()</c>), "Database management" (retention policies).
/// </summary>
public static class InfluxQlRollup
{
    /// <summary>The measurement, in the rollup policy, whose <c>watermark</c> field (integer, ns) is the rollup watermark.</summary>
    public const string StateMeasurement = "alpi_rollup";

    /// <summary>
    /// Rolls up <c>[fromNs, toNs)</c> (multiples of 5 minutes) of every measurement of <paramref name="rawPolicy"/> into
    /// <paramref name="rollupPolicy"/>: <c>SELECT count(*), sum(*), min(*), max(*), last(*) INTO "rollup".:MEASUREMENT
    /// FROM "raw"./.*/ WHERE … GROUP BY time(300s), *</c>. Writing a bucket again overwrites it (same series and time),
    /// so running a range twice is harmless.
    /// </summary>
    public static string Rollup(string rawPolicy, string rollupPolicy, long fromNs, long toNs) =>
        string.Create(CultureInfo.InvariantCulture,
            $"SELECT count(*), sum(*), min(*), max(*), last(*) INTO {InfluxQl.Identifier(rollupPolicy)}.:MEASUREMENT FROM {InfluxQl.Identifier(rawPolicy)}./.*/ WHERE time >= {fromNs} AND time < {toNs} GROUP BY time(300s), *");

    /// <summary>
    /// The aggregate part of <paramref name="plan"/>: per step of <see cref="RollupPlan.AggregateStepNs"/>, the columns
    /// <c>count</c>, <c>sum</c>, <c>min</c>, <c>max</c>, <c>last</c> merged from the 5-minute buckets of
    /// <c>[FirstBucketNs, SplitNs)</c>.
    /// </summary>
    public static string AggregatePart(string rollupPolicy, SeriesQuery query, RollupPlan plan)
    {
        ArgumentNullException.ThrowIfNull(query);
        var f = query.Field;
        var select = $"sum({Id("count_" + f)}) AS \"count\", sum({Id("sum_" + f)}) AS \"sum\", min({Id("min_" + f)}) AS \"min\", max({Id("max_" + f)}) AS \"max\", last({Id("last_" + f)}) AS \"last\"";
        return Part(select, rollupPolicy, query, plan.FirstBucketNs, plan.SplitNs, plan.AggregateStepNs);
    }

    /// <summary>The raw part of <paramref name="plan"/>: the same columns from raw points of <c>[SplitNs, ToNs)</c>, per step of the query.</summary>
    public static string RawPart(string rawPolicy, SeriesQuery query, RollupPlan plan)
    {
        ArgumentNullException.ThrowIfNull(query);
        var f = Id(query.Field);
        var select = $"count({f}) AS \"count\", sum({f}) AS \"sum\", min({f}) AS \"min\", max({f}) AS \"max\", last({f}) AS \"last\"";
        return Part(select, rawPolicy, query, plan.SplitNs, plan.ToNs, plan.StepNs);
    }

    /// <summary>The statement reading the rollup watermark: <c>SELECT last("watermark") FROM "rollup"."alpi_rollup"</c>.</summary>
    public static string Watermark(string rollupPolicy) =>
        $"SELECT last(\"watermark\") FROM {InfluxQl.From(rollupPolicy, StateMeasurement)}";

    /// <summary>The line protocol point recording <paramref name="watermarkNs"/>, timestamped with it.</summary>
    public static string WatermarkLine(long watermarkNs) =>
        string.Create(CultureInfo.InvariantCulture, $"{StateMeasurement} watermark={watermarkNs}i {watermarkNs}\n");

    /// <summary>The statement creating a retention policy: <c>CREATE RETENTION POLICY "p" ON "db" DURATION Nd REPLICATION 1</c>.</summary>
    public static string CreateRetentionPolicy(string policy, string database, int days) =>
        string.Create(CultureInfo.InvariantCulture, $"CREATE RETENTION POLICY {InfluxQl.Identifier(policy)} ON {InfluxQl.Identifier(database)} DURATION {days}d REPLICATION 1");

    /// <summary>
    /// The earliest raw point of each measurement: <c>SELECT * FROM "raw"./.*/ ORDER BY time ASC LIMIT 1</c>; where a
    /// first rollup starts when the raw policy keeps points for ever.
    /// </summary>
    public static string EarliestPoints(string rawPolicy) =>
        $"SELECT * FROM {InfluxQl.Identifier(rawPolicy)}./.*/ ORDER BY time ASC LIMIT 1";

    private static string Part(string select, string policy, SeriesQuery query, long fromNs, long toNs, long stepNs)
    {
        var sb = new StringBuilder("SELECT ").Append(select).Append(" FROM ").Append(InfluxQl.From(policy, query.Measurement))
            .Append(CultureInfo.InvariantCulture, $" WHERE time >= {fromNs} AND time < {toNs}");
        foreach (var (key, value) in query.AllTagFilters())
        {
            sb.Append(" AND ").Append(InfluxQl.Identifier(key)).Append(" = ").Append(InfluxQl.StringLiteral(value));
        }

        return sb.Append(CultureInfo.InvariantCulture, $" GROUP BY time({stepNs}ns), * fill(none)").ToString();
    }

    private static string Id(string name) => InfluxQl.Identifier(name);
}
