using Alpi.Collector.Inventory;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Storage;

/// <summary>
/// Opens the stores before ingest starts and, on stop (after ingest has drained), persists the inventory's
/// last-seen times and checkpoints the time-series store. Every 10 seconds it flushes last-seen times; a failed
/// flush is logged and retried at the next one.
/// </summary>
public sealed partial class StoreLifecycle(
    ITimeSeriesStore store,
    HostInventory inventory,
    TimeProvider timeProvider,
    ILogger<StoreLifecycle> logger) : IHostedService, IDisposable
{
    private ITimer? _timer;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        await inventory.InitializeAsync(cancellationToken);
        _timer = timeProvider.CreateTimer(_ => _ = FlushInventoryAsync(), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }

        await FlushInventoryAsync();
        await store.FlushAsync(CancellationToken.None);
    }

    /// <summary>Stops the flush timer.</summary>
    public void Dispose() => _timer?.Dispose();

    private async Task FlushInventoryAsync()
    {
        try
        {
            await inventory.FlushAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            Log.InventoryFlushFailed(logger, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Saving host last-seen times failed, retrying at the next flush: {Reason}")]
        public static partial void InventoryFlushFailed(ILogger logger, string reason);
    }
}
