using Alpi.Agent.Collection;
using Alpi.Agent.Publishing;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Collectors.Internal;

/// <summary>
/// The agent's own figures, published like any other metric so the system supervises itself (after Telegraf's
/// <c>internal</c> input): <c>alpi_agent published_batches=…i,dropped_batches=…i,backlog_batches=…i,
/// collector_failures=…i,broker_connected=true</c>. Counters are totals since the agent started.
/// </summary>
internal sealed class AgentSelfCollector(MqttPublishLoop publisher, MetricBacklog backlog, Lazy<CollectionRound> round) : IMetricCollector
{
    public string Name => "alpi_agent";

    public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        sink.Add(new LinePoint("alpi_agent", [],
        [
            new("published_batches", FieldValue.Integer(publisher.PublishedBatches)),
            new("dropped_batches", FieldValue.Integer(backlog.DroppedBatches)),
            new("backlog_batches", FieldValue.Integer(backlog.Count)),
            new("collector_failures", FieldValue.Integer(round.Value.Failures)),
            new("broker_connected", FieldValue.Boolean(publisher.IsConnected)),
        ], null));
        return ValueTask.CompletedTask;
    }
}
