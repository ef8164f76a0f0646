using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Alpi.Agent.Publishing.Buffer;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Publishing;

/// <summary>
/// The agent's store-and-forward queue between collection and publishing. Every collected batch is appended here
/// first (<see cref="Enqueue"/>: by default in memory while the broker takes every batch and on disk as soon as it is
/// away, <see cref="AgentBufferKind"/>), the publisher leases the oldest, publishes it with QoS 1 and
/// <see cref="Acknowledge"/>s it once the broker's PUBACK came back: only then is it removed. So batches go out in the
/// order they were collected, and nothing the broker has not acknowledged is lost when the broker is away or the agent
/// restarts; with <see cref="AgentBufferKind.Disk"/> not even at a power cut (at-least-once: a batch whose PUBACK was
/// lost is sent again). When the queue is full (<see cref="AgentBufferOptions.MaxMiB"/> or
/// <see cref="AgentOptions.QueueLimit"/>) the oldest batches are dropped and counted, never the newest.
/// </summary>
/// <remarks>
/// Thread-safe: one collection loop enqueues while one publisher leases. When the disk buffer cannot be opened (folder
/// not writable, file held by another agent) the error is logged once and the queue runs in memory
/// (<see cref="IsDurable"/> false).
/// </remarks>
public sealed partial class MetricBacklog : IDisposable
{
    private readonly AgentOptions _options;
    private readonly ILogger<MetricBacklog> _logger;
    private readonly Lock _gate = new();
    private readonly Channel<bool> _added = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private IBatchStore? _store;
    private long _leased;
    private long _replayThrough;
    private long _enqueued;
    private long _enqueuedPoints;
    private long _dropped;
    private long _droppedPoints;
    private long _replayed;
    private long _replaysCompleted;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long Batches, long Points)> _refused = new(StringComparer.Ordinal);
    private long _writeFailures;
    private bool _dropping;
    private bool _failing;
    private volatile bool _readFailed;
    private bool _disposed;

    /// <summary>Creates the queue; the buffer file is opened by <see cref="Open"/> or the first use.</summary>
    /// <param name="options">The agent's options: <see cref="AgentOptions.Buffer"/>, tenant and host (the file's name).</param>
    /// <param name="logger">Where damage, drops and failures are reported.</param>
    public MetricBacklog(IOptions<AgentOptions> options, ILogger<MetricBacklog> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The buffer file, <c>&lt;Buffer:Directory&gt;/&lt;tenant&gt;.&lt;host&gt;.db</c>, or null when <c>Agent:Buffer:Kind</c> is <c>Memory</c>.</summary>
    public string? FilePath => _options.Buffer.Kind != AgentBufferKind.Memory ? Path.Combine(_options.Buffer.ResolveDirectory(_options.DataDirectory), FileName(_options.Tenant, _options.Host)) : null;

    /// <summary>
    /// True when the batches the broker has not taken survive a stop or a broker outage: the disk buffer is open, or
    /// (<see cref="AgentBufferKind.DiskWhenAway"/>, in memory while the broker takes every batch) its folder is writable
    /// and the batches go there as soon as the broker is away or the agent stops. False with
    /// <see cref="AgentBufferKind.Memory"/>, when the folder or file cannot be used, or after the batches waiting in memory
    /// could not be written to the file (until they can). Published as the <c>durable</c> field of
    /// <c>alpi_agent_buffer</c>.
    /// </summary>
    public bool IsDurable
    {
        get
        {
            lock (_gate)
            {
                return _store?.IsDurable == true || (_memoryUntilAway && !_diskUnusable && !_spillFailureLogged);
            }
        }
    }

    /// <summary>Batches waiting for the broker's acknowledgement (0 before the buffer is opened).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _store?.Count ?? 0;
            }
        }
    }

    /// <summary>Payload bytes (octets) waiting for the broker's acknowledgement.</summary>
    public long QueuedBytes
    {
        get
        {
            lock (_gate)
            {
                return _store?.Bytes ?? 0;
            }
        }
    }

    /// <summary>Batches enqueued since start: the <c>n</c>-th collection round (from 0) reads <c>n</c> here.</summary>
    public long EnqueuedBatches => Interlocked.Read(ref _enqueued);

    /// <summary>Points (line-protocol lines) enqueued since start.</summary>
    public long EnqueuedPoints => Interlocked.Read(ref _enqueuedPoints);

    /// <summary>Batches dropped since start: the oldest when the queue was full, or a new one the disk refused.</summary>
    public long DroppedBatches => Interlocked.Read(ref _dropped);

    /// <summary>Points in <see cref="DroppedBatches"/>.</summary>
    public long DroppedPoints => Interlocked.Read(ref _droppedPoints);

    /// <summary>
    /// Batches acknowledged since start that had waited for a connection: queued while the broker was away, or left
    /// from before a restart.
    /// </summary>
    public long ReplayedBatches => Interlocked.Read(ref _replayed);

    /// <summary>
    /// Replays completed since start: each time the broker acknowledged the last of the batches that were waiting when
    /// the publisher (re)connected (<see cref="MarkConnected"/>). <see cref="Collection.RoundGcPolicy"/> gives back the
    /// memory the outage and its replay used at the next round.
    /// </summary>
    public long ReplaysCompleted => Interlocked.Read(ref _replaysCompleted);

    /// <summary>Appends the disk refused (disk full, I/O error) since start; each such batch is in <see cref="DroppedBatches"/>.</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>Damaged records skipped (CRC-32 mismatch, unreadable row) since start.</summary>
    public long CorruptRecords => Read(static f => f.CorruptRecords);

    /// <summary>Damaged buffer files set aside and replaced since start.</summary>
    public long DamagedFiles => Read(static f => f.DamagedFiles);

    /// <summary>Batches read back from damaged buffer files since start (they are replayed like the others).</summary>
    public long RecoveredBatches => Read(static f => f.RecoveredBatches);

    /// <summary>The buffer file's name for an agent: tenant and host, each with characters outside <c>[A-Za-z0-9_-]</c> escaped as <c>%XX</c>.</summary>
    public static string FileName(string tenant, string host)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(host);
        return $"{Escape(tenant)}.{Escape(host)}.db";
    }

    /// <summary>Opens the buffer (a damaged file is set aside and replaced; an unusable location falls back to memory). Idempotent.</summary>
    public void Open()
    {
        lock (_gate)
        {
            _ = Store();
        }
    }

    /// <summary>
    /// Appends a batch at the tail, durably when the buffer is on disk (returns once it is on the disk). When full the
    /// oldest batches are dropped first, except one being published. Never throws for a full or failing disk: the batch
    /// is then dropped, logged and counted.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    public void Enqueue(MetricBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            Interlocked.Increment(ref _enqueued);
            Interlocked.Add(ref _enqueuedPoints, batch.PointCount);
            var store = Store();
            Eviction evicted;
            try
            {
                evicted = store.Append(batch, _leased);
                _failing = false;
            }
            catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
            {
                Interlocked.Increment(ref _writeFailures);
                CountDropped(new Eviction(1, batch.PointCount));
                if (!_failing)
                {
                    Log.WriteFailed(_logger, FilePath ?? "memory", e.Message);
                    _failing = true;
                }

                return;
            }

            if (evicted.Batches > 0)
            {
                CountDropped(evicted);
                if (!_dropping)
                {
                    Log.Dropping(_logger, _options.Buffer.MaxMiB, _options.QueueLimit, store.Count, store.Bytes);
                    _dropping = true;
                }
            }

            if (_memoryUntilAway && store.Count > SpillAfterBatches)
            {
                SpillToDisk("batches are piling up");
            }
        }

        _added.Writer.TryWrite(true);
    }

    /// <summary>
    /// Takes the oldest batch for publishing without removing it; it is then protected from being dropped until
    /// <see cref="Acknowledge"/> or <see cref="Release"/>.
    /// </summary>
    /// <returns>False when the queue is empty (or cannot be read at the moment: logged).</returns>
    public bool TryLeaseOldest([NotNullWhen(true)] out QueuedBatch? batch)
    {
        lock (_gate)
        {
            try
            {
                batch = Store().PeekOldest();
            }
            catch (Exception e) when (e is SqliteException or IOException)
            {
                Log.ReadFailed(_logger, FilePath ?? "memory", e.Message);
                batch = null;
                _readFailed = true;
                _leased = 0;
                return false;
            }

            _readFailed = false;
            _leased = batch?.Sequence ?? 0;
            return batch is not null;
        }
    }

    /// <summary>
    /// Waits until a batch is queued and leases the oldest, as <see cref="TryLeaseOldest"/>. While the queue is empty it
    /// sleeps until the next <see cref="Enqueue"/> (no polling: an idle agent wakes only to collect); after a failed read
    /// of the buffer (logged) it tries again every <see cref="ReadRetryDelay"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<QueuedBatch> LeaseOldestAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryLeaseOldest(out var batch))
            {
                return batch;
            }

            var added = _added.Reader.WaitToReadAsync(cancellationToken);
            if (_readFailed)
            {
                await Task.WhenAny(added.AsTask(), Task.Delay(ReadRetryDelay, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }
            else
            {
                await added;
            }

            _added.Reader.TryRead(out _);
        }
    }

    /// <summary>How long <see cref="LeaseOldestAsync"/> waits before reading the buffer again after a failed read: 1 second.</summary>
    public static readonly TimeSpan ReadRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The broker acknowledged <paramref name="batch"/> (PUBACK): removes it from the queue.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    public void Acknowledge(QueuedBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            if (batch.Sequence <= _replayThrough)
            {
                Interlocked.Increment(ref _replayed);
                if (batch.Sequence == _replayThrough)
                {
                    Interlocked.Increment(ref _replaysCompleted); // the last batch that waited for the connection
                }
            }

            try
            {
                Store().Remove(CurrentSequence(batch.Sequence));
            }
            catch (Exception e) when (e is SqliteException or IOException)
            {
                // The batch stays and is sent again: a duplicate, which at-least-once delivery allows.
                Log.RemoveFailed(_logger, FilePath ?? "memory", batch.Sequence, e.Message);
            }

            _leased = 0;
            _dropping = false;
            ReturnToMemoryWhenReplayed();
        }
    }

    /// <summary>
    /// The broker refused <paramref name="batch"/> for good (<see cref="PublishRefusal.IsPermanent"/>): removes it from
    /// the queue as <see cref="Acknowledge"/> does, and counts it under <paramref name="reason"/> (<see cref="RefusedByReason"/>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> or <paramref name="reason"/> is null.</exception>
    public void Refuse(QueuedBatch batch, string reason)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(reason);
        Acknowledge(batch);
        _refused.AddOrUpdate(reason, (1, batch.Batch.PointCount), (_, c) => (c.Batches + 1, c.Points + batch.Batch.PointCount));
    }

    /// <summary>Batches and their points the broker refused for good since start, by reason (<see cref="PublishRefusal.Name"/>).</summary>
    public IReadOnlyDictionary<string, (long Batches, long Points)> RefusedByReason => _refused;

    /// <summary>Publishing <paramref name="batch"/> failed: it stays at the head of the queue and may be dropped again when full.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    public void Release(QueuedBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            if (_leased == CurrentSequence(batch.Sequence))
            {
                _leased = 0;
            }
        }
    }

    /// <summary>
    /// The publisher (re)connected: the batches queued until now are counted as replayed once acknowledged
    /// (<see cref="ReplayedBatches"/>).
    /// </summary>
    public void MarkConnected()
    {
        lock (_gate)
        {
            _replayThrough = Store().Count > 0 ? Store().NewestSequence : _replayThrough;
            _connected = true;
        }
    }

    /// <summary>Closes the buffer file (SQLite checkpoints its log into it). Batches left in it are replayed at the next start.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_memoryUntilAway && _store is { Count: > 0 })
            {
                SpillToDisk("the agent is stopping");
            }

            _disposed = true;
            _store?.Dispose();
            _store = null;
        }
    }

    private IBatchStore Store()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_store is not null)
        {
            return _store;
        }

        var limits = Limits;
        var path = FilePath;
        if (path is null)
        {
            return _store = new MemoryBatchStore(limits);
        }

        if (_options.Buffer.Kind == AgentBufferKind.DiskWhenAway && !File.Exists(path))
        {
            _memoryUntilAway = true; // nothing left from before: memory until the broker is away
            _diskUnusable = !FolderIsWritable(path);
            return _store = new MemoryBatchStore(limits);
        }

        try
        {
            var store = SqliteBatchStore.Open(path, limits, _logger);
            if (store.EvictedAtOpen.Batches > 0)
            {
                CountDropped(store.EvictedAtOpen);
                Log.TrimmedAtOpen(_logger, path, store.EvictedAtOpen.Batches, _options.Buffer.MaxMiB, _options.QueueLimit);
            }

            return _store = store;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            Log.DiskUnavailable(_logger, path, e.Message);
            return _store = new MemoryBatchStore(limits);
        }
    }

    private BatchStoreLimits Limits => new(Math.Max(1, _options.Buffer.MaxBytes), Math.Max(1, _options.QueueLimit));

    private void CountDropped(Eviction evicted)
    {
        Interlocked.Add(ref _dropped, evicted.Batches);
        Interlocked.Add(ref _droppedPoints, evicted.Points);
    }

    /// <summary>A damage figure since start: of the store in use and of the disk stores closed before it.</summary>
    private long Read(Func<StoreFigures, long> figure)
    {
        lock (_gate)
        {
            return figure(_store is null ? _closedStores : _closedStores + StoreFigures.Of(_store));
        }
    }

    /// <summary>
    /// The damage figures of the disk stores closed since start (a <see cref="AgentBufferKind.DiskWhenAway"/> file
    /// replayed and deleted), so that the totals since start survive the return to memory.
    /// </summary>
    private StoreFigures _closedStores;

    /// <summary>Adds <paramref name="store"/>'s damage figures to those of the closed stores; call before disposing it. Caller holds <see cref="_gate"/>.</summary>
    private void KeepFiguresOf(IBatchStore store) => _closedStores += StoreFigures.Of(store);

    /// <summary>A store's damage figures since it was opened (<see cref="IBatchStore"/>).</summary>
    private readonly record struct StoreFigures(long CorruptRecords, long DamagedFiles, long RecoveredBatches)
    {
        public static StoreFigures Of(IBatchStore store) => new(store.CorruptRecords, store.DamagedFiles, store.RecoveredBatches);

        public static StoreFigures operator +(StoreFigures a, StoreFigures b) =>
            new(a.CorruptRecords + b.CorruptRecords, a.DamagedFiles + b.DamagedFiles, a.RecoveredBatches + b.RecoveredBatches);
    }

    private static string Escape(string value)
    {
        var text = new System.Text.StringBuilder(value.Length);
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
