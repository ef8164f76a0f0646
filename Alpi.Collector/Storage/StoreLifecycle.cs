using Alpi.Collector.Inventory;
using Microsoft.Extensions.Hosting;

namespace Alpi.Collector.Storage;

/// <summary>
/// Opens the stores before ingest starts and, on stop (after ingest has drained), persists the inventory's
/// last-seen times and checkpoints the time-series store. Every 10 seconds it flushes last-seen times.
/// </summary>
public sealed class StoreLifecycle(ITimeSeriesStore store, HostInventory inventory, TimeProvider timeProvider) : IHostedService, IDisposable
{
    private ITimer? _timer;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        await inventory.InitializeAsync(cancellationToken);
        _timer = timeProvider.CreateTimer(_ => _ = inventory.FlushAsync(CancellationToken.None), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }

        await inventory.FlushAsync(CancellationToken.None);
        await store.FlushAsync(CancellationToken.None);
    }

    /// <summary>Stops the flush timer.</summary>
    public void Dispose() => _timer?.Dispose();
}
