namespace Alpi.Collector.Storage.Retention;

/// <summary>
/// A time-series store that keeps 5-minute aggregates beside its raw points (<see cref="RollupBuckets"/>) and expires
/// both (<see cref="RetentionOptions"/>). <see cref="RollupJob"/> calls it on schedule.
/// </summary>
public interface IRollupMaintenance
{
    /// <summary>
    /// Rolls up the 5-minute buckets completed since the last run (those ending at or before
    /// <paramref name="now"/> minus <see cref="RetentionOptions.Delay"/>), then deletes what is past retention where the
    /// store does not expire it itself. Idempotent: a second run at the same time rolls up and deletes nothing more; a
    /// run cut short (cancelled, crashed) resumes where the last committed part ended.
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="options">Retention durations and delay.</param>
    /// <param name="cancellationToken">Stops between two parts (each part is committed whole or not at all).</param>
    /// <returns>What the run did.</returns>
    /// <exception cref="IOException">The store failed (InfluxDB unreachable or refusing); what was committed stays.</exception>
    /// <exception cref="System.Data.Common.DbException">The embedded database failed; what was committed stays.</exception>
    Task<RollupRun> RunRollupAsync(DateTimeOffset now, RetentionOptions options, CancellationToken cancellationToken);
}

/// <summary>What one rollup run did.</summary>
/// <param name="RolledUpBeforeNs">Aggregates are complete before this instant (nanoseconds since the epoch), or <see cref="long.MinValue"/> when nothing was rolled up yet.</param>
/// <param name="AggregatesWritten">Aggregate rows (DuckDB) or points (InfluxDB) written by this run.</param>
/// <param name="RawPointsDeleted">Raw values deleted (DuckDB; InfluxDB expires them by its retention policy: 0).</param>
/// <param name="AggregatesDeleted">Aggregate rows deleted (DuckDB; 0 for InfluxDB).</param>
/// <param name="RawPointsMerged">Raw values moved into hour parts (DuckDB's <c>points_hourly</c>; 0 for InfluxDB).</param>
/// <param name="AggregatesMerged">Aggregate rows moved into day parts (DuckDB's <c>rollup_5m_daily</c>; 0 for InfluxDB).</param>
public sealed record RollupRun(long RolledUpBeforeNs, long AggregatesWritten, long RawPointsDeleted, long AggregatesDeleted, long RawPointsMerged = 0, long AggregatesMerged = 0);
