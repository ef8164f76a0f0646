namespace Alpi.Collector.Storage;

/// <summary>The <see cref="Aggregation.Rate"/> reduction shared by every store, so that they answer alike.</summary>
internal static class CounterRates
{
    /// <summary>
    /// Per-second rates between consecutive steps' last values (step start in nanoseconds, value), the first step
    /// only serving as a previous value when it lies before <paramref name="fromNs"/>; a decrease is a counter reset
    /// and yields no point for that step.
    /// </summary>
    public static List<(long, double)> Compute(IReadOnlyList<(long Ts, double Value)> lasts, long fromNs)
    {
        var rates = new List<(long, double)>(lasts.Count);
        for (var i = 1; i < lasts.Count; i++)
        {
            var (ts, value) = lasts[i];
            var (previousTs, previous) = lasts[i - 1];
            if (ts < fromNs || value < previous)
            {
                continue;
            }

            // In doubles: two steps more than 292 years apart (1678 and 2261 are both storable) overflow a long difference.
            var seconds = ((double)ts - previousTs) / 1e9;
            rates.Add((ts, (value - previous) / seconds));
        }

        return rates;
    }
}
