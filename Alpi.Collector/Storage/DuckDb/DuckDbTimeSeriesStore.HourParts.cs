using System.Globalization;

namespace Alpi.Collector.Storage.DuckDb;

/// <summary>
/// Hour parts: the third table of numeric points, <c>points_hourly</c> (same columns <c>(series_id, ts, value)</c>, ts in
/// ns since the epoch), where <see cref="MergeHoursAsync"/> moves each closed hour of <c>points_compacted</c> as one part
/// sorted by <c>(series_id, ts)</c>.
/// <para>
/// Why: compaction (<c>DuckDbTimeSeriesStore.Compaction.cs</c>) runs with the rollup job, every 5 minutes in steady
/// state, so a day of points lies in 288 sorted parts. A query for a few series reads at least one row group (122,880
/// rows) of every part its range covers: with 5,000 series over 24 hours, a 3-series chart read 157 ms on 5-minute
/// parts against 11 ms on hour parts (a DuckDB 1.5 console measurement, 2026-12-01; <c>bench/README.md</c>). Merged,
/// a day is 24 parts plus the parts of the current hour.
/// </para>
/// <para>
/// An hour is merged once compaction has passed its end. The hour is moved in transactions of about
/// <see cref="MergeChunkPoints"/> points (equal shares of the hour's range of series ids, in increasing order; a share is
/// larger where the ids are unevenly filled), so the hour's part stays sorted
/// by series across its transactions while the write lock (ingest waits on it) is held for one of them at a time. Each
/// transaction copies its points sorted and deletes the originals and commits both or neither: a crash between them leaves
/// the points where they were, nothing duplicated or lost, and the next run merges them. Points compacted after their
/// hour was merged (late points, an agent's buffer replayed) are merged by the next run as a small part of their own.
/// Source: DuckDB documentation, "Indexing" (zonemaps), "Performance guide: schema", "Transaction management".
/// </para>
/// </summary>
public sealed partial class DuckDbTimeSeriesStore
{
    /// <summary>One hour in ns.</summary>
    private const long HourNs = 3600L * 1_000_000_000;

    /// <summary>
    /// Points moved in one transaction of <see cref="MergeHoursAsync"/>, about (default 1,000,000: about what compaction
    /// moves at once with 50,000 series); the write lock is held for one such transaction. Tests set fewer.
    /// </summary>
    internal long MergeChunkPoints { get; set; } = 1_000_000;

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
    /// <returns>The number of points moved.</returns>
    /// <exception cref="InvalidOperationException">The store is not initialised.</exception>
    /// <exception cref="DuckDB.NET.Data.DuckDBException">The database failed; the transactions committed before stay.</exception>
    public async Task<long> MergeHoursAsync(long beforeNs, CancellationToken cancellationToken)
    {
        var writer = _writer ?? throw new InvalidOperationException("The store is not initialised.");
        long moved = 0;
        var from = long.MinValue; // hours before it were merged by this run: later arrivals wait for the next run
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long hour, count, firstId, lastId;
            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                using (var command = writer.CreateCommand())
                {
                    command.CommandText = string.Create(CultureInfo.InvariantCulture, $"SELECT min(ts) FROM points_compacted WHERE ts >= {from} AND ts < {beforeNs}");
                    if (command.ExecuteScalar() is not long first)
                    {
                        return moved;
                    }

                    hour = first - ((first % HourNs) + HourNs) % HourNs; // floor, also before 1970
                }

                if (hour > beforeNs - HourNs)
                {
                    return moved; // the hour is still open to compaction
                }

                using var span = writer.CreateCommand();
                span.CommandText = string.Create(CultureInfo.InvariantCulture,
                    $"SELECT count(*), min(series_id), max(series_id) FROM points_compacted WHERE ts >= {hour} AND ts < {hour + HourNs}");
                using var row = span.ExecuteReader();
                row.Read();
                (count, firstId, lastId) = (row.GetInt64(0), row.GetInt64(1), row.GetInt64(2));
            }
            finally
            {
                _writeLock.Release();
            }

            var chunks = Math.Max(1, (count + MergeChunkPoints - 1) / MergeChunkPoints);
            for (long chunk = 0; chunk < chunks; chunk++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Series ids [low, high): equal shares of the hour's id range, in increasing order.
                var width = (Int128)lastId - firstId + 1;
                var low = (long)(firstId + (width * chunk / chunks));
                var high = (long)(firstId + (width * (chunk + 1) / chunks));
                moved += await MergeChunkAsync(hour, low, high, cancellationToken);
            }

            from = hour + HourNs;
        }
    }

    /// <summary>Moves one hour's points of series ids [<paramref name="lowId"/>, <paramref name="highId"/>) in one transaction.</summary>
    private async Task<long> MergeChunkAsync(long hour, long lowId, long highId, CancellationToken cancellationToken)
    {
        var writer = _writer!;
        var where = string.Create(CultureInfo.InvariantCulture,
            $"ts >= {hour} AND ts < {hour + HourNs} AND series_id >= {lowId} AND series_id < {highId}");
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var transaction = writer.BeginTransaction();
            var copied = ExecuteCount(writer, $"INSERT INTO points_hourly SELECT series_id, ts, value FROM points_compacted WHERE {where} ORDER BY series_id, ts");
            AfterMergeCopy?.Invoke();
            var deleted = ExecuteCount(writer, $"DELETE FROM points_compacted WHERE {where}");
            if (deleted != copied)
            {
                // Cannot happen under the write lock; never commit a part that would duplicate or lose points.
                throw new InvalidOperationException($"Merging the hour at {hour} ns, series {lowId} to {highId}, copied {copied} points but would delete {deleted}.");
            }

            transaction.Commit();
            return copied;
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
