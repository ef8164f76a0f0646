namespace Alpi.Collector.Storage.Influx;

/// <summary>
/// The last values of many series with one Flux query per measurement (<see cref="Flux.LastOfMeasurement"/>,
/// restricted to the tenant and host the series share), on the bucket of raw points.
/// </summary>
public sealed partial class InfluxDb2TimeSeriesStore
{
    /// <inheritdoc />
    /// <exception cref="InfluxDbException">InfluxDB cannot be reached or refuses a query.</exception>
    public Task<IReadOnlyDictionary<long, (long TimestampNs, double Value)>> LastValuesAsync(IReadOnlyList<SeriesInfo> series, long fromNs, long toNs, long stepNs, CancellationToken cancellationToken) =>
        InfluxLastValues.ReadAsync(series, fromNs, toNs, s => s.Field + "\n" + string.Join(",", s.Tags), async (measurement, filters, byKey, result) =>
        {
            foreach (var record in await QueryAsync(Flux.LastOfMeasurement(_options.Bucket!, measurement, filters, fromNs, toNs), cancellationToken))
            {
                if (record.Field is { } field && byKey.TryGetValue(field + "\n" + string.Join(",", Tags(record)), out var info)
                    && record.Time is { } time && record.Value is IConvertible value and not string)
                {
                    result[info.Id] = (SeriesGroups.StepStart(time, stepNs), value.ToDouble(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        });
}
