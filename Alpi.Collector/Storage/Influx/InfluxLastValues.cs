namespace Alpi.Collector.Storage.Influx;

/// <summary>
/// The part of <see cref="ITimeSeriesStore.LastValuesAsync"/> both InfluxDB stores share: the argument checks, one query
/// per measurement restricted to the tenant and host its series share (<see cref="SeriesGroups.CommonTenantAndHost"/>),
/// and the lookup of the series a returned row belongs to. The store states how a series is keyed and runs the query
/// (InfluxQL for InfluxDB 1.x, Flux for 2.x).
/// </summary>
public static class InfluxLastValues
{
    /// <summary>
    /// Reads the last values of <paramref name="series"/>: groups them by measurement and calls
    /// <paramref name="readMeasurementAsync"/> once per measurement with the measurement name, its tenant and host tag
    /// filters, its series by the key <paramref name="keyOf"/> gives, and the result to fill (series id → start of the
    /// step, in ns since the epoch, and value). Empty when <paramref name="toNs"/> is not after <paramref name="fromNs"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="series"/>, <paramref name="keyOf"/> or <paramref name="readMeasurementAsync"/> is null.</exception>
    /// <remarks>Whatever <paramref name="readMeasurementAsync"/> throws (an <see cref="InfluxDbException"/> for a failed query) propagates.</remarks>
    public static async Task<IReadOnlyDictionary<long, (long TimestampNs, double Value)>> ReadAsync(
        IReadOnlyList<SeriesInfo> series,
        long fromNs,
        long toNs,
        Func<SeriesInfo, string> keyOf,
        Func<string, IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, SeriesInfo>, Dictionary<long, (long TimestampNs, double Value)>, Task> readMeasurementAsync)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(keyOf);
        ArgumentNullException.ThrowIfNull(readMeasurementAsync);
        var result = new Dictionary<long, (long TimestampNs, double Value)>();
        if (toNs <= fromNs)
        {
            return result;
        }

        foreach (var group in series.GroupBy(s => s.Measurement, StringComparer.Ordinal))
        {
            var members = group.ToList();
            var byKey = new Dictionary<string, SeriesInfo>(StringComparer.Ordinal);
            foreach (var s in members)
            {
                byKey[keyOf(s)] = s;
            }

            await readMeasurementAsync(group.Key, SeriesGroups.CommonTenantAndHost(members), byKey, result);
        }

        return result;
    }
}
