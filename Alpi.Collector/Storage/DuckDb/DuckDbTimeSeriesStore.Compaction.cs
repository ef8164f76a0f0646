using System.Globalization;
using DuckDB.NET.Data;

namespace Alpi.Collector.Storage.DuckDb;

/// <summary>
/// The layout of numeric points by series, so that a query for a few series reads a few row groups rather than every
/// point of its time range. Numeric points live in three tables with the same columns <c>(series_id, ts, value)</c>:
/// <c>points_recent</c>, where every write appends in arrival order (all series of a moment side by side),
/// <c>points_compacted</c>, filled by <see cref="CompactAsync"/> with whole closed time parts, each sorted by
/// <c>(series_id, ts)</c>, and <c>points_hourly</c>, where <see cref="MergeHoursAsync"/> moves those parts once their
/// hour is closed, one sorted part per hour (<c>DuckDbTimeSeriesStore.PartMerging.cs</c>). The view <c>points</c> is their
/// <c>UNION ALL</c>: every reader (queries, last values, the rollup) reads it, and DuckDB pushes the <c>series_id</c> and
/// <c>ts</c> filters into every table, where the row-group min/max statistics (zone maps) of a sorted part skip the row
/// groups of other series.
/// <para>
/// Compaction moves the points of <c>points_recent</c> older than a boundary into <c>points_compacted</c>, at most
/// <see cref="CompactionPartNs"/> (1 hour) of time per transaction: the sorted copy and the delete of the originals
/// commit together, so a crash between them leaves the part where it was (nothing duplicated, nothing lost) and the next
/// run moves it. Points that arrive late, after their time was compacted, land in <c>points_recent</c> and are moved by
/// the next run as a small sorted part of their own. A database of an earlier version, where <c>points</c> was a table,
/// has it renamed to <c>points_recent</c> on opening (its points are then compacted by the first runs, one hour a
/// transaction). Source: DuckDB documentation, "Indexing" (zonemaps), "Performance guide: schema" (ordering by the
/// filtered column), "INSERT" (insertion order is preserved), "Transaction management".
/// </para>
/// </summary>
public sealed partial class DuckDbTimeSeriesStore
{
    /// <summary>Most time compacted in one transaction: 1 hour, in ns.</summary>
    private const long CompactionPartNs = 3600L * 1_000_000_000;

    /// <summary>
    /// Test hook: called inside the compaction transaction, after the sorted copy and before the delete of the originals.
    /// Throwing from it rolls the part back, as a crash there would.
    /// </summary>
    internal Action? AfterCompactionCopy { get; set; }

    /// <summary>
    /// Moves the numeric points stamped before <paramref name="beforeNs"/> (ns since the epoch) from <c>points_recent</c>
    /// into <c>points_compacted</c>, sorted by series then time, one transaction per hour of points. Queries answer the
    /// same before and after. Called by the rollup job (<see cref="RunRollupAsync"/>) before it rolls up.
    /// </summary>
    /// <param name="beforeNs">Points before this instant are moved; later ones stay in arrival order.</param>
    /// <param name="cancellationToken">Stops between two parts.</param>
    /// <returns>The number of points moved.</returns>
    /// <exception cref="InvalidOperationException">The store is not initialised.</exception>
    /// <exception cref="DuckDBException">The database failed; the parts committed before stay compacted.</exception>
    public async Task<long> CompactAsync(long beforeNs, CancellationToken cancellationToken)
    {
        var writer = _writer ?? throw new InvalidOperationException("The store is not initialised.");
        long moved = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                long first;
                using (var command = writer.CreateCommand())
                {
                    command.CommandText = string.Create(CultureInfo.InvariantCulture, $"SELECT min(ts) FROM points_recent WHERE ts < {beforeNs}");
                    if (command.ExecuteScalar() is not long ts)
                    {
                        return moved;
                    }

                    first = ts;
                }

                var partEnd = first > beforeNs - CompactionPartNs ? beforeNs : first + CompactionPartNs;
                using var transaction = writer.BeginTransaction();
                var copied = ExecuteCount(writer, string.Create(CultureInfo.InvariantCulture, $"""
                    INSERT INTO points_compacted
                    SELECT series_id, ts, value FROM points_recent WHERE ts < {partEnd} ORDER BY series_id, ts
                    """));
                AfterCompactionCopy?.Invoke();
                var deleted = ExecuteCount(writer, string.Create(CultureInfo.InvariantCulture, $"DELETE FROM points_recent WHERE ts < {partEnd}"));
                if (deleted != copied)
                {
                    // Cannot happen under the write lock; never commit a part that would duplicate or lose points.
                    throw new InvalidOperationException($"Compaction before {partEnd} copied {copied} points but would delete {deleted}.");
                }

                transaction.Commit();
                moved += copied;
            }
            finally
            {
                _writeLock.Release();
            }
        }
    }

    /// <summary>
    /// Creates the three tables of numeric points (<c>points_recent</c>, <c>points_compacted</c>, and
    /// <c>points_hourly</c>: see <c>DuckDbTimeSeriesStore.PartMerging.cs</c>) and the <c>points</c> view over them, renaming
    /// the <c>points</c> table of an earlier version to <c>points_recent</c> first, and replacing the two-table view of an
    /// earlier version.
    /// </summary>
    private static void InitializeLayout(DuckDBConnection connection)
    {
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT table_type FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'points'";
            if (command.ExecuteScalar() is string type && type == "BASE TABLE")
            {
                Execute(connection, "ALTER TABLE points RENAME TO points_recent");
            }
        }

        Execute(connection, """
            CREATE TABLE IF NOT EXISTS points_recent (series_id BIGINT NOT NULL, ts BIGINT NOT NULL, value DOUBLE NOT NULL);
            CREATE TABLE IF NOT EXISTS points_compacted (series_id BIGINT NOT NULL, ts BIGINT NOT NULL, value DOUBLE NOT NULL);
            CREATE TABLE IF NOT EXISTS points_hourly (series_id BIGINT NOT NULL, ts BIGINT NOT NULL, value DOUBLE NOT NULL);
            CREATE OR REPLACE VIEW points AS
                SELECT series_id, ts, value FROM points_hourly
                UNION ALL SELECT series_id, ts, value FROM points_compacted
                UNION ALL SELECT series_id, ts, value FROM points_recent;
            """);
    }
}
