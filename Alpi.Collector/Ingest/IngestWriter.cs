using Alpi.Collector.Ingest.Journal;
using Alpi.Collector.Inventory;
using Alpi.Collector.Storage;
using Alpi.Protocols.LineProtocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Ingest;

/// <summary>
/// Takes parsed batches from the <see cref="IngestChannel"/>, writes whatever is waiting (up to
/// <see cref="IngestOptions.MaxBatchPoints"/>) in one store transaction, and only then sends the MQTT
/// acknowledgements: no acknowledged point is lost. A failing store write is retried with back-off (1 s doubling to
/// 30 s) and nothing is acknowledged meanwhile. Nothing is written before the store is open
/// (<see cref="StoreAvailability"/>: an InfluxDB unreachable at start): received batches wait in the channel, unacknowledged,
/// and the channel's bound stops reading from the broker, which keeps the rest. On stop it drains what was already
/// received, when the store is open. After each commit the
/// <see cref="IIngestObserver"/>s are told (the alert engine's hook), and the hosts whose new series the
/// <see cref="SeriesRegistry"/> refused are logged (at most once per host per minute), as are the points the store refused
/// for a field type conflict (<see cref="SeriesRegistry.DrainFieldTypeConflicts"/>), also counted as malformed lines.
/// <para>
/// Batches the embedded broker already acknowledged through the ingest journal (<see cref="IngestBatch.JournalSequence"/>)
/// are reported to the journal once committed (<see cref="IngestJournal.MarkStored"/>, the highest sequence: the channel
/// holds them in sequence order) and released from its back-pressure bound. Before reading the channel, once the store is
/// open, the writer stores the journal's records left unstored by the last run (<see cref="IngestJournal.TakeUnstored"/>),
/// read again without counting their bad lines a second time; /healthz's <c>pointsStored</c> counts them.
/// </para>
/// </summary>
public sealed partial class IngestWriter(
    IngestChannel channel,
    ITimeSeriesStore store,
    HostInventory inventory,
    StoreAvailability availability,
    IngestStatistics statistics,
    IOptions<CollectorOptions> options,
    TimeProvider timeProvider,
    ILogger<IngestWriter> logger,
    SeriesRegistry? registry = null,
    IEnumerable<IIngestObserver>? observers = null,
    IngestJournal? journal = null,
    MetricsPayloadReader? reader = null) : BackgroundService
{
    private readonly IIngestObserver[] _observers = observers?.ToArray() ?? [];
    private readonly Alpi.Protocols.Logging.LogThrottle _seriesLimitLog = new(timeProvider, TimeSpan.FromMinutes(1));
    private readonly Alpi.Protocols.Logging.LogThrottle _typeConflictLog = new(timeProvider, TimeSpan.FromMinutes(1));
    private bool _journalGap;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var max = options.Value.Ingest.MaxBatchPoints;
        var batches = new List<IngestBatch>();
        var points = new List<LinePoint>();
        try
        {
            await availability.WhenOpen.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return; // Stopped before the store opened: nothing acknowledged, the broker redelivers.
        }

        if (!await ReplayJournalAsync(points, max, stoppingToken))
        {
            return;
        }

        while (true)
        {
            try
            {
                if (!await channel.Reader.WaitToReadAsync(stoppingToken))
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping: store what has already been received, then return.
                while (channel.Reader.TryPeek(out _))
                {
                    await WriteWaitingAsync(batches, points, max, CancellationToken.None);
                }

                return;
            }

            await WriteWaitingAsync(batches, points, max, stoppingToken);
        }
    }

    private async Task WriteWaitingAsync(List<IngestBatch> batches, List<LinePoint> points, int max, CancellationToken stoppingToken)
    {
        batches.Clear();
        points.Clear();
        while (points.Count < max && channel.Reader.TryRead(out var batch))
        {
            batches.Add(batch);
            points.AddRange(batch.Points);
        }

        if (batches.Count == 0)
        {
            return;
        }

        if (!await TryWriteAsync(points, stoppingToken))
        {
            // Journalled batches given up here are replayed at the next start only if no later sequence is marked stored.
            _journalGap |= batches.Exists(b => b.JournalSequence > 0);
            channel.Completed(batches.Count);
            return; // Not acknowledged: the broker redelivers to the next collector session (or the journal replays).
        }

        if (registry is not null)
        {
            foreach (var (host, refused) in registry.DrainRefusals())
            {
                if (_seriesLimitLog.ShouldLog(host, (int)Math.Min(int.MaxValue, refused), out var suppressed))
                {
                    Log.SeriesLimit(logger, host, registry.MaxSeriesPerHost, refused + suppressed);
                }
            }

            foreach (var conflict in registry.DrainFieldTypeConflicts())
            {
                var refused = (int)Math.Min(int.MaxValue, conflict.Points);
                statistics.CountMalformed(conflict.TenantHost, refused);
                inventory.MarkSeen(conflict.Tenant, conflict.Host, timeProvider.GetUtcNow(), refused);
                if (_typeConflictLog.ShouldLog(conflict.TenantHost, refused, out var suppressed))
                {
                    Log.FieldTypeConflict(logger, conflict.TenantHost, (long)refused + suppressed, conflict.Field, conflict.Measurement, conflict.InputType, conflict.StoredType);
                }
            }
        }

        foreach (var observer in _observers)
        {
            observer.OnStored(batches);
        }

        ReportJournalled(batches);

        var now = timeProvider.GetUtcNow();
        foreach (var batch in batches)
        {
            inventory.MarkSeen(batch.Tenant, batch.Host, now);
            try
            {
                await batch.AcknowledgeAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                // The connection went away after the commit: the broker may redeliver this batch to the next session.
                Log.AckFailed(logger, batch.Tenant, batch.Host, e.Message);
            }
        }

        channel.Completed(batches.Count);
    }

    /// <summary>
    /// Writes <paramref name="points"/> in one store transaction, retrying a failure with back-off (1 s doubling to 30 s),
    /// and counts them stored; false when the write failed while stopping (nothing stored).
    /// </summary>
    private async Task<bool> TryWriteAsync(List<LinePoint> points, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await store.WriteAsync(points, CancellationToken.None);
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException and not ArgumentException)
            {
                statistics.CountStoreFailure();
                Log.StoreFailed(logger, points.Count, e.Message, delay.TotalSeconds);
                if (stoppingToken.IsCancellationRequested)
                {
                    return false;
                }

                await Task.Delay(delay, timeProvider, CancellationToken.None);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }

        statistics.CountStored(points.Count);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Store write of {PointCount} points failed, retrying in {DelaySeconds} s: {Reason}")]
        public static partial void StoreFailed(ILogger logger, int pointCount, string reason, double delaySeconds);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Acknowledgement to {Tenant}/{Host} not sent: {Reason}")]
        public static partial void AckFailed(ILogger logger, string tenant, string host, string reason);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
            Message = "Host {Host} has reached Collector:Ingest:MaxSeriesPerHost ({Limit} series): {Refused} value(s) of new series refused since the last report; its existing series are stored")]
        public static partial void SeriesLimit(ILogger logger, string host, int limit, long refused);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
            Message = "Host {Host}: {Refused} point(s) refused for a field type conflict since the last report (counted as malformed lines; the other points of their messages, if any, stored), first: input field \"{Field}\" on measurement \"{Measurement}\" is type {InputType}, already exists as type {StoredType}")]
        public static partial void FieldTypeConflict(ILogger logger, string host, long refused, string field, string measurement, string inputType, string storedType);
    }
}
