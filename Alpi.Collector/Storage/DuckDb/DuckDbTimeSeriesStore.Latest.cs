using System.Globalization;
using System.Text;
using Alpi.Collector.Storage.Retention;

namespace Alpi.Collector.Storage.DuckDb;

/// <summary>
/// The last values of many series in one statement (<see cref="LastValuesAsync"/>):
/// <c>SELECT series_id, max(ts), arg_max(value, ts) FROM points WHERE series_id IN (…) AND ts &gt;= from AND ts &lt; to
/// GROUP BY series_id</c>, with the 5-minute aggregates' last values (<c>rollup_5m.last_ts</c>, <c>last_value</c>) added
/// when part of the range is older than the raw points kept. Source: DuckDB documentation, "Aggregate functions" (arg_max).
/// </summary>
public sealed partial class DuckDbTimeSeriesStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<long, (long TimestampNs, double Value)>> LastValuesAsync(IReadOnlyList<SeriesInfo> series, long fromNs, long toNs, long stepNs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(series);
        var reader = _reader ?? throw new InvalidOperationException("The store is not initialised.");
        var result = new Dictionary<long, (long, double)>();
        if (series.Count == 0 || toNs <= fromNs)
        {
            return result;
        }

        var step = Math.Max(1, stepNs);
        var ids = string.Join(",", series.Select(s => s.Id).Distinct().Select(id => id.ToString(CultureInfo.InvariantCulture)));
        var sql = new StringBuilder("SELECT series_id, max(ts), arg_max(v, ts) FROM (")
            .Append(CultureInfo.InvariantCulture, $"SELECT series_id, ts, value AS v FROM points WHERE series_id IN ({ids}) AND ts >= {fromNs} AND ts < {toNs}");
        if (fromNs < RawKeptFromNs)
        {
            // Raw points before this boundary are deleted: their buckets' last values stand in for them.
            sql.Append(CultureInfo.InvariantCulture, $" UNION ALL SELECT series_id, last_ts, last_value FROM rollup_5m WHERE series_id IN ({ids}) AND bucket >= {RollupBuckets.Floor(fromNs)} AND bucket < {toNs} AND last_ts >= {fromNs} AND last_ts < {toNs}");
        }

        sql.Append(") GROUP BY series_id");
        await _readLock.WaitAsync(cancellationToken);
        try
        {
            using var command = reader.CreateCommand();
            command.CommandText = sql.ToString();
            using var rows = command.ExecuteReader();
            while (rows.Read())
            {
                result[rows.GetInt64(0)] = (SeriesGroups.StepStart(rows.GetInt64(1), step), rows.GetDouble(2));
            }
        }
        finally
        {
            _readLock.Release();
        }

        return result;
    }
}
