using System.Text;
using Alpi.Agent.Publishing;
using Alpi.Protocols.LineProtocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Collection;

/// <summary>
/// Collects every <see cref="AgentOptions.Interval"/> and queues the round as one line-protocol batch for the
/// publisher. The first round runs at start so that rate collectors have their first sample.
/// </summary>
public sealed partial class CollectionLoop(
    CollectionRound round,
    MetricBacklog queue,
    IOptions<AgentOptions> options,
    TimeProvider timeProvider,
    ILogger<CollectionLoop> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var agent = options.Value;
        var collectorNames = string.Join(",", round.CollectorNames);
        Log.Started(logger, agent.Tenant, agent.Host, agent.Interval.TotalSeconds, collectorNames);

        using var timer = new PeriodicTimer(agent.Interval, timeProvider);
        do
        {
            var now = timeProvider.GetUtcNow();
            var points = await round.CollectAsync(agent.Host, now, stoppingToken);
            if (points.Count == 0)
            {
                continue;
            }

            var text = new StringBuilder(points.Count * 96);
            foreach (var point in points)
            {
                try
                {
                    LineProtocolWriter.Write(point, text);
                }
                catch (ArgumentException e)
                {
                    // A collector produced a point line protocol cannot carry (NaN, empty field set): drop that point only.
                    Log.PointDropped(logger, point.Measurement, e.Message);
                }
            }

            queue.Enqueue(new MetricBatch(Encoding.UTF8.GetBytes(text.ToString()), points.Count, now));
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Agent {Tenant}/{Host} collecting every {IntervalSeconds} s: {Collectors}")]
        public static partial void Started(ILogger logger, string tenant, string host, double intervalSeconds, string collectors);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Point of {Measurement} dropped: {Reason}")]
        public static partial void PointDropped(ILogger logger, string measurement, string reason);
    }
}
