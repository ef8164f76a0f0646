namespace Alpi.Agent.Publishing.Buffer;

/// <summary>
/// The batch queue in memory: <c>Agent:Buffer:Kind=Memory</c>, or the fallback when the disk buffer cannot be opened.
/// Same limits and eviction as <see cref="SqliteBatchStore"/>, lost when the agent stops.
/// </summary>
internal sealed class MemoryBatchStore(BatchStoreLimits limits) : IBatchStore
{
    private readonly LinkedList<QueuedBatch> _batches = new();
    private long _bytes;
    private long _newest;

    public bool IsDurable => false;

    public int Count => _batches.Count;

    public long Bytes => _bytes;

    public long NewestSequence => _newest;

    public long CorruptRecords => 0;

    public long DamagedFiles => 0;

    public long RecoveredBatches => 0;

    public Eviction Append(MetricBatch batch, long protectedSequence)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var evicted = Eviction.None;
        var node = _batches.First;
        while (node is not null && (_batches.Count + 1 > limits.MaxBatches || _bytes + batch.Payload.Length > limits.MaxBytes))
        {
            var next = node.Next;
            if (node.Value.Sequence != protectedSequence)
            {
                evicted = new Eviction(evicted.Batches + 1, evicted.Points + node.Value.Batch.PointCount);
                _bytes -= node.Value.Batch.Payload.Length;
                _batches.Remove(node);
            }

            node = next;
        }

        _batches.AddLast(new QueuedBatch(++_newest, batch));
        _bytes += batch.Payload.Length;
        return evicted;
    }

    public QueuedBatch? PeekOldest() => _batches.First?.Value;

    /// <summary>Every batch held, oldest first (a snapshot).</summary>
    public QueuedBatch[] Oldest() => [.. _batches];

    public void Remove(long sequence)
    {
        for (var node = _batches.First; node is not null; node = node.Next)
        {
            if (node.Value.Sequence == sequence)
            {
                _bytes -= node.Value.Batch.Payload.Length;
                _batches.Remove(node);
                return;
            }
        }
    }

    public void Dispose() => _batches.Clear();
}
