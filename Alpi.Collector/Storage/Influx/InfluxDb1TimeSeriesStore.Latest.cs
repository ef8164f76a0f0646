using System.Text.Json;

namespace Alpi.Collector.Storage.Influx;

/// <summary>
/// The last values of many series with one InfluxQL statement per measurement (<see cref="InfluxQl.LastPerStep"/>,
/// restricted to the tenant and host the series share), read from the raw points' retention policy: a series whose
/// last point is older than the raw retention has no current value.
/// </summary>
public sealed partial class InfluxDb1TimeSeriesStore
{
    /// <inheritdoc />
    /// <exception cref="InfluxDbException">InfluxDB cannot be reached or refuses a statement.</exception>
    public Task<IReadOnlyDictionary<long, (long TimestampNs, double Value)>> LastValuesAsync(IReadOnlyList<SeriesInfo> series, long fromNs, long toNs, long stepNs, CancellationToken cancellationToken) =>
        InfluxLastValues.ReadAsync(series, fromNs, toNs, s => SeriesKey(s.Measurement, s.Tags, s.Field), async (measurement, filters, byKey, result) =>
        {
            var statement = InfluxQl.LastPerStep(_rawPolicy, measurement, filters, fromNs, toNs, stepNs);
            foreach (var resultSeries in Series(await QueryWithTimeoutAsync(statement, cancellationToken)))
            {
                var tags = Tags(resultSeries);
                var columns = resultSeries.GetProperty("columns").EnumerateArray().Select(c => c.GetString() ?? "").ToList();
                var ids = columns.Select(c => c.StartsWith("last_", StringComparison.Ordinal) && byKey.TryGetValue(SeriesKey(measurement, tags, c[5..]), out var info) ? info.Id : (long?)null).ToList();
                foreach (var row in resultSeries.GetProperty("values").EnumerateArray())
                {
                    var time = row[0].GetInt64();
                    for (var i = 1; i < columns.Count && i < row.GetArrayLength(); i++)
                    {
                        // Rows come oldest first: the last numeric value of a column wins.
                        if (ids[i] is { } id && row[i].ValueKind == JsonValueKind.Number)
                        {
                            result[id] = (SeriesGroups.StepStart(time, stepNs), row[i].GetDouble());
                        }
                    }
                }
            }
        });
}
