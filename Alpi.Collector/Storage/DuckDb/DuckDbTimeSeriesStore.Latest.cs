using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Alpi.Collector.Storage.Retention;
using DuckDB.NET.Data;

namespace Alpi.Collector.Storage.DuckDb;

/// <summary>
/// The last values of many series (<see cref="LastValuesAsync"/>), from memory: the store keeps each series' latest
/// committed numeric value and its timestamp (ns since the epoch), read once at start
/// (<c>SELECT series_id, max(ts), arg_max(value, ts) FROM points GROUP BY series_id</c>) and updated after each write's
/// commit (a redelivered value at the latest timestamp replaces it, as it replaces the stored one). That value answers
/// the range [from, to) when it lies in it (the last value in the range is the series' last value) and tells that the
/// series has none there when it lies before <c>from</c>. The store is asked, in one statement, only for what memory
/// cannot tell: series whose latest value lies at or after <c>to</c> (a range in the past, or points from the future),
/// a value whose timestamp was later taken by a string value, and ranges reaching before the raw points kept
/// (<c>raw_kept_from</c>), where the 5-minute aggregates' last values (<c>rollup_5m.last_ts</c>, <c>last_value</c>)
/// stand in for deleted points: <c>SELECT series_id, max(ts), arg_max(value, ts) FROM points WHERE series_id IN (…)
/// AND ts &gt;= from AND ts &lt; to GROUP BY series_id</c>. Source: DuckDB documentation, "Aggregate functions" (arg_max).
/// </summary>
public sealed partial class DuckDbTimeSeriesStore
{
    /// <summary>
    /// Latest committed numeric value per series id: (ns since the epoch, value, stale). Stale: a string value took the
    /// place of the numeric value at <c>Ts</c>, and the latest numeric one, before it, is in the store only.
    /// Written under the write lock, read by any thread.
    /// </summary>
    private readonly ConcurrentDictionary<long, (long Ts, double Value, bool Stale)> _lastValues = new();

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<long, (long TimestampNs, double Value)>> LastValuesAsync(IReadOnlyList<SeriesInfo> series, long fromNs, long toNs, long stepNs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(series);
        var readers = Readers;
        var result = new Dictionary<long, (long, double)>();
        if (series.Count == 0 || toNs <= fromNs)
        {
            return result;
        }

        var step = Math.Max(1, stepNs);
        var ask = new List<long>();
        foreach (var id in series.Select(s => s.Id).Distinct())
        {
            if (fromNs < RawKeptFromNs)
            {
                ask.Add(id); // the aggregates may hold the last value of a series whose raw points are deleted
            }
            else if (_lastValues.TryGetValue(id, out var last))
            {
                if (last.Stale || last.Ts >= toNs)
                {
                    ask.Add(id);
                }
                else if (last.Ts >= fromNs)
                {
                    result[id] = (SeriesGroups.StepStart(last.Ts, step), last.Value);
                }
            }
        }

        if (ask.Count == 0)
        {
            return result;
        }

        var ids = string.Join(",", ask.Select(id => id.ToString(CultureInfo.InvariantCulture)));
        var sql = new StringBuilder("SELECT series_id, max(ts), arg_max(v, ts) FROM (")
            .Append(CultureInfo.InvariantCulture, $"SELECT series_id, ts, value AS v FROM points WHERE series_id IN ({ids}) AND ts >= {fromNs} AND ts < {toNs}");
        if (fromNs < RawKeptFromNs)
        {
            // Raw points before this boundary are deleted: their buckets' last values stand in for them.
            sql.Append(CultureInfo.InvariantCulture, $" UNION ALL SELECT series_id, last_ts, last_value FROM rollup_5m WHERE series_id IN ({ids}) AND bucket >= {RollupBuckets.Floor(fromNs)} AND bucket < {toNs} AND last_ts >= {fromNs} AND last_ts < {toNs}");
        }

        sql.Append(") GROUP BY series_id");
        using (var lease = await readers.RentAsync(cancellationToken))
        {
            using var command = lease.Connection.CreateCommand();
            command.CommandText = sql.ToString();
            using var rows = command.ExecuteReader();
            while (rows.Read())
            {
                result[rows.GetInt64(0)] = (SeriesGroups.StepStart(rows.GetInt64(1), step), rows.GetDouble(2));
            }
        }

        return result;
    }

    /// <summary>Reads each series' latest numeric value at start (the caller holds the only connection).</summary>
    private void LoadLastValues(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT series_id, max(ts), arg_max(value, ts) FROM points GROUP BY series_id";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            _lastValues[reader.GetInt64(0)] = (reader.GetInt64(1), reader.GetDouble(2), false);
        }
    }

    /// <summary>
    /// After a write's commit (under the write lock): the new numeric values, then the suspects in arrival order, each
    /// taking the place of the remembered value when at or after its timestamp — the value the upsert left stored. A
    /// string value at the remembered timestamp deleted the numeric one there: that series is then read from the store.
    /// </summary>
    private void RememberLastValues(ValueRouting values)
    {
        // The new numeric values of a series come in increasing time order: its last one is the one that stays.
        foreach (var (series, ts, value) in values.LatestNumeric())
        {
            Remember(series, ts, value);
        }

        foreach (var suspect in values.Suspects)
        {
            if (suspect.Text is null)
            {
                Remember(suspect.Series, suspect.Ts, suspect.Number);
            }
            else if (_lastValues.TryGetValue(suspect.Series, out var last) && last.Ts == suspect.Ts)
            {
                _lastValues[suspect.Series] = (last.Ts, double.NaN, true);
            }
        }
    }

    private void Remember(long series, long ts, double value)
    {
        if (!_lastValues.TryGetValue(series, out var last) || ts >= last.Ts)
        {
            _lastValues[series] = (ts, value, false);
        }
    }
}
