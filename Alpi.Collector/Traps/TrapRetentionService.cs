using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Traps;

/// <summary>
/// Enforces the retention of stored trap events: at start, then every <c>Collector:Traps:PurgeInterval</c> (1 hour by
/// default) on the injected <see cref="TimeProvider"/>, deletes the events older than <c>RetentionDays</c> (90 by
/// default) and the oldest beyond <c>MaxEvents</c> (<see cref="TrapEventStore.PurgeAsync"/>). Runs whether or not the
/// receiver is enabled, so events stored earlier still expire. A purge that fails (the database is unavailable) is
/// logged and counted, and retried at the next interval; the collector carries on.
/// </summary>
/// <remarks>
/// Trap events name devices and carry their source addresses and varbinds; keeping them no longer than needed is part of
/// the personal-data rules in ../shared/ARCHITECTURE.md ("retention limits enforced by scheduled purges").
/// </remarks>
public sealed partial class TrapRetentionService(
    TrapEventStore store,
    TrapStatistics statistics,
    IOptions<CollectorOptions> options,
    TimeProvider timeProvider,
    ILogger<TrapRetentionService> logger) : BackgroundService
{
    /// <summary>Runs one purge now with the configured retention; null when it failed (logged and counted).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<TrapPurgeResult?> PurgeOnceAsync(CancellationToken cancellationToken)
    {
        var traps = options.Value.Traps;
        var cutoff = timeProvider.GetUtcNow() - TimeSpan.FromDays(traps.RetentionDays);
        try
        {
            var result = await store.PurgeAsync(cutoff, traps.MaxEvents, cancellationToken);
            statistics.CountPurged(result.Total);
            if (result.Total > 0)
            {
                Log.Purged(logger, result.Expired, traps.RetentionDays, cutoff, result.OverLimit, traps.MaxEvents);
            }

            return result;
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException)
        {
            statistics.CountPurgeFailure();
            Log.PurgeFailed(logger, e.Message);
            return null;
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Traps.PurgeInterval, timeProvider);
        try
        {
            do
            {
                await PurgeOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
