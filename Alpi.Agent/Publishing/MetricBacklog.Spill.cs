using Alpi.Agent.Publishing.Buffer;
using Microsoft.Data.Sqlite;

namespace Alpi.Agent.Publishing;

/// <summary>
/// <c>Agent:Buffer:Kind=DiskWhenAway</c>: the queue lives in memory while the broker acknowledges every batch, moves
/// to the SQLite file (oldest first, in order) when the broker is away, and comes back to memory, deleting the file,
/// once every batch in it was acknowledged while connected (<see cref="AgentBufferKind.DiskWhenAway"/>).
/// </summary>
public sealed partial class MetricBacklog
{
    /// <summary>
    /// With <see cref="AgentBufferKind.DiskWhenAway"/>, batches waiting in memory beyond which they go to the disk
    /// even though the broker was not reported away: one being published and one collected meanwhile is normal; three
    /// mean the broker is slow to acknowledge or refusing them for a while.
    /// </summary>
    public const int SpillAfterBatches = 2;

    /// <summary>True while a <see cref="AgentBufferKind.DiskWhenAway"/> queue is in memory (no disk file open).</summary>
    private bool _memoryUntilAway;

    /// <summary>True between <see cref="MarkConnected"/> and <see cref="MarkAway"/>.</summary>
    private bool _connected;

    /// <summary>The leased batch moved to the disk under a new sequence: the old one, and the new one.</summary>
    private long _movedFrom;
    private long _movedTo;

    private bool _spillFailureLogged;

    /// <summary>True when, at the start, the buffer's folder could not be created or written (logged once).</summary>
    private bool _diskUnusable;

    /// <summary>True while a <see cref="AgentBufferKind.DiskWhenAway"/> queue is held in memory (the disk file is not open).</summary>
    public bool IsInMemoryUntilAway
    {
        get
        {
            lock (_gate)
            {
                return _memoryUntilAway;
            }
        }
    }

    /// <summary>
    /// The publisher could not reach the broker, or lost it while publishing: with
    /// <see cref="AgentBufferKind.DiskWhenAway"/> the batches waiting in memory are written to the disk buffer (and the
    /// next ones go there until it is replayed). Call it once no batch is leased (after <see cref="Release"/>). Nothing
    /// happens with the other kinds.
    /// </summary>
    public void MarkAway()
    {
        lock (_gate)
        {
            _connected = false;
            if (_memoryUntilAway)
            {
                SpillToDisk("the broker is away");
            }
        }
    }

    /// <summary>The sequence under which the store holds a batch leased as <paramref name="sequence"/>.</summary>
    private long CurrentSequence(long sequence) => sequence != 0 && sequence == _movedFrom ? _movedTo : sequence;

    /// <summary>
    /// Writes every batch of the memory queue to the disk buffer, oldest first, and makes the disk the queue. All or
    /// nothing: when the file cannot be opened or written (logged once), the batches stay in memory and the partial file
    /// is deleted. Caller holds <see cref="_gate"/>.
    /// </summary>
    private void SpillToDisk(string why)
    {
        if (!_memoryUntilAway || _store is not MemoryBatchStore memory || FilePath is not { } path)
        {
            return;
        }

        SqliteBatchStore? disk = null;
        try
        {
            disk = SqliteBatchStore.Open(path, Limits, _logger);
            var moved = new List<(long From, long To)>(memory.Count);
            var evicted = Eviction.None;
            foreach (var queued in memory.Oldest())
            {
                var e = disk.Append(queued.Batch, 0);
                evicted = new Eviction(evicted.Batches + e.Batches, evicted.Points + e.Points);
                moved.Add((queued.Sequence, disk.NewestSequence));
            }

            // Every batch is in the file: only now does the memory queue let them go.
            memory.Dispose();
            CountDropped(evicted);
            foreach (var (from, to) in moved)
            {
                if (from == _leased)
                {
                    (_movedFrom, _movedTo, _leased) = (from, to, to);
                }
            }

            Log.Spilled(_logger, path, moved.Count, why);
            _store = disk;
            _memoryUntilAway = false;
            _spillFailureLogged = false;
            _diskUnusable = false;
            // Every batch now on the disk waited for the broker: counted as replayed once acknowledged.
            _replayThrough = disk.NewestSequence;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            // All or nothing: the batches stay in memory, in order; the partial file goes.
            disk?.Dispose();
            DeleteFiles(path);
            if (!_spillFailureLogged)
            {
                Log.SpillFailed(_logger, path, e.Message);
                _spillFailureLogged = true;
            }
        }
    }

    /// <summary>
    /// Whether the folder of the buffer file <paramref name="path"/> can be created (0700, as the file's) and written: a
    /// probe file is created there and deleted. A <see cref="AgentBufferKind.DiskWhenAway"/> queue opens the file only
    /// when the broker is away; this tells the operator at the start, not during the first outage, that it could not.
    /// Logs <c>DiskUnavailable</c> once when it cannot. Caller holds <see cref="_gate"/>.
    /// </summary>
    private bool FolderIsWritable(string path)
    {
        var probe = path + ".probe";
        try
        {
            Alpi.Protocols.IO.PrivateDirectory.Create(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using (new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.DiskUnavailable(_logger, path, e.Message);
            return false;
        }
    }

    private static bool DeleteFiles(string path)
    {
        try
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// After an acknowledgement: a <see cref="AgentBufferKind.DiskWhenAway"/> disk queue that is now empty while
    /// connected goes back to memory, and its file (with SQLite's <c>-wal</c> and <c>-shm</c>) is deleted. Caller
    /// holds <see cref="_gate"/> and no batch is leased.
    /// </summary>
    private void ReturnToMemoryWhenReplayed()
    {
        if (_options.Buffer.Kind != AgentBufferKind.DiskWhenAway || _memoryUntilAway || !_connected
            || _store is not SqliteBatchStore { Count: 0 } disk || FilePath is not { } path)
        {
            return;
        }

        KeepFiguresOf(disk);
        disk.Dispose();
        _store = new MemoryBatchStore(Limits);
        _memoryUntilAway = true;
        (_movedFrom, _movedTo, _replayThrough) = (0, 0, 0);
        if (DeleteFiles(path))
        {
            Log.BackInMemory(_logger, path);
        }
        else
        {
            // An empty file left behind is opened (and found empty) at the next start: no batch is lost.
            Log.DeleteFailed(_logger, path);
        }
    }
}
