using Alpi.Collector.Ingest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Alerting.Evaluation;

/// <summary>
/// The ingest hook: told of every committed batch (<see cref="IIngestObserver"/>), it notes which measurements of
/// which host arrived and, on its own loop, asks the <see cref="AlertingService"/> to evaluate that host's threshold
/// rules on them at once. Hosts that send again before their turn are evaluated once (coalesced), so a burst of
/// ingest never queues up evaluations; the ingest itself never waits.
/// </summary>
public sealed partial class IngestEvaluationTrigger(AlertingService alerting, ILogger<IngestEvaluationTrigger> logger) : BackgroundService, IIngestObserver
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private Dictionary<(string Tenant, string Host), HashSet<string>> _pending = [];

    /// <inheritdoc />
    public void OnStored(IReadOnlyList<IngestBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        lock (_lock)
        {
            foreach (var batch in batches)
            {
                if (!_pending.TryGetValue((batch.Tenant, batch.Host), out var measurements))
                {
                    _pending[(batch.Tenant, batch.Host)] = measurements = new HashSet<string>(StringComparer.Ordinal);
                }

                // The points of a message come grouped by measurement (one interned name each): one set lookup per run.
                string? last = null;
                var points = batch.Points;
                for (var i = 0; i < points.Count; i++)
                {
                    var measurement = points[i].Measurement;
                    if (!ReferenceEquals(measurement, last))
                    {
                        measurements.Add(measurement);
                        last = measurement;
                    }
                }
            }
        }

        _signal.Release();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await alerting.Ready.WaitAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await _signal.WaitAsync(stoppingToken);
                Dictionary<(string Tenant, string Host), HashSet<string>> work;
                lock (_lock)
                {
                    work = _pending;
                    _pending = [];
                }

                foreach (var ((tenant, host), measurements) in work)
                {
                    try
                    {
                        await alerting.EvaluateHostAsync(tenant, host, measurements, stoppingToken);
                    }
                    catch (System.Data.Common.DbException e)
                    {
                        Log.Failed(logger, tenant, host, e.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Ingest-time evaluation of {Tenant}/{Host} failed; the next tick will do it: {Reason}")]
        public static partial void Failed(ILogger logger, string tenant, string host, string reason);
    }
}
