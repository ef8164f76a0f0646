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
    public async Task<IReadOnlyDictionary<long, (long TimestampNs, double Value)>> LastValuesAsync(IReadOnlyList<SeriesInfo> series, long fromNs, long toNs, long stepNs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(series);
        var result = new Dictionary<long, (long, double)>();
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
                byKey[SeriesKey(s.Measurement, s.Tags, s.Field)] = s;
            }

            var statement = InfluxQl.LastPerStep(_rawPolicy, group.Key, SeriesGroups.CommonTenantAndHost(members), fromNs, toNs, stepNs);
            foreach (var resultSeries in Series(await QueryWithTimeoutAsync(statement, cancellationToken)))
            {
                var tags = Tags(resultSeries);
                var columns = resultSeries.GetProperty("columns").EnumerateArray().Select(c => c.GetString() ?? "").ToList();
                var ids = columns.Select(c => c.StartsWith("last_", StringComparison.Ordinal) && byKey.TryGetValue(SeriesKey(group.Key, tags, c[5..]), out var info) ? info.Id : (long?)null).ToList();
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
        }

        return result;
    }
}
