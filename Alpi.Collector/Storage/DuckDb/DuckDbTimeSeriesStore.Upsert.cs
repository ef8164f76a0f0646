using System.Globalization;
using DuckDB.NET.Data;

namespace Alpi.Collector.Storage.DuckDb;

/// <summary>
/// Idempotent writes: one row per series and timestamp in <c>points</c> and <c>string_points</c> together, the last
/// value written winning — what InfluxDB does with a point of the same series and timestamp (InfluxDB documentation,
/// "Duplicate points"), so that a batch delivered twice (an MQTT QoS 1 redelivery after a crash, an agent's resend) is
/// stored once.
/// <para>
/// No index enforces it: an ART index over billions of points would cost more memory and ingest time than the rare
/// duplicate is worth. Instead the store keeps the latest committed timestamp of each series (read back at start with
/// one <c>max(ts)</c> per series), and <see cref="ValueRouting"/> sends a value through the upsert only when it is not
/// after it (or not after an earlier value of its series in the same write). The upsert, in the write's transaction:
/// the suspects, last one winning per series and timestamp, go into the connection's temporary table
/// <c>upsert_stage</c>; the rows they replace are deleted from both tables (the scan limited to the suspects' time
/// range, which DuckDB's zone maps narrow to a few row groups; numeric rows from <c>points_recent</c>,
/// <c>points_compacted</c> and <c>points_hourly</c>); then they are inserted (numeric ones into <c>points_recent</c>).
/// </para>
/// <para>
/// A replaced value that lay before the rollup watermark keeps its first value in the 5-minute aggregates (the raw
/// point is replaced, the aggregate row not corrected); a new out-of-order value there is added to the aggregates as
/// any late point. Source: DuckDB documentation, "DELETE Statement" (USING, RETURNING), "Temporary Tables", "Zonemaps".
/// </para>
/// </summary>
public sealed partial class DuckDbTimeSeriesStore
{
    /// <summary>Latest committed timestamp (ns) per series id; read and written under the write lock.</summary>
    private readonly Dictionary<long, long> _lastTimestamps = [];

    /// <summary>
    /// Per series id holding values, whether they are strings (else numbers): the type a value must have to be stored in
    /// it (see <c>DuckDbTimeSeriesStore.cs</c>, field type conflicts); read and written under the write lock.
    /// </summary>
    private readonly Dictionary<long, bool> _seriesText = [];
    private long _replacedValues;

    /// <summary>Stored values replaced by a value of the same series and timestamp since start (redeliveries, resends).</summary>
    public long ReplacedValues => Interlocked.Read(ref _replacedValues);

    /// <summary>
    /// Creates the staging table of the writer's connection and reads each series' latest timestamp and the type of its
    /// latest value (a series that holds both, from before types were enforced, keeps the type of its latest value).
    /// </summary>
    private void InitializeUpsert(DuckDBConnection connection)
    {
        Execute(connection, "CREATE TEMPORARY TABLE IF NOT EXISTS upsert_stage (series_id BIGINT, ts BIGINT, value DOUBLE, text VARCHAR)");
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT series_id, max(ts), arg_max(is_text, ts) FROM (
                    SELECT series_id, max(ts) AS ts, false AS is_text FROM points GROUP BY series_id
                    UNION ALL SELECT series_id, max(ts) AS ts, true AS is_text FROM string_points GROUP BY series_id)
                GROUP BY series_id
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                _lastTimestamps[reader.GetInt64(0)] = reader.GetInt64(1);
                _seriesText[reader.GetInt64(0)] = reader.GetBoolean(2);
            }
        }

        LoadLastValues(connection);
    }

    /// <summary>
    /// Writes the suspects in the current transaction, replacing the stored values of the same series and timestamps.
    /// The caller holds the write lock.
    /// </summary>
    /// <returns>The number of stored values replaced.</returns>
    private long Upsert(DuckDBConnection writer, List<SuspectValue> suspects)
    {
        var last = new Dictionary<(long Series, long Ts), SuspectValue>(suspects.Count);
        long from = long.MaxValue, to = long.MinValue;
        foreach (var value in suspects)
        {
            last[(value.Series, value.Ts)] = value;
            from = Math.Min(from, value.Ts);
            to = Math.Max(to, value.Ts);
        }

        Execute(writer, "DELETE FROM upsert_stage");
        using (var appender = writer.CreateAppender("temp", "main", "upsert_stage"))
        {
            foreach (var value in last.Values)
            {
                var row = appender.CreateRow().AppendValue(value.Series).AppendValue(value.Ts);
                (value.Text is null ? row.AppendValue(value.Number).AppendNullValue() : row.AppendNullValue().AppendValue(value.Text)).EndRow();
            }
        }

        // What was there before, numeric: those values are already in the aggregates when before the watermark.
        var replacedNumeric = new HashSet<(long, long)>();
        foreach (var table in (ReadOnlySpan<string>)["points_recent", "points_compacted", "points_hourly"])
        {
            using var command = writer.CreateCommand();
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
                DELETE FROM {table} USING upsert_stage s
                WHERE {table}.series_id = s.series_id AND {table}.ts = s.ts AND {table}.ts BETWEEN {from} AND {to}
                RETURNING {table}.series_id, {table}.ts
                """);
            using var rows = command.ExecuteReader();
            while (rows.Read())
            {
                replacedNumeric.Add((rows.GetInt64(0), rows.GetInt64(1)));
            }
        }

        var replacedText = ExecuteCount(writer, string.Create(CultureInfo.InvariantCulture, $"""
            DELETE FROM string_points USING upsert_stage s
            WHERE string_points.series_id = s.series_id AND string_points.ts = s.ts AND string_points.ts BETWEEN {from} AND {to}
            """));
        Execute(writer, """
            INSERT INTO points_recent SELECT series_id, ts, value FROM upsert_stage WHERE text IS NULL;
            INSERT INTO string_points SELECT series_id, ts, text FROM upsert_stage WHERE text IS NOT NULL;
            """);

        var late = new List<(long Series, long Ts, double Value)>();
        foreach (var value in last.Values)
        {
            if (value.Text is null && !replacedNumeric.Contains((value.Series, value.Ts)))
            {
                late.Add((value.Series, value.Ts, value.Number));
            }
        }

        AppendLateValues(writer, late);
        return replacedNumeric.Count + replacedText;
    }
}
