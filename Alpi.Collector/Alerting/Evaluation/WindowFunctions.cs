using Alpi.Collector.Alerting.Rules;

namespace Alpi.Collector.Alerting.Evaluation;

/// <summary>The window functions of threshold rules over a series' raw points (time order, nanoseconds since the epoch).</summary>
public static class WindowFunctions
{
    private const double Wrap32 = 4294967296d; // 2^32
    private const double Wrap64 = 18446744073709551616d; // 2^64

    /// <summary>Applies <paramref name="function"/> to <paramref name="points"/>.</summary>
    /// <returns>The value, or null when there are too few points (none, or fewer than 2 for a rate).</returns>
    public static double? Apply(WindowFunction function, IReadOnlyList<(long TimestampNs, double Value)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return null;
        }

        return function switch
        {
            WindowFunction.Last => points[^1].Value,
            WindowFunction.Avg => points.Average(p => p.Value),
            WindowFunction.Min => points.Min(p => p.Value),
            WindowFunction.Max => points.Max(p => p.Value),
            _ => Rate(points),
        };
    }

    /// <summary>
    /// Per-second increase of a counter between the first and the last point of the window. A decrease between two
    /// points is either a wrap or a reset: when the previous value was in the top quarter of the 32-bit (or 64-bit)
    /// range and the new one is in the bottom quarter, the counter wrapped (SNMP Counter32/Counter64, RFC 2578 §7.1.6,
    /// §7.1.10) and the increase is <c>new + 2^bits − previous</c>; otherwise the counter restarted from zero (agent or
    /// device restart) and the increase is the new value, as Prometheus' <c>rate()</c> counts it.
    /// </summary>
    /// <returns>The rate per second, or null with fewer than 2 points or no elapsed time.</returns>
    public static double? Rate(IReadOnlyList<(long TimestampNs, double Value)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2)
        {
            return null;
        }

        double increase = 0;
        for (var i = 1; i < points.Count; i++)
        {
            increase += Increase(points[i - 1].Value, points[i].Value);
        }

        // In doubles, as CounterRates does: points more than 292 years apart (1678 and 2261 are both storable) overflow a
        // long difference, which came out negative and gave no rate.
        var seconds = ((double)points[^1].TimestampNs - points[0].TimestampNs) / 1e9;
        return seconds > 0 ? increase / seconds : null;
    }

    /// <summary>The increase of a counter from <paramref name="previous"/> to <paramref name="current"/>, wraps and resets handled (see <see cref="Rate"/>).</summary>
    public static double Increase(double previous, double current)
    {
        if (current >= previous)
        {
            return current - previous;
        }

        if (previous < Wrap32 && previous >= Wrap32 * 0.75 && current < Wrap32 * 0.25)
        {
            return current + Wrap32 - previous;
        }

        if (previous >= Wrap64 * 0.75 && current < Wrap64 * 0.25)
        {
            return current + Wrap64 - previous;
        }

        return current;
    }
}
