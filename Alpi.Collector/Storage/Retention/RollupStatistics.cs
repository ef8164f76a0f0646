namespace Alpi.Collector.Storage.Retention;

/// <summary>
/// Totals of the rollup job since the collector started, its last run and its last failure: shown in <c>/healthz</c>
/// (<c>rollup</c>, <see cref="ToDto"/>) so that a job failing run after run (the store's disk full, InfluxDB away) is
/// seen before the raw points fill the disk. Thread-safe.
/// </summary>
public sealed class RollupStatistics
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _lastRunAt;
    private DateTimeOffset? _rolledUpBefore;
    private DateTimeOffset? _lastFailureAt;
    private string? _lastFailure;
    private long _runs;
    private long _failures;
    private long _aggregatesWritten;
    private long _rawPointsDeleted;
    private long _aggregatesDeleted;
    private long _rawPointsMerged;
    private long _aggregatesMerged;

    /// <summary>Runs that completed.</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Runs that failed (logged; the next run resumes).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Aggregate rows or points written.</summary>
    public long AggregatesWritten => Interlocked.Read(ref _aggregatesWritten);

    /// <summary>Raw values deleted past <see cref="RetentionOptions.RawRetentionDays"/> (embedded store only).</summary>
    public long RawPointsDeleted => Interlocked.Read(ref _rawPointsDeleted);

    /// <summary>Aggregate rows deleted past <see cref="RetentionOptions.RollupRetentionDays"/> (embedded store only).</summary>
    public long AggregatesDeleted => Interlocked.Read(ref _aggregatesDeleted);

    /// <summary>Raw values moved into hour parts (embedded store only: <c>DuckDbTimeSeriesStore.MergeHoursAsync</c>).</summary>
    public long RawPointsMerged => Interlocked.Read(ref _rawPointsMerged);

    /// <summary>Aggregate rows moved into day parts (embedded store only: <c>DuckDbTimeSeriesStore.MergeDaysAsync</c>).</summary>
    public long AggregatesMerged => Interlocked.Read(ref _aggregatesMerged);

    /// <summary>
    /// Counts a completed run that ended at <paramref name="at"/> (the collector's clock): its figures added to the
    /// totals, its <see cref="RollupRun.RolledUpBeforeNs"/> kept (ns since the epoch; <see cref="long.MinValue"/>: nothing
    /// rolled up yet).
    /// </summary>
    internal void Count(RollupRun run, DateTimeOffset at)
    {
        lock (_gate)
        {
            _lastRunAt = at;
            _rolledUpBefore = run.RolledUpBeforeNs == long.MinValue ? null : Api.QueryRequest.FromNs(run.RolledUpBeforeNs);
            Interlocked.Increment(ref _runs);
            Interlocked.Add(ref _aggregatesWritten, run.AggregatesWritten);
            Interlocked.Add(ref _rawPointsDeleted, run.RawPointsDeleted);
            Interlocked.Add(ref _aggregatesDeleted, run.AggregatesDeleted);
            Interlocked.Add(ref _rawPointsMerged, run.RawPointsMerged);
            Interlocked.Add(ref _aggregatesMerged, run.AggregatesMerged);
        }
    }

    /// <summary>Counts a run that failed at <paramref name="at"/> for <paramref name="reason"/> (the exception's message).</summary>
    internal void CountFailure(string reason, DateTimeOffset at)
    {
        lock (_gate)
        {
            _lastFailure = reason;
            _lastFailureAt = at;
            Interlocked.Increment(ref _failures);
        }
    }

    /// <summary>The totals, the last run and the last failure as <c>/healthz</c> shows them (<c>rollup</c>).</summary>
    public RollupStatusDto ToDto()
    {
        lock (_gate)
        {
            return new RollupStatusDto(Runs, Failures, _lastRunAt, _rolledUpBefore, _lastFailureAt, _lastFailure,
                AggregatesWritten, RawPointsDeleted, AggregatesDeleted, RawPointsMerged, AggregatesMerged);
        }
    }
}

/// <summary>The rollup job in <c>/healthz</c> (<c>rollup</c>): totals since the collector started (zero with a store that has no rollup job).</summary>
/// <param name="Runs">Runs that completed.</param>
/// <param name="Failures">Runs that failed (each logged with its reason); the next run resumes from the last committed bucket.</param>
/// <param name="LastRunAt">When the last completed run ended (UTC), or null.</param>
/// <param name="RolledUpBefore">Every 5-minute bucket before this instant (UTC) is rolled up, as of the last completed run, or null.</param>
/// <param name="LastFailureAt">When the last failed run failed (UTC), or null; compare with <paramref name="LastRunAt"/> to see whether it failed since.</param>
/// <param name="LastFailure">The last failure's reason (the store's error message), or null.</param>
/// <param name="AggregatesWritten">5-minute aggregates written.</param>
/// <param name="RawPointsDeleted">Raw values deleted past <c>Collector:Storage:Retention:RawRetentionDays</c>.</param>
/// <param name="AggregatesDeleted">Aggregates deleted past <c>Collector:Storage:Retention:RollupRetentionDays</c>.</param>
/// <param name="RawPointsMerged">Raw values merged into hour parts (embedded store).</param>
/// <param name="AggregatesMerged">Aggregates merged into day parts (embedded store).</param>
public sealed record RollupStatusDto(long Runs, long Failures, DateTimeOffset? LastRunAt, DateTimeOffset? RolledUpBefore, DateTimeOffset? LastFailureAt,
    string? LastFailure, long AggregatesWritten, long RawPointsDeleted, long AggregatesDeleted, long RawPointsMerged, long AggregatesMerged);
