using Alpi.Agent.Collectors;
using Alpi.Protocols.LineProtocol;
using Microsoft.Extensions.Logging;

namespace Alpi.Agent.Collection;

/// <summary>
/// Runs every registered collector once, side by side. A collector that fails is logged and counted and the others
/// carry on, as Telegraf's <c>AddError</c> does.
/// </summary>
public sealed partial class CollectionRound(IEnumerable<IMetricCollector> collectors, ILogger<CollectionRound> logger)
{
    private readonly IMetricCollector[] _collectors = [.. collectors];
    private long _failures;

    /// <summary>Collector failures since start.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Names of the registered collectors.</summary>
    public IEnumerable<string> CollectorNames => _collectors.Select(c => c.Name);

    /// <summary>Gathers all collectors.</summary>
    /// <param name="host">Value of the <c>host</c> tag added to points that have none.</param>
    /// <param name="timestamp">Gather time, stamped on points without a timestamp.</param>
    /// <param name="cancellationToken">Stops the round.</param>
    /// <returns>The points gathered, in collector order.</returns>
    public async Task<IReadOnlyList<LinePoint>> CollectAsync(string host, DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        var timestampNs = (timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

        // Collectors run side by side, each into its own buffer, so a slow one (an SNMP device timing out) does not
        // hold up the others; the points are then joined in collector order.
        var buffers = _collectors.Select(_ => new PointBuffer(host, timestampNs)).ToArray();
        await Task.WhenAll(_collectors.Select((collector, i) => CollectOneAsync(collector, buffers[i], cancellationToken)));
        return [.. buffers.SelectMany(b => b.Points)];
    }

    private async Task CollectOneAsync(IMetricCollector collector, PointBuffer buffer, CancellationToken cancellationToken)
    {
        try
        {
            await collector.CollectAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or FormatException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Interlocked.Increment(ref _failures);
            Log.CollectorFailed(logger, collector.Name, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Collector {Collector} failed: {Reason}")]
        public static partial void CollectorFailed(ILogger logger, string collector, string reason);
    }
}
