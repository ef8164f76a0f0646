namespace Alpi.Collector.Storage;

/// <summary>Helpers of the stores' <see cref="ITimeSeriesStore.LastValuesAsync"/>: grouping series into one query per measurement.</summary>
public static class SeriesGroups
{
    /// <summary>
    /// The <c>tenant</c> and <c>host</c> tag filters every series of <paramref name="series"/> satisfies (one tenant, one
    /// host), so that a query per measurement reads only them; empty when they span several.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="series"/> is null.</exception>
    public static IReadOnlyDictionary<string, string> CommonTenantAndHost(IReadOnlyCollection<SeriesInfo> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (series.Count > 0)
        {
            var first = series.First();
            if (series.All(s => s.Tenant == first.Tenant))
            {
                filters["tenant"] = first.Tenant;
            }

            if (series.All(s => s.Host == first.Host))
            {
                filters["host"] = first.Host;
            }
        }

        return filters;
    }

    /// <summary>The start of the step of <paramref name="stepNs"/> (at least 1) holding <paramref name="timestampNs"/>, steps aligned on the epoch.</summary>
    public static long StepStart(long timestampNs, long stepNs)
    {
        var step = Math.Max(1, stepNs);
        return timestampNs - (((timestampNs % step) + step) % step);
    }
}
