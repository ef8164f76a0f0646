using System.Globalization;
using Alpi.Collector.Ingest;

namespace Alpi.Collector.Storage;

/// <summary>
/// The steps of a query, computed alike by every store: a step of <c>s</c> ns holds <c>[k × s, (k + 1) × s)</c> since the
/// Unix epoch, <c>k</c> the floor of <c>t / s</c> (rounded down, also before 1970, where timestamps are negative: integer
/// division rounding toward zero would put 1900-06-15T12:00Z in the 1900-06-16 step of <c>1d</c>), as InfluxDB's
/// <c>GROUP BY time()</c> and Flux's <c>window()</c> do. A step is labelled with its start, or with the start of the range
/// read when it starts before it (a range that starts inside a step, or a step wider than the range), as Flux's
/// <c>aggregateWindow</c> labels its first window: a label is never before <c>from</c>. Times are nanoseconds since the
/// epoch; the arithmetic holds from 1678 to 2261 (<see cref="MetricsPayloadReader.EarliestTimestampNs"/> to
/// <see cref="MetricsPayloadReader.LatestTimestampNs"/>) with steps up to 100 years, whose starts may lie before
/// 2^63 ns before the epoch. Source: InfluxDB 1.x <c>query.IteratorOptions.Window</c> (floor with a negative remainder
/// corrected), Flux documentation, "aggregateWindow" (<c>timeSrc: "_start"</c>, windows bounded by the range).
/// </summary>
public static class StepBuckets
{
    /// <summary>
    /// The label of the step of <paramref name="stepNs"/> (at least 1) holding <paramref name="timestampNs"/>: its start,
    /// or <paramref name="notBeforeNs"/> when it starts before that (computed without overflow for any pair of longs).
    /// </summary>
    public static long Label(long timestampNs, long stepNs, long notBeforeNs)
    {
        Int128 step = Math.Max(1, stepNs);
        var start = (Int128)timestampNs - ((((Int128)timestampNs % step) + step) % step);
        return (long)Int128.Max(start, notBeforeNs);
    }

    /// <summary>
    /// Where a store reads a query from: <see cref="SeriesQuery.FromNs"/>, or one step earlier for a rate (the previous
    /// value of the first step), but never before <see cref="MetricsPayloadReader.EarliestTimestampNs"/> (1678-01-01,
    /// before which nothing is stored), so that it cannot overflow.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    public static long ReadFrom(SeriesQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Aggregation != Aggregation.Rate)
        {
            return query.FromNs;
        }

        var earlier = (Int128)query.FromNs - Math.Max(1, query.StepNs);
        return (long)Int128.Min(query.FromNs, Int128.Max(earlier, MetricsPayloadReader.EarliestTimestampNs));
    }

    /// <summary>
    /// A DuckDB SQL expression of the step number <c>k</c> (floor of <paramref name="column"/> / <paramref name="stepNs"/>)
    /// for <c>GROUP BY</c>: DuckDB's integer <c>//</c> rounds toward zero, so one is taken off when the remainder is
    /// negative. Never overflows (unlike <c>k × step</c> near the edges). Source: DuckDB documentation, "Numeric
    /// Operators" (<c>//</c>, <c>%</c>).
    /// </summary>
    /// <param name="column">The BIGINT column or expression (ns).</param>
    /// <param name="stepNs">The step, at least 1.</param>
    public static string SqlStepNumber(string column, long stepNs)
    {
        var step = Math.Max(1, stepNs);
        return string.Create(CultureInfo.InvariantCulture, $"({column} // {step} - CASE WHEN {column} % {step} < 0 THEN 1 ELSE 0 END)");
    }

    /// <summary>
    /// The label of step number <paramref name="step"/> (as <see cref="SqlStepNumber"/> gives it) of
    /// <paramref name="stepNs"/>: its start, <paramref name="step"/> × <paramref name="stepNs"/>, or
    /// <paramref name="notBeforeNs"/> when it starts before that (or before 2^63 ns before the epoch).
    /// </summary>
    public static long LabelOfStep(long step, long stepNs, long notBeforeNs) =>
        (long)Int128.Max((Int128)step * Math.Max(1, stepNs), notBeforeNs);

    /// <summary>
    /// <paramref name="points"/> (an instant within each step, value) labelled by <see cref="Label"/>; the instant may be
    /// the step's start (InfluxQL), a start already clipped to the range (Flux) or any point of the step.
    /// </summary>
    public static List<(long, double)> Labelled(IEnumerable<(long TimestampNs, double Value)> points, long stepNs, long notBeforeNs)
    {
        ArgumentNullException.ThrowIfNull(points);
        return [.. points.Select(p => (Label(p.TimestampNs, stepNs, notBeforeNs), p.Value))];
    }
}
