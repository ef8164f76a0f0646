using System.Globalization;
using System.Text;
using Alpi.Collector.Storage.Retention;

namespace Alpi.Collector.Storage.Influx;

/// <summary>
/// The Flux of the InfluxDB 2.x rollup: the scheduled <c>aggregateWindow |&gt; to()</c> that fills the rollup bucket,
/// and the two parts of a query that reads it (<see cref="RollupPlan"/>). The rollup bucket holds, per raw float field
/// <c>f</c> and 5-minute bucket, the fields <c>count_f</c>, <c>sum_f</c>, <c>min_f</c>, <c>max_f</c> and <c>last_f</c>
/// (all floats), with the raw tags, as the InfluxDB 1.x rollup policy does (<see cref="InfluxQlRollup"/>). String fields
/// are left out (<c>types.isType</c>, Flux 0.140, InfluxDB 2.1 and later). Names and values are Flux string literals
/// escaped by <see cref="Flux.StringLiteral"/>.
/// Source: InfluxDB 2.x documentation, "Downsample data with InfluxDB" (tasks with <c>aggregateWindow</c> and
/// <c>to</c>), Flux standard library (<c>union</c>, <c>map</c>, <c>set</c>, <c>types.isType</c>).
/// </summary>
public static class FluxRollup
{
    /// <summary>Each rollup field prefix, the Flux function filling it in the rollup, and the one merging it in queries.</summary>
    private static readonly (string Name, string Fill, string Merge)[] Parts =
    [
        ("count", "count", "sum"),
        ("sum", "sum", "sum"),
        ("min", "min", "min"),
        ("max", "max", "max"),
        ("last", "last", "last"),
    ];

    /// <summary>
    /// Rolls up <c>[fromNs, toNs)</c> (multiples of 5 minutes) of every float field of <paramref name="rawBucket"/> into
    /// <paramref name="rollupBucket"/>; writing a bucket again overwrites the same points, so running a range twice is harmless.
    /// </summary>
    public static string Rollup(string rawBucket, string rollupBucket, string org, long fromNs, long toNs)
    {
        var sb = new StringBuilder("import \"types\"\n\n")
            .Append("data = from(bucket: ").Append(Flux.StringLiteral(rawBucket)).Append(')')
            .Append(CultureInfo.InvariantCulture, $"\n  |> range(start: time(v: {fromNs}), stop: time(v: {toNs}))")
            .Append("\n  |> filter(fn: (r) => types.isType(v: r._value, type: \"float\"))\n\n");
        Union(sb, Parts.Select(p =>
            $"data |> aggregateWindow(every: 5m, fn: {p.Fill}, createEmpty: false, timeSrc: \"_start\")"
            + (p.Name == "count" ? " |> toFloat()" : "")
            + $" |> map(fn: (r) => ({{r with _field: \"{p.Name}_\" + r._field}}))"));
        return sb.Append("\n  |> to(bucket: ").Append(Flux.StringLiteral(rollupBucket)).Append(", org: ").Append(Flux.StringLiteral(org)).Append(')').ToString();
    }

    /// <summary>
    /// The aggregate part of <paramref name="plan"/>: per step of <see cref="RollupPlan.AggregateStepNs"/>, the merged
    /// <c>count</c>, <c>sum</c>, <c>min</c>, <c>max</c> and <c>last</c> of the 5-minute buckets of
    /// <c>[FirstBucketNs, SplitNs)</c>, each as a table whose <c>_field</c> names it.
    /// </summary>
    public static string AggregatePart(string rollupBucket, SeriesQuery query, RollupPlan plan)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sb = Data(rollupBucket, query, plan.FirstBucketNs, plan.SplitNs, field: null).Append("\n\n");
        Union(sb, Parts.Select(p =>
            $"data |> filter(fn: (r) => r._field == {Flux.StringLiteral(p.Name + "_" + query.Field)})"
            + string.Create(CultureInfo.InvariantCulture, $" |> aggregateWindow(every: {plan.AggregateStepNs}ns, fn: {p.Merge}, createEmpty: false, timeSrc: \"_start\")")
            + $" |> set(key: \"_field\", value: \"{p.Name}\")"));
        return sb.ToString();
    }

    /// <summary>The raw part of <paramref name="plan"/>: the same tables from raw points of <c>[SplitNs, ToNs)</c>, per step of the query.</summary>
    public static string RawPart(string rawBucket, SeriesQuery query, RollupPlan plan)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sb = Data(rawBucket, query, plan.SplitNs, plan.ToNs, query.Field).Append("\n\n");
        Union(sb, Parts.Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"data |> aggregateWindow(every: {plan.StepNs}ns, fn: {p.Fill}, createEmpty: false, timeSrc: \"_start\")")
            + (p.Name == "count" ? " |> toFloat()" : "")
            + $" |> set(key: \"_field\", value: \"{p.Name}\")"));
        return sb.ToString();
    }

    /// <summary>The last rollup watermark: the <c>watermark</c> field of <c>alpi_rollup</c> in the rollup bucket.</summary>
    public static string Watermark(string rollupBucket) =>
        $"from(bucket: {Flux.StringLiteral(rollupBucket)})\n  |> range(start: time(v: 0))\n  |> filter(fn: (r) => r._measurement == \"{InfluxQlRollup.StateMeasurement}\" and r._field == \"watermark\")\n  |> last()";

    /// <summary>The time of the earliest point of the raw bucket (one record, column <c>_time</c>), where a first rollup starts.</summary>
    public static string EarliestPoint(string rawBucket) =>
        $"from(bucket: {Flux.StringLiteral(rawBucket)})\n  |> range(start: time(v: 0))\n  |> first()\n  |> keep(columns: [\"_time\"])\n  |> group()\n  |> sort(columns: [\"_time\"])\n  |> limit(n: 1)";

    /// <summary>Appends <c>union(tables: [ … ])</c> of <paramref name="streams"/>, one a line.</summary>
    private static void Union(StringBuilder sb, IEnumerable<string> streams) =>
        sb.Append("union(tables: [\n    ").AppendJoin(",\n    ", streams).Append("\n])");

    private static StringBuilder Data(string bucket, SeriesQuery query, long fromNs, long toNs, string? field)
    {
        var sb = new StringBuilder("data = from(bucket: ").Append(Flux.StringLiteral(bucket)).Append(')')
            .Append(CultureInfo.InvariantCulture, $"\n  |> range(start: time(v: {fromNs}), stop: time(v: {toNs}))")
            .Append("\n  |> filter(fn: (r) => r._measurement == ").Append(Flux.StringLiteral(query.Measurement));
        if (field is not null)
        {
            sb.Append(" and r._field == ").Append(Flux.StringLiteral(field));
        }

        foreach (var (key, value) in query.AllTagFilters())
        {
            sb.Append(" and r[").Append(Flux.StringLiteral(key)).Append("] == ").Append(Flux.StringLiteral(value));
        }

        return sb.Append(')');
    }
}
