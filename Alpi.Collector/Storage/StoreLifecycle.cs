using Alpi.Collector.Inventory;
using Alpi.Collector.Storage.Influx;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Storage;

/// <summary>
/// Opens the stores before ingest starts and, on stop (after ingest has drained), persists the inventory's
/// last-seen times and checkpoints the time-series store, then logs it in one Information line with the time it took
/// (<c>Stores saved for the stop in 42 ms: …, time-series store (duckdb) checkpointed</c>). Every 10 seconds it flushes last-seen times; a failed
/// flush is logged and retried at the next one.
/// <para>
/// The embedded DuckDB file is opened at start (a file that cannot be opened stops the start). An InfluxDB store is
/// opened in the background: while InfluxDB cannot be reached the collector runs on (API, dashboard, broker, traps),
/// logs one error naming the URL and the setting, retries with back-off (1 s doubling to 30 s, each attempt being the
/// store's own <see cref="InfluxWriteOptions.MaxAttempts"/>), shows it in <c>/healthz</c> (<see cref="StoreAvailability"/>),
/// and stores nothing: the ingest writer waits for the store, so no MQTT message is acknowledged and the broker keeps
/// them (MQTT 5 §4.3.3, QoS 1) until the store is open.
/// </para>
/// </summary>
public sealed partial class StoreLifecycle(
    ITimeSeriesStore store,
    HostInventory inventory,
    StoreAvailability availability,
    TimeProvider timeProvider,
    ILogger<StoreLifecycle> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;
    private Task _opening = Task.CompletedTask;

    /// <inheritdoc />
    /// <exception cref="IOException">The embedded store's file cannot be opened.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (availability.Kind == StorageOptions.KindDuckDb)
        {
            await store.InitializeAsync(cancellationToken);
            availability.RecordOpen(timeProvider.GetUtcNow());
        }
        else
        {
            _opening = OpenRemoteStoreAsync(_stopping.Token);
        }

        await inventory.InitializeAsync(cancellationToken);
        _timer = timeProvider.CreateTimer(_ => _ = FlushInventoryAsync(), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _opening;
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }

        var started = timeProvider.GetTimestamp();
        await FlushInventoryAsync();
        var open = availability.IsOpen;
        if (open)
        {
            await store.FlushAsync(CancellationToken.None);
        }

        // The last word of the stores at a clean stop, so that a technician reading the log knows the files are whole.
        var elapsedMilliseconds = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;
        var outcome = open ? "checkpointed" : "never opened, nothing to checkpoint";
        Log.StoresSaved(logger, elapsedMilliseconds, availability.Kind, outcome);
    }

    /// <summary>Stops the flush timer.</summary>
    public void Dispose()
    {
        _timer?.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Tries to open an InfluxDB store until it opens or the collector stops.</summary>
    private async Task OpenRemoteStoreAsync(CancellationToken stopping)
    {
        // Off the host's start: StartAsync returns at once and the other services start.
        await Task.Yield();
        var delay = FirstRetryDelay;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await store.InitializeAsync(stopping);
                availability.RecordOpen(timeProvider.GetUtcNow());
                if (availability.FailedAttempts > 0)
                {
                    Log.StoreOpenedAfterFailures(logger, availability.Kind, availability.Location, availability.FailedAttempts);
                }

                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
            {
                // InfluxDbException (an IOException) after the store's own retries, a time-out, or an answer that is not
                // InfluxDB's (a URL pointing at another HTTP server).
                availability.RecordFailure(e.Message, timeProvider.GetUtcNow());
                if (availability.FailedAttempts == 1)
                {
                    Log.StoreUnreachable(logger, availability.Kind, availability.Location, availability.Setting, e.Message);
                }
                else
                {
                    Log.StoreStillUnreachable(logger, availability.Kind, availability.Location, availability.FailedAttempts, e.Message, delay.TotalSeconds);
                }
            }

            try
            {
                await Task.Delay(delay, timeProvider, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

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

        [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "The time-series store ({Kind}) at {Location} cannot be reached (setting {Setting}): {Reason}. "
            + "The collector runs on and stores nothing until it can: MQTT messages stay unacknowledged, kept by the broker; retrying with back-off up to 30 s (see /healthz, \"store\")")]
        public static partial void StoreUnreachable(ILogger logger, string kind, string location, string setting, string reason);

        [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "The time-series store ({Kind}) at {Location} is still unreachable after {Attempts} attempts, retrying in {DelaySeconds} s: {Reason}")]
        public static partial void StoreStillUnreachable(ILogger logger, string kind, string location, int attempts, string reason, double delaySeconds);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "The time-series store ({Kind}) at {Location} is open after {Attempts} failed attempts: ingest resumes")]
        public static partial void StoreOpenedAfterFailures(ILogger logger, string kind, string location, int attempts);

        [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Stores saved for the stop in {ElapsedMilliseconds} ms: host last-seen times written, time-series store ({Kind}) {Outcome}")]
        public static partial void StoresSaved(ILogger logger, long elapsedMilliseconds, string kind, string outcome);
    }
}
