namespace Alpi.Agent.Publishing;

/// <summary>A batch waiting in the <see cref="MetricBacklog"/> for the broker's acknowledgement.</summary>
/// <param name="Sequence">
/// Its place in the queue: strictly increasing in the order batches were queued, never reused by the same buffer file
/// (SQLite <c>AUTOINCREMENT</c>), so replay follows it.
/// </param>
/// <param name="Batch">The batch as it was collected.</param>
public sealed record QueuedBatch(long Sequence, MetricBatch Batch);
