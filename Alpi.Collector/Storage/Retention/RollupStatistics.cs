namespace Alpi.Collector.Storage.Retention;

/// <summary>Totals of the rollup job since the collector started, for tests and the collector's own metrics.</summary>
public sealed class RollupStatistics
{
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

    internal void Count(RollupRun run)
    {
        Interlocked.Increment(ref _runs);
        Interlocked.Add(ref _aggregatesWritten, run.AggregatesWritten);
        Interlocked.Add(ref _rawPointsDeleted, run.RawPointsDeleted);
        Interlocked.Add(ref _aggregatesDeleted, run.AggregatesDeleted);
        Interlocked.Add(ref _rawPointsMerged, run.RawPointsMerged);
        Interlocked.Add(ref _aggregatesMerged, run.AggregatesMerged);
    }

    internal void CountFailure() => Interlocked.Increment(ref _failures);
}
