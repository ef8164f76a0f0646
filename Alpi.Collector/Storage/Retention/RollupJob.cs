using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Alpi.Collector.Storage.Retention;

/// <summary>
/// The rollup and purge as a Quartz.NET job, fired at start and then every <see cref="RetentionOptions.Interval"/> on the
/// collector's scheduler (the one the alert engine uses): <see cref="IRollupMaintenance.RunRollupAsync"/> on the store,
/// at the injected <see cref="TimeProvider"/>'s time. <see cref="DisallowConcurrentExecutionAttribute"/>: a long
/// catch-up run is never overlapped by the next one; with Quartz's clustered job store it runs once across the cluster.
/// A failed run (store unreachable, or any other fault: those are logged with their stack trace) is logged and counted in
/// <see cref="RollupStatistics"/> (shown in <c>/healthz</c>), and the next run resumes
/// from the last committed watermark. When the host stops, a run stops after the part it is committing, so a long catch-up
/// never holds up the stop (Quartz waits for running jobs).
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class RollupJob(
    ITimeSeriesStore store,
    TimeProvider timeProvider,
    IOptions<RetentionOptions> options,
    RollupStatistics statistics,
    ILogger<RollupJob> logger,
    IHostApplicationLifetime? lifetime = null) : IJob
{
    /// <summary>The job's key in the scheduler.</summary>
    public static readonly JobKey Key = new("rollup", "storage");

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await RunOnceAsync(cancellationToken);
    }

    /// <summary>Runs the rollup and purge now; null when the store has no aggregates or the run failed (logged and counted).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<RollupRun?> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (store is not IRollupMaintenance maintenance)
        {
            return null;
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime?.ApplicationStopping ?? CancellationToken.None);
        var started = timeProvider.GetTimestamp();
        try
        {
            var run = await maintenance.RunRollupAsync(timeProvider.GetUtcNow(), options.Value, stopping.Token);
            var elapsed = timeProvider.GetElapsedTime(started);
            statistics.Count(run, timeProvider.GetUtcNow());
            if (run.AggregatesWritten + run.RawPointsDeleted + run.AggregatesDeleted + run.RawPointsMerged + run.AggregatesMerged > 0)
            {
                var rolledUpBefore = Api.QueryRequest.FromNs(run.RolledUpBeforeNs);
                Log.Ran(logger, run.AggregatesWritten, run.RawPointsDeleted, run.AggregatesDeleted, run.RawPointsMerged, run.AggregatesMerged, rolledUpBefore, elapsed.TotalSeconds);
            }

            return run;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return null; // the host is stopping: the next start resumes from the last committed part
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A store outage (I/O, database, HTTP) is logged by its message; any other fault (ours, or an answer we cannot
            // read) with its stack trace. Both are counted and shown in /healthz (else only Quartz's log would say the job
            // failed); the next run tries again.
            statistics.CountFailure(e.Message, timeProvider.GetUtcNow());
            if (e is IOException or DbException or HttpRequestException)
            {
                Log.Failed(logger, e.Message);
            }
            else
            {
                Log.FailedUnexpectedly(logger, e, e.Message);
            }

            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Rollup wrote {Written} 5-minute aggregates, deleted {RawDeleted} raw values and {AggregatesDeleted} expired aggregates, merged {Merged} raw values into hour parts and {AggregatesMerged} aggregates into day parts; aggregates complete before {RolledUpBefore:o} ({Seconds:F1} s)")]
        public static partial void Ran(ILogger logger, long written, long rawDeleted, long aggregatesDeleted, long merged, long aggregatesMerged, DateTimeOffset rolledUpBefore, double seconds);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Rollup failed, resuming at the next run from the last committed bucket: {Reason}")]
        public static partial void Failed(ILogger logger, string reason);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Rollup failed unexpectedly, trying again at the next run from the last committed bucket: {Reason}")]
        public static partial void FailedUnexpectedly(ILogger logger, Exception exception, string reason);
    }
}
