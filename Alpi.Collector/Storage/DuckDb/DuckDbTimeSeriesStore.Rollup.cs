using System.Globalization;
using Alpi.Collector.Storage.Retention;
using DuckDB.NET.Data;

namespace Alpi.Collector.Storage.DuckDb;

/// <summary>
/// Retention and downsampling of the embedded store. Aggregates: <c>rollup_5m(series_id, bucket, value_count, value_sum,
/// value_min, value_max, last_ts, last_value)</c>, one row per series and 5-minute bucket (<see cref="RollupBuckets"/>), a
/// view over <c>rollup_5m_recent</c>, where rollup runs and late points append, and <c>rollup_5m_daily</c>, one part per
/// closed day sorted by series (<see cref="MergeDaysAsync"/>; a store of an earlier version has its <c>rollup_5m</c> table
/// renamed to <c>rollup_5m_recent</c> on opening);
/// and <c>retention_state(name, value)</c> holding <c>rolled_up_before</c> (the watermark: every bucket before it is
/// rolled up) and <c>raw_kept_from</c> (raw points before it are deleted), nanoseconds since the epoch.
/// <para>
/// <see cref="RunRollupAsync"/> first lays the completed buckets' raw points out by series (<see cref="CompactAsync"/>),
/// then rolls up the completed buckets from the watermark on, in parts of at most 6 hours, each
/// part's rows and its new watermark committed in one transaction (a restart neither redoes nor skips a bucket; a second
/// run finds nothing to do); then deletes raw points older than <see cref="RetentionOptions.RawRetentionDays"/> but never
/// past the watermark, and aggregates older than <see cref="RetentionOptions.RollupRetentionDays"/>; last, merges the
/// closed hours' compacted parts into one part per hour (<see cref="MergeHoursAsync"/>) and the days rolled up into one
/// part of aggregates per day (<see cref="MergeDaysAsync"/>).
/// A point that arrives after its bucket was rolled up (an agent's buffer replayed after an outage) is added to the
/// aggregates by the write that stores it, as one more row of its bucket: queries merge a bucket's rows, so late points
/// are never missing from the aggregates.
/// </para>
/// <para>
/// Queries (<see cref="RollupPlan"/>) read the aggregates before the watermark when the step is 5 minutes or more, and
/// before <c>raw_kept_from</c> otherwise. Source: DuckDB documentation, "Aggregate functions" (arg_max), "DELETE".
/// </para>
/// </summary>
public sealed partial class DuckDbTimeSeriesStore : IRollupMaintenance
{
    /// <summary>Most raw time rolled up in one transaction: 6 hours.</summary>
    private const long PartNs = 6L * 3600 * 1_000_000_000;

    private const string RolledUpBeforeKey = "rolled_up_before";
    private const string RawKeptFromKey = "raw_kept_from";

    private long _rolledUpBefore = long.MinValue;
    private long _rawKeptFrom = long.MinValue;

    /// <summary>Every 5-minute bucket before this instant is rolled up (<see cref="long.MinValue"/>: none yet).</summary>
    public long RolledUpBeforeNs => Volatile.Read(ref _rolledUpBefore);

    /// <summary>Raw points before this instant are deleted (<see cref="long.MinValue"/>: none).</summary>
    public long RawKeptFromNs => Volatile.Read(ref _rawKeptFrom);

    /// <inheritdoc />
    public async Task<RollupRun> RunRollupAsync(DateTimeOffset now, RetentionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var writer = _writer ?? throw new InvalidOperationException("The store is not initialised.");
        var nowNs = RollupBuckets.ToNs(now);
        var end = RollupBuckets.Floor(nowNs - (options.Delay.Ticks * 100));
        // The closed buckets first laid out by series (Compaction.cs), then rolled up from there.
        await CompactAsync(end, cancellationToken);
        long written = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                var start = RolledUpBeforeNs == long.MinValue ? FirstBucketFrom(writer, long.MinValue) ?? end : RolledUpBeforeNs;
                if (start >= end)
                {
                    break;
                }

                var partEnd = Math.Min(end, start + PartNs);
                long rows;
                using (var transaction = writer.BeginTransaction())
                {
                    rows = ExecuteCount(writer, string.Create(CultureInfo.InvariantCulture, $"""
                        INSERT INTO rollup_5m_recent
                        SELECT series_id, ts - ((ts % {RollupBuckets.WidthNs}) + {RollupBuckets.WidthNs}) % {RollupBuckets.WidthNs} AS bucket,
                               count(*), sum(value), min(value), max(value), max(ts), arg_max(value, ts)
                        FROM points WHERE ts >= {start} AND ts < {partEnd} GROUP BY series_id, bucket ORDER BY series_id, bucket
                        """));
                    if (rows == 0)
                    {
                        // Nothing there: jump to the next bucket holding points, or to the end.
                        partEnd = Math.Min(end, FirstBucketFrom(writer, partEnd) ?? end);
                    }

                    SetState(writer, RolledUpBeforeKey, partEnd);
                    transaction.Commit();
                }

                Volatile.Write(ref _rolledUpBefore, partEnd);
                written += rows;
            }
            finally
            {
                _writeLock.Release();
            }
        }

        var (rawDeleted, aggregatesDeleted) = await PurgeAsync(writer, nowNs, options, cancellationToken);
        // Last: a long catch-up of periods to merge (a store of an earlier version) never delays the aggregates or the purge.
        var merged = await MergeHoursAsync(end, cancellationToken);
        var aggregatesMerged = RolledUpBeforeNs == long.MinValue ? 0 : await MergeDaysAsync(RolledUpBeforeNs, cancellationToken);
        return new RollupRun(RolledUpBeforeNs, written, rawDeleted, aggregatesDeleted, merged, aggregatesMerged);
    }

    private async Task<(long Raw, long Aggregates)> PurgeAsync(DuckDBConnection writer, long nowNs, RetentionOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            long raw = 0;
            // Never past the watermark: a raw point is deleted only once its bucket is in the aggregates.
            var rawKeptFrom = Math.Min(RolledUpBeforeNs, RollupBuckets.Floor(nowNs - (options.RawRetention.Ticks * 100)));
            if (RolledUpBeforeNs != long.MinValue && rawKeptFrom > RawKeptFromNs)
            {
                // Queries read the aggregates below the new boundary from now on: they are complete there already.
                Volatile.Write(ref _rawKeptFrom, rawKeptFrom);
                using var transaction = writer.BeginTransaction();
                raw = ExecuteCount(writer, string.Create(CultureInfo.InvariantCulture, $"DELETE FROM points_hourly WHERE ts < {rawKeptFrom}"))
                    + ExecuteCount(writer, string.Create(CultureInfo.InvariantCulture, $"DELETE FROM points_compacted WHERE ts < {rawKeptFrom}"))
                    + ExecuteCount(writer, string.Create(CultureInfo.InvariantCulture, $"DELETE FROM points_recent WHERE ts < {rawKeptFrom}"))
                    + ExecuteCount(writer, string.Create(CultureInfo.InvariantCulture, $"DELETE FROM string_points WHERE ts < {rawKeptFrom}"));
                SetState(writer, RawKeptFromKey, rawKeptFrom);
                transaction.Commit();
            }

            var aggregatesKeptFrom = RollupBuckets.Floor(nowNs - (options.RollupRetention.Ticks * 100));
            var aggregates = ExecuteCount(writer, string.Create(CultureInfo.InvariantCulture, $"DELETE FROM rollup_5m_daily WHERE bucket < {aggregatesKeptFrom}"))
                + ExecuteCount(writer, string.Create(CultureInfo.InvariantCulture, $"DELETE FROM rollup_5m_recent WHERE bucket < {aggregatesKeptFrom}"));
            return (raw, aggregates);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The columns of the aggregates' tables, in table order.</summary>
    private const string AggregateColumns = "series_id, bucket, value_count, value_sum, value_min, value_max, last_ts, last_value";

    /// <summary>
    /// Creates the aggregates' tables and view and the state table when missing (renaming the <c>rollup_5m</c> table of an
    /// earlier version to <c>rollup_5m_recent</c> first), and reads the watermark and the raw boundary.
    /// </summary>
    private void InitializeRollup(DuckDBConnection connection)
    {
        using (var kind = connection.CreateCommand())
        {
            kind.CommandText = "SELECT table_type FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'rollup_5m'";
            if (kind.ExecuteScalar() is string type && type == "BASE TABLE")
            {
                Execute(connection, "ALTER TABLE rollup_5m RENAME TO rollup_5m_recent");
            }
        }

        const string Columns = """
            (series_id BIGINT NOT NULL, bucket BIGINT NOT NULL, value_count BIGINT NOT NULL, value_sum DOUBLE NOT NULL,
             value_min DOUBLE NOT NULL, value_max DOUBLE NOT NULL, last_ts BIGINT NOT NULL, last_value DOUBLE NOT NULL)
            """;
        Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS rollup_5m_recent {Columns};
            CREATE TABLE IF NOT EXISTS rollup_5m_daily {Columns};
            CREATE OR REPLACE VIEW rollup_5m AS
                SELECT {AggregateColumns} FROM rollup_5m_daily UNION ALL SELECT {AggregateColumns} FROM rollup_5m_recent;
            CREATE TABLE IF NOT EXISTS retention_state (name VARCHAR PRIMARY KEY, value BIGINT NOT NULL);
            """);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, value FROM retention_state";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            switch (reader.GetString(0))
            {
                case RolledUpBeforeKey:
                    Volatile.Write(ref _rolledUpBefore, reader.GetInt64(1));
                    break;
                case RawKeptFromKey:
                    Volatile.Write(ref _rawKeptFrom, reader.GetInt64(1));
                    break;
            }
        }
    }

    /// <summary>
    /// Adds the numeric values of a write that fall before the watermark to the aggregates, one row each, in the write's
    /// transaction (the caller holds the write lock, as the rollup does).
    /// </summary>
    private void AppendLateValues(DuckDBConnection writer, List<(long Series, long Ts, double Value)> numeric)
    {
        var watermark = RolledUpBeforeNs;
        if (watermark == long.MinValue)
        {
            return;
        }

        DuckDBAppender? appender = null;
        try
        {
            foreach (var (series, ts, value) in numeric)
            {
                if (ts < watermark)
                {
                    appender ??= writer.CreateAppender("rollup_5m_recent");
                    appender.CreateRow().AppendValue(series).AppendValue(RollupBuckets.Floor(ts)).AppendValue(1L)
                        .AppendValue(value).AppendValue(value).AppendValue(value).AppendValue(ts).AppendValue(value).EndRow();
                }
            }
        }
        finally
        {
            appender?.Dispose();
        }
    }

    /// <summary>Reads a query that needs aggregates (<see cref="RollupPlan.ReadsAggregates"/>): both parts as partials, merged per step.</summary>
    private async Task<IReadOnlyList<SeriesPoints>> QueryWithAggregatesAsync(
        SeriesQuery query, IReadOnlyList<SeriesInfo> matched, RollupPlan plan, CancellationToken cancellationToken)
    {
        var ids = string.Join(",", matched.Select(s => s.Id.ToString(CultureInfo.InvariantCulture)));
        var aggregateStep = plan.AggregateStepNs;
        var aggregates = matched.ToDictionary(s => s.Id, _ => new List<(long, PartialAggregate)>());
        var raw = matched.ToDictionary(s => s.Id, _ => new List<(long, PartialAggregate)>());
        // Both statements on one connection, one after the other: the pool's other connections serve other reads meanwhile.
        using (var lease = await Readers.RentAsync(cancellationToken))
        {
            ReadPartials(lease.Connection, aggregates, aggregateStep, plan.FromNs, string.Create(CultureInfo.InvariantCulture, $"""
                SELECT series_id, {StepBuckets.SqlStepNumber("bucket", aggregateStep)} AS k, CAST(sum(value_count) AS BIGINT),
                       sum(value_sum), min(value_min), max(value_max), arg_max(last_value, last_ts)
                FROM rollup_5m WHERE series_id IN ({ids}) AND bucket >= {plan.FirstBucketNs} AND bucket < {plan.SplitNs}
                GROUP BY series_id, k
                """));
            if (plan.ReadsRaw)
            {
                ReadPartials(lease.Connection, raw, plan.StepNs, plan.FromNs, string.Create(CultureInfo.InvariantCulture, $"""
                    SELECT series_id, {StepBuckets.SqlStepNumber("ts", plan.StepNs)} AS k, count(*), sum(value), min(value), max(value), arg_max(value, ts)
                    FROM points WHERE series_id IN ({ids}) AND ts >= {plan.SplitNs} AND ts < {plan.ToNs}
                    GROUP BY series_id, k
                    """));
            }
        }

        return matched.Select(s => new SeriesPoints(s, plan.Merge(aggregates[s.Id], raw[s.Id], query.Aggregation, query.FromNs))).ToList();
    }

    /// <summary>Reads partials keyed by step number (<see cref="StepBuckets.SqlStepNumber"/>) as keyed by step label.</summary>
    private static void ReadPartials(DuckDBConnection reader, Dictionary<long, List<(long, PartialAggregate)>> into, long stepNs, long notBeforeNs, string sql)
    {
        using var command = reader.CreateCommand();
        command.CommandText = sql;
        using var rows = command.ExecuteReader();
        while (rows.Read())
        {
            into[rows.GetInt64(0)].Add((StepBuckets.LabelOfStep(rows.GetInt64(1), stepNs, notBeforeNs),
                new PartialAggregate(rows.GetInt64(2), rows.GetDouble(3), rows.GetDouble(4), rows.GetDouble(5), rows.GetDouble(6))));
        }
    }

    /// <summary>The start of the bucket of the earliest point at or after <paramref name="fromNs"/>, or null when there is none.</summary>
    private static long? FirstBucketFrom(DuckDBConnection connection, long fromNs)
    {
        using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"SELECT min(ts) FROM points WHERE ts >= {fromNs}");
        return command.ExecuteScalar() is long ts ? RollupBuckets.Floor(ts) : null;
    }

    private static void SetState(DuckDBConnection connection, string name, long value) =>
        Execute(connection, string.Create(CultureInfo.InvariantCulture, $"INSERT OR REPLACE INTO retention_state VALUES ('{name}', {value})"));

    private static long ExecuteCount(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }
}
