namespace Alpi.Agent.Publishing.Buffer;

/// <summary>
/// An ordered, bounded queue of batches for <see cref="MetricBacklog"/>: appended at the tail, read and removed at the
/// head. Not thread-safe: the backlog serialises calls. Implementations: <see cref="SqliteBatchStore"/> (durable) and
/// <see cref="MemoryBatchStore"/>.
/// </summary>
internal interface IBatchStore : IDisposable
{
    /// <summary>True when batches survive a restart of the agent.</summary>
    bool IsDurable { get; }

    /// <summary>Batches held.</summary>
    int Count { get; }

    /// <summary>Payload bytes (octets) held.</summary>
    long Bytes { get; }

    /// <summary>The sequence of the newest batch ever appended, 0 when none.</summary>
    long NewestSequence { get; }

    /// <summary>Records found damaged (bad checksum, unreadable) and skipped since start.</summary>
    long CorruptRecords { get; }

    /// <summary>Store files found damaged at open or while in use, set aside and replaced, since start.</summary>
    long DamagedFiles { get; }

    /// <summary>Batches read back from damaged files into their replacement, since start.</summary>
    long RecoveredBatches { get; }

    /// <summary>
    /// Appends <paramref name="batch"/> at the tail, first evicting the oldest batches (except
    /// <paramref name="protectedSequence"/>, the one being published) until it fits the limits. A batch larger than
    /// the byte limit on its own is kept alone.
    /// </summary>
    /// <returns>What was evicted.</returns>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The durable store could not write (disk full, I/O error); nothing changed.</exception>
    Eviction Append(MetricBatch batch, long protectedSequence);

    /// <summary>The oldest batch, or null when empty. Damaged records met on the way are removed and counted.</summary>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The durable store could not read.</exception>
    QueuedBatch? PeekOldest();

    /// <summary>Removes the batch <paramref name="sequence"/> if still held (it may have been evicted meanwhile).</summary>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The durable store could not write; the batch stays.</exception>
    void Remove(long sequence);
}
