using System.Globalization;
using System.Text;

namespace Alpi.Collector.Storage.Influx;

/// <summary>
/// Builds the Flux queries of <see cref="InfluxDb2TimeSeriesStore"/>; every name and value is a double-quoted Flux
/// string literal escaped by <see cref="StringLiteral"/>. Times are given as <c>time(v: &lt;ns since epoch&gt;)</c>.
/// Source: InfluxDB 2.x documentation, "Flux language specification" (string literals, <c>range</c>,
/// <c>filter</c>, <c>aggregateWindow</c>, <c>last</c>).
/// </summary>
public static class Flux
{
    /// <summary>
    /// <paramref name="value"/> as a Flux string literal: <c>\</c>, <c>"</c> and <c>$</c> (which would start an
    /// interpolation) escaped with a backslash, newlines as <c>\n</c>.
    /// </summary>
    public static string StringLiteral(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => sb.Append(@"\\"),
                '"' => sb.Append("\\\""),
                '$' => sb.Append("\\$"),
                '\n' => sb.Append(@"\n"),
                '\r' => sb.Append(@"\r"),
                '\t' => sb.Append(@"\t"),
                _ => sb.Append(c),
            };
        }

        return sb.Append('"').ToString();
    }

    /// <summary>
    /// The query answering <paramref name="query"/> on <paramref name="bucket"/>: <c>range</c>, a <c>filter</c> on
    /// measurement, field, tenant, host and tags, then <c>aggregateWindow(every: &lt;step&gt;ns, fn: mean|min|max|last,
    /// createEmpty: false, timeSrc: "_start")</c> (windows aligned on the epoch, as the embedded store's buckets); for a
    /// rate, <c>last</c> from one step before the range (the caller divides); with a step of 1 ns or less, raw points.
    /// </summary>
    public static string Select(string bucket, SeriesQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var step = Math.Max(1, query.StepNs);
        var from = StepBuckets.ReadFrom(query);
        var sb = new StringBuilder()
            .Append("from(bucket: ").Append(StringLiteral(bucket)).Append(')')
            .Append(CultureInfo.InvariantCulture, $"\n  |> range(start: time(v: {from}), stop: time(v: {query.ToNs}))")
            .Append("\n  |> filter(fn: (r) => r._measurement == ").Append(StringLiteral(query.Measurement))
            .Append(" and r._field == ").Append(StringLiteral(query.Field));
        foreach (var (key, value) in query.AllTagFilters())
        {
            sb.Append(" and r[").Append(StringLiteral(key)).Append("] == ").Append(StringLiteral(value));
        }

        sb.Append(')');
        if (query.StepNs > 1)
        {
            var function = query.Aggregation switch
            {
                Aggregation.Avg => "mean",
                Aggregation.Min => "min",
                Aggregation.Max => "max",
                _ => "last",
            };
            sb.Append(CultureInfo.InvariantCulture, $"\n  |> aggregateWindow(every: {step}ns, fn: {function}, createEmpty: false, timeSrc: \"_start\")");
        }

        return sb.ToString();
    }

    /// <summary>
    /// The last point of every series (tag set and field) of <paramref name="measurement"/> within
    /// [<paramref name="fromNs"/>, <paramref name="toNs"/>), restricted to the tags in <paramref name="tagFilters"/>:
    /// <c>range</c>, <c>filter</c>, <c>last()</c> (one record per table, that is per series and field, at its own time).
    /// </summary>
    public static string LastOfMeasurement(string bucket, string measurement, IReadOnlyDictionary<string, string> tagFilters, long fromNs, long toNs)
    {
        ArgumentNullException.ThrowIfNull(tagFilters);
        var sb = new StringBuilder()
            .Append("from(bucket: ").Append(StringLiteral(bucket)).Append(')')
            .Append(CultureInfo.InvariantCulture, $"\n  |> range(start: time(v: {fromNs}), stop: time(v: {toNs}))")
            .Append("\n  |> filter(fn: (r) => r._measurement == ").Append(StringLiteral(measurement));
        foreach (var (key, value) in tagFilters.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            sb.Append(" and r[").Append(StringLiteral(key)).Append("] == ").Append(StringLiteral(value));
        }

        return sb.Append(")\n  |> last()").ToString();
    }

    /// <summary>The last point of every series (measurement, tag set, field) of the bucket: the series index at start.</summary>
    public static string LastOfEverySeries(string bucket) =>
        $"from(bucket: {StringLiteral(bucket)})\n  |> range(start: time(v: 0))\n  |> last()";
}
