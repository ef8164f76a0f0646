using System.Buffers;
using Alpi.Agent.Publishing;
using Alpi.Protocols.LineProtocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Collection;

/// <summary>
/// Collects every <see cref="AgentOptions.Interval"/> and queues the round as one line-protocol batch for the
/// publisher. The first round runs at start and the second one second later, so that rate collectors (cpu) report
/// at once; then one round per interval. After each round, <paramref name="garbage"/> may collect the round's
/// garbage (<see cref="RoundGcPolicy"/>).
/// </summary>
public sealed partial class CollectionLoop(
    CollectionRound round,
    MetricBacklog queue,
    IOptions<AgentOptions> options,
    TimeProvider timeProvider,
    RoundGcPolicy garbage,
    ILogger<CollectionLoop> logger) : BackgroundService
{
    // The batch being written; used by one round at a time (rounds run one after the other).
    private readonly ArrayBufferWriter<byte> _payload = new(16 * 1024);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var agent = options.Value;
        var collectorNames = string.Join(",", round.CollectorNames);
        Log.Started(logger, agent.Tenant, agent.Host, agent.Interval.TotalSeconds, collectorNames);

        await CollectAndQueueAsync(agent.Host, stoppingToken);
        if (agent.Interval > TimeSpan.FromSeconds(2))
        {
            // Rate and percentage collectors (cpu) report from their second sample: take it one second after the
            // first, so a new install shows charts within seconds rather than after two intervals.
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), timeProvider, stoppingToken);
                await CollectAndQueueAsync(agent.Host, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        using var timer = new PeriodicTimer(agent.Interval, timeProvider);
        while (await WaitAsync(timer, stoppingToken))
        {
            await CollectAndQueueAsync(agent.Host, stoppingToken);
        }
    }

    private async Task CollectAndQueueAsync(string host, CancellationToken stoppingToken)
    {
        var now = timeProvider.GetUtcNow();
        var points = await round.CollectAsync(host, now, stoppingToken);
        // UTF-8 straight into a buffer kept from round to round: one copy of the batch per round, where a
        // StringBuilder, its string and the string's UTF-8 bytes made three.
        var text = _payload;
        text.ResetWrittenCount();
        var written = 0;
        foreach (var point in points)
        {
            try
            {
                LineProtocolWriter.Write(point, text);
                written++;
            }
            catch (ArgumentException e)
            {
                // A collector produced a point line protocol cannot carry (NaN, empty field set): drop that point only.
                Log.PointDropped(logger, point.Measurement, e.Message);
            }
        }

        if (written > 0)
        {
            queue.Enqueue(new MetricBatch(text.WrittenSpan.ToArray(), written, now));
        }

        garbage.AfterRound(queue.ReplaysCompleted);
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
