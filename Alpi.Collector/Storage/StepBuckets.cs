using System.Globalization;

namespace Alpi.Collector.Storage;

/// <summary>
/// The steps of a query, computed alike by every store: a step of <c>s</c> ns holds <c>[k × s, (k + 1) × s)</c> since the
/// Unix epoch, <c>k</c> the floor of <c>t / s</c> (rounded down, also before 1970, where timestamps are negative: integer
/// division rounding toward zero would put 1900-06-15T12:00Z in the 1900-06-16 step of <c>1d</c>), as InfluxDB's
/// <c>GROUP BY time()</c> and Flux's <c>window()</c> do. Times are nanoseconds since the epoch; the arithmetic holds
/// from 1678 to 2261 with steps up to 100 years, whose starts may lie before 2^63 ns before the epoch. Source: InfluxDB
/// 1.x <c>query.IteratorOptions.Window</c> (floor with a negative remainder corrected).
/// </summary>
public static class StepBuckets
{
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
}
