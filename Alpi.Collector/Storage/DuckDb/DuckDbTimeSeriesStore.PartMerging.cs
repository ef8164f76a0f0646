using System.Globalization;

namespace Alpi.Collector.Storage.DuckDb;

/// <summary>
/// Long sorted parts: each closed hour of raw points and each closed day of 5-minute aggregates is moved, once closed,
/// into a table where it lies as one part sorted by series then time, so that a query for a few series reads a few row
/// groups per hour or per day of its range instead of one per part written.
/// <list type="bullet">
/// <item><see cref="MergeHoursAsync"/>: <c>points_compacted</c> → <c>points_hourly</c> (columns <c>series_id, ts, value</c>,
/// ts in ns since the epoch). Compaction (<c>DuckDbTimeSeriesStore.Compaction.cs</c>) runs with the rollup job, every
/// 5 minutes in steady state, so a day of raw points lay in 288 parts: with 5,000 series over 24 hours, a host page's five
/// chart reads took 618 ms on 5-minute parts against 59 ms on hour parts (<c>bench/Alpi.ChartReadBench</c>).</item>
/// <item><see cref="MergeDaysAsync"/>: <c>rollup_5m_recent</c> → <c>rollup_5m_daily</c> (the aggregates' columns,
/// <c>bucket</c> in ns). Each rollup run appends one row per series and 5-minute bucket, all series of a bucket side by
/// side, so every row group held every series: a 7-day chart of 3 series over 5,000 series' aggregates read 128 ms in
/// that layout against 19 ms in day parts (a DuckDB 1.5 console measurement, 2026-12-01), and the first grows with the
/// number of series.</item>
/// </list>
/// <para>
/// A period (hour, day; aligned on the epoch, UTC) is merged once it has ended before the given instant. It is moved in
/// transactions of about <see cref="MergeChunkRows"/> rows (equal shares of the period's range of series ids, in
/// increasing order; a share is larger where the ids are unevenly filled), so the period's part stays sorted by series
/// across its transactions while the write lock (ingest waits on it) is held for one of them at a time. Each transaction
/// copies its rows sorted, deletes the originals and commits both or neither: a crash between them leaves the rows where
/// they were, nothing duplicated or lost, and the next run merges them. Rows written after their period was merged (late
/// points, an agent's buffer replayed) are merged by the next run as a small part of their own.
/// Source: DuckDB documentation, "Indexing" (zonemaps), "Performance guide: schema", "Transaction management".
/// </para>
/// </summary>
public sealed partial class DuckDbTimeSeriesStore
{
    /// <summary>One hour in ns.</summary>
    private const long HourNs = 3600L * 1_000_000_000;

    /// <summary>One day in ns.</summary>
    private const long DayNs = 24 * HourNs;

    /// <summary>Raw points: the closed hours of the compacted parts into hour parts.</summary>
    private static readonly PartMerge RawHours = new("points_compacted", "points_hourly", "ts", "series_id, ts, value", HourNs);

    /// <summary>5-minute aggregates: the closed days of the rollup runs' rows into day parts.</summary>
    private static readonly PartMerge AggregateDays = new("rollup_5m_recent", "rollup_5m_daily", "bucket", AggregateColumns, DayNs);

    /// <summary>
    /// Rows moved in one transaction of a merge, about (default 1,000,000: about what compaction moves at once with 50,000
    /// series); the write lock is held for one such transaction. Tests set fewer.
    /// </summary>
    internal long MergeChunkRows { get; set; } = 1_000_000;

    /// <summary>
    /// Test hook: called inside a merge transaction, after the sorted copy and before the delete of the originals.
    /// Throwing from it rolls that transaction back, as a crash there would.
    /// </summary>
    internal Action? AfterMergeCopy { get; set; }

    /// <summary>
    /// Moves every hour of <c>points_compacted</c> that ends at or before <paramref name="beforeNs"/> (ns since the epoch)
    /// into <c>points_hourly</c>, one sorted part per hour. Queries answer the same before and after. Called by the
    /// rollup job (<see cref="RunRollupAsync"/>) after compaction, rollup and purge.
    /// </summary>
    /// <param name="beforeNs">Hours ending after this instant stay where they are (compaction may still add to them).</param>
    /// <param name="cancellationToken">Stops between two transactions; what was committed stays merged.</param>
    /// <returns>The number of raw values moved.</returns>
    /// <exception cref="InvalidOperationException">The store is not initialised.</exception>
    /// <exception cref="DuckDB.NET.Data.DuckDBException">The database failed; the transactions committed before stay.</exception>
    public Task<long> MergeHoursAsync(long beforeNs, CancellationToken cancellationToken) => MergePartsAsync(RawHours, beforeNs, cancellationToken);

    /// <summary>
    /// Moves every day (UTC) of <c>rollup_5m_recent</c> that ends at or before <paramref name="beforeNs"/> (ns since the
    /// epoch) into <c>rollup_5m_daily</c>, one part per day sorted by series then bucket. Queries answer the same before
    /// and after. Called by the rollup job (<see cref="RunRollupAsync"/>) last, with the rollup watermark.
    /// </summary>
    /// <param name="beforeNs">Days ending after this instant stay where they are (the rollup still adds to them).</param>
    /// <param name="cancellationToken">Stops between two transactions; what was committed stays merged.</param>
    /// <returns>The number of aggregate rows moved.</returns>
    /// <exception cref="InvalidOperationException">The store is not initialised.</exception>
    /// <exception cref="DuckDB.NET.Data.DuckDBException">The database failed; the transactions committed before stay.</exception>
    public Task<long> MergeDaysAsync(long beforeNs, CancellationToken cancellationToken) => MergePartsAsync(AggregateDays, beforeNs, cancellationToken);

    private async Task<long> MergePartsAsync(PartMerge merge, long beforeNs, CancellationToken cancellationToken)
    {
        var writer = _writer ?? throw new InvalidOperationException("The store is not initialised.");
        long moved = 0;
        var from = long.MinValue; // periods before it were merged by this run: later arrivals wait for the next run
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long start, count, firstId, lastId;
            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                using (var command = writer.CreateCommand())
                {
                    command.CommandText = string.Create(CultureInfo.InvariantCulture,
                        $"SELECT min({merge.TimeColumn}) FROM {merge.Source} WHERE {merge.TimeColumn} >= {from} AND {merge.TimeColumn} < {beforeNs}");
                    if (command.ExecuteScalar() is not long first)
                    {
                        return moved;
                    }

                    start = first - ((first % merge.PeriodNs) + merge.PeriodNs) % merge.PeriodNs; // floor, also before 1970
                }

                if (start > beforeNs - merge.PeriodNs)
                {
                    return moved; // the period is still open
                }

                using var span = writer.CreateCommand();
                span.CommandText = string.Create(CultureInfo.InvariantCulture,
                    $"SELECT count(*), min(series_id), max(series_id) FROM {merge.Source} WHERE {merge.TimeColumn} >= {start} AND {merge.TimeColumn} < {start + merge.PeriodNs}");
                using var row = span.ExecuteReader();
                row.Read();
                (count, firstId, lastId) = (row.GetInt64(0), row.GetInt64(1), row.GetInt64(2));
            }
            finally
            {
                _writeLock.Release();
            }

            var chunks = Math.Max(1, (count + MergeChunkRows - 1) / MergeChunkRows);
            for (long chunk = 0; chunk < chunks; chunk++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Series ids [low, high): equal shares of the period's id range, in increasing order.
                var width = (Int128)lastId - firstId + 1;
                var low = (long)(firstId + (width * chunk / chunks));
                var high = (long)(firstId + (width * (chunk + 1) / chunks));
                moved += await MergeChunkAsync(writer, merge, string.Create(CultureInfo.InvariantCulture,
                    $"{merge.TimeColumn} >= {start} AND {merge.TimeColumn} < {start + merge.PeriodNs} AND series_id >= {low} AND series_id < {high}"), cancellationToken);
            }

            from = start + merge.PeriodNs;
        }
    }

    /// <summary>Moves the rows of <paramref name="merge"/>'s source matching <paramref name="where"/>, sorted, in one transaction.</summary>
    private async Task<long> MergeChunkAsync(DuckDB.NET.Data.DuckDBConnection writer, PartMerge merge, string where, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var transaction = writer.BeginTransaction();
            var copied = ExecuteCount(writer, $"INSERT INTO {merge.Target} SELECT {merge.Columns} FROM {merge.Source} WHERE {where} ORDER BY series_id, {merge.TimeColumn}");
            AfterMergeCopy?.Invoke();
            var deleted = ExecuteCount(writer, $"DELETE FROM {merge.Source} WHERE {where}");
            if (deleted != copied)
            {
                // Cannot happen under the write lock; never commit a part that would duplicate or lose rows.
                throw new InvalidOperationException($"Merging {merge.Source} where {where} copied {copied} rows but would delete {deleted}.");
            }

            transaction.Commit();
            return copied;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>A table whose closed periods are moved into <paramref name="Target"/>, each as one part sorted by series then time.</summary>
    /// <param name="Source">The table written in short parts.</param>
    /// <param name="Target">The table of one part per period, same columns.</param>
    /// <param name="TimeColumn">The time column, ns since the epoch.</param>
    /// <param name="Columns">Every column, in table order.</param>
    /// <param name="PeriodNs">The period, ns: periods are aligned on multiples of it since the epoch.</param>
    private sealed record PartMerge(string Source, string Target, string TimeColumn, string Columns, long PeriodNs);
}
