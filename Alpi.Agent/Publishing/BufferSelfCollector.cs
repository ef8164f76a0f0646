using Alpi.Agent.Collectors;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Publishing;

/// <summary>
/// The buffer's own figures, published with every round like the agent's other self-metrics (<c>alpi_agent</c>):
/// <c>alpi_agent_buffer queued_batches=…i,queued_bytes=…i,enqueued_batches=…i,enqueued_points=…i,dropped_batches=…i,
/// dropped_points=…i,replayed_batches=…i,write_failures=…i,corrupt_records=…i,damaged_files=…i,recovered_batches=…i,
/// durable=true</c>. Queued figures are the state at collection time (bytes are payload octets); the others are totals
/// since the agent started. <c>enqueued_batches</c> read in the <c>n</c>-th round (from 0) is <c>n</c>, since each
/// round is one batch: a receiver can tell from it whether a batch is missing. Once the broker refused a batch for good
/// (<see cref="PublishRefusal"/>), <c>alpi_agent_refused,reason=quota_exceeded batches=…i,points=…i</c>, one point per reason.
/// </summary>
internal sealed class BufferSelfCollector(MetricBacklog backlog) : IMetricCollector
{
    public string Name => "alpi_agent_buffer";

    public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        sink.Add(new LinePoint("alpi_agent_buffer", [],
        [
            new("queued_batches", FieldValue.Integer(backlog.Count)),
            new("queued_bytes", FieldValue.Integer(backlog.QueuedBytes)),
            new("enqueued_batches", FieldValue.Integer(backlog.EnqueuedBatches)),
            new("enqueued_points", FieldValue.Integer(backlog.EnqueuedPoints)),
            new("dropped_batches", FieldValue.Integer(backlog.DroppedBatches)),
            new("dropped_points", FieldValue.Integer(backlog.DroppedPoints)),
            new("replayed_batches", FieldValue.Integer(backlog.ReplayedBatches)),
            new("write_failures", FieldValue.Integer(backlog.WriteFailures)),
            new("corrupt_records", FieldValue.Integer(backlog.CorruptRecords)),
            new("damaged_files", FieldValue.Integer(backlog.DamagedFiles)),
            new("recovered_batches", FieldValue.Integer(backlog.RecoveredBatches)),
            new("durable", FieldValue.Boolean(backlog.IsDurable)),
        ], null));
        foreach (var (reason, (batches, points)) in backlog.RefusedByReason.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            sink.Add(new LinePoint("alpi_agent_refused", [new("reason", reason)],
                [new("batches", FieldValue.Integer(batches)), new("points", FieldValue.Integer(points))], null));
        }

        return ValueTask.CompletedTask;
    }
}
