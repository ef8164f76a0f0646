using Alpi.Protocols.IO;
using System.Buffers;
using System.Threading.Channels;
using Alpi.Collector.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Ingest.Journal;

/// <summary>
/// The durable ingest journal (write-ahead log) of the embedded broker: <c>&lt;DataDirectory&gt;/ingest-journal/</c>
/// (created 0700, <see cref="PrivateDirectory"/>), append-only segment files (<see cref="JournalSegment"/>, a new one
/// beyond <see cref="IngestOptions.JournalSegmentBytes"/>) of records framed by <see cref="JournalFrame"/>.
/// <para>
/// <b>Group commit</b>: <see cref="AppendAsync"/> queues a message; one writer loop takes every message waiting, gives
/// them consecutive sequence numbers, writes them in one <c>write</c> and one <c>fsync</c> (<c>FileStream.Flush(true)</c>),
/// then, in sequence order, runs each message's hand-over (the broker's: enqueue its points for the store writer) and
/// completes its task. N publishers waiting together thus share one fsync, as influxd's WAL and PostgreSQL's
/// commit_delay do; the store writer receives messages in sequence order, so "stored up to sequence S" is a prefix.
/// </para>
/// <para>
/// <b>Stored sequence</b>: after each store commit the writer calls <see cref="MarkStored"/>, which writes
/// <see cref="StoredSequenceFile"/> and deletes the segments whose every record is stored.
/// </para>
/// <para>
/// <b>Recovery</b> (<see cref="Open"/>, before the broker listens): every segment is read, records checked; a torn or
/// damaged record ends the reading of its segment (logged with file and offset, counted in
/// <see cref="CorruptRecords"/>), the records before it are kept. The records after the stored sequence are handed to the
/// store writer (<see cref="TakeUnstored"/>), which stores them before any message received since; new records get
/// sequence numbers after every one seen, and go to a new segment.
/// </para>
/// <para>
/// <b>Failures</b>: a write or fsync that fails (disk full, I/O error) fails the appends of its group with an
/// <see cref="IOException"/> (the broker answers PUBACK 0x80), is logged and counted (<see cref="WriteFailures"/>);
/// the segment is closed and the next group starts a new one. Nothing throws out of the loop.
/// </para>
/// Active (<see cref="IsEnabled"/>) only with the embedded broker, the DuckDB store and <see cref="IngestOptions.Journal"/>.
/// Source: InfluxDB 1.x <c>tsdb/engine/tsm1/wal.go</c> (segments, CRC-framed entries, write then fsync before the
/// acknowledgement, replay at open), MQTT 5 §4.3.2 (QoS 1: PUBACK once the receiver owns the message).
/// </summary>
public sealed partial class IngestJournal : IAsyncDisposable
{
    /// <summary>The journal folder's name inside <c>Collector:DataDirectory</c>.</summary>
    public const string DirectoryName = "ingest-journal";

    /// <summary>Most octets written in one group (one write and fsync); a larger backlog is written in several groups.</summary>
    private const int MaxGroupBytes = 8 * 1024 * 1024;

    private readonly ILogger<IngestJournal> _logger;
    private readonly long _segmentBytes;
    private readonly Channel<PendingAppend> _appends = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly List<JournalSegment> _segments = [];
    private List<JournalRecord> _unstored = [];
    private JournalSegment? _current;
    private FileStream? _file;
    private Task _loop = Task.CompletedTask;
    private bool _opened;
    private long _nextSequence = 1;
    private long _storedSequence;
    private long _appended;
    private long _fsyncs;
    private long _corruptRecords;
    private long _writeFailures;
    private int _disposed;

    /// <summary>Creates the journal of <c>Collector:DataDirectory</c>; nothing is read or written before <see cref="Open"/>.</summary>
    public IngestJournal(IOptions<CollectorOptions> options, ILogger<IngestJournal> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _logger = logger;
        _segmentBytes = value.Ingest.JournalSegmentBytes;
        Directory = Path.Combine(value.DataDirectoryFullPath, DirectoryName);
        IsEnabled = value.Ingest.Journal && value.Broker.Embedded
            && string.Equals(value.Storage.Kind, StorageOptions.KindDuckDb, StringComparison.OrdinalIgnoreCase);
        Backlog = new JournalBacklog(value.Ingest.JournalMaxUnstoredPoints);
    }

    /// <summary>True when the embedded broker acknowledges after the journal (embedded broker, DuckDB, option on).</summary>
    public bool IsEnabled { get; }

    /// <summary>The journal folder (full path).</summary>
    public string Directory { get; }

    /// <summary>Points acknowledged through the journal and not yet stored (back-pressure).</summary>
    public JournalBacklog Backlog { get; }

    /// <summary>Records appended (written and fsync'ed) since start.</summary>
    public long Appended => Interlocked.Read(ref _appended);

    /// <summary>fsync calls on segment files since start (appended / fsyncs = the mean group size).</summary>
    public long Fsyncs => Interlocked.Read(ref _fsyncs);

    /// <summary>Torn or damaged records found at <see cref="Open"/> (each ends the reading of its segment).</summary>
    public long CorruptRecords => Interlocked.Read(ref _corruptRecords);

    /// <summary>Groups whose write or fsync failed (their messages were answered PUBACK 0x80).</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>The highest sequence stored, with every one before it.</summary>
    public long StoredSequence => Interlocked.Read(ref _storedSequence);

    /// <summary>Test hook: a pause before each fsync, as a slow disk would take, to show that waiting appends share it.</summary>
    internal TimeSpan FlushDelayForTests { get; set; }

    /// <summary>
    /// Reads the journal folder (creating it), keeps the records not yet stored for <see cref="TakeUnstored"/>, and starts
    /// the writer loop. Idempotent; thread-safe.
    /// </summary>
    /// <exception cref="IOException">The folder cannot be created or listed.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not accessible.</exception>
    public void Open()
    {
        lock (_lock)
        {
            if (_opened)
            {
                return;
            }

            PrivateDirectory.Create(Directory);
            var stored = StoredSequenceFile.Read(Directory, out var problem);
            if (problem is not null)
            {
                Log.StoredSequenceUnreadable(_logger, problem);
            }

            var last = stored;
            var files = new List<(long First, string Path)>();
            foreach (var path in System.IO.Directory.EnumerateFiles(Directory))
            {
                if (JournalSegment.TryParseFileName(Path.GetFileName(path), out var first))
                {
                    files.Add((first, path));
                }
            }

            foreach (var (first, path) in files.OrderBy(f => f.First))
            {
                var segment = new JournalSegment(path, first);
                ReadSegment(segment, stored);
                last = Math.Max(last, segment.LastSequence);
                _segments.Add(segment);
            }

            _storedSequence = stored;
            _nextSequence = last + 1;
            if (_unstored.Count > 0)
            {
                Log.Recovered(_logger, _unstored.Count, _segments.Count, stored);
            }

            _loop = Task.Run(RunAsync);
            _opened = true;
        }
    }

    /// <summary>
    /// The records found at <see cref="Open"/> after the stored sequence, in sequence order, to store before anything
    /// received since; returned once (then empty). Their payloads refer to the segment files read into memory.
    /// </summary>
    public IReadOnlyList<JournalRecord> TakeUnstored()
    {
        lock (_lock)
        {
            var records = _unstored;
            _unstored = [];
            return records;
        }
    }

    /// <summary>
    /// Appends <paramref name="entry"/>: completes once it is written and fsync'ed and <paramref name="onDurable"/> (called
    /// on the journal's loop, in sequence order, with the entry's sequence number) has returned (its token is cancelled when the journal stops).
    /// </summary>
    /// <returns>The entry's sequence number.</returns>
    /// <exception cref="IOException">The journal could not write or fsync it (disk full, I/O error); it is not acknowledged.</exception>
    /// <exception cref="InvalidOperationException">The journal is not open, or stopped.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first (the entry may still be written and handed over).</exception>
    public async Task<long> AppendAsync(JournalEntry entry, Func<long, CancellationToken, ValueTask> onDurable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(onDurable);
        if (!_opened)
        {
            throw new InvalidOperationException("the ingest journal is not open");
        }

        var pending = new PendingAppend(entry, JournalFrame.SizeOf(entry), onDurable);
        if (!_appends.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("the ingest journal is stopped");
        }

        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Records that every record up to <paramref name="sequence"/> is committed to the store: writes
    /// <see cref="StoredSequenceFile"/> and deletes the segments whose records are all stored. A failure is logged (the
    /// next start then replays stored records again, which is harmless); never throws for I/O.
    /// </summary>
    public void MarkStored(long sequence)
    {
        List<JournalSegment> deletable;
        lock (_lock)
        {
            if (sequence <= _storedSequence)
            {
                return;
            }

            Interlocked.Exchange(ref _storedSequence, sequence);
            deletable = _segments.Where(s => s != _current && s.LastSequence <= sequence).ToList();
            foreach (var segment in deletable)
            {
                _segments.Remove(segment);
            }
        }

        try
        {
            StoredSequenceFile.Write(Directory, sequence);
            foreach (var segment in deletable)
            {
                File.Delete(segment.Path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.MarkStoredFailed(_logger, sequence, e.Message);
        }
    }

    /// <summary>Stops the loop (appends waiting fail with <see cref="InvalidOperationException"/>) and closes the segment.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _appends.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _loop;
        while (_appends.Reader.TryRead(out var pending))
        {
            pending.Completion.TrySetException(new InvalidOperationException("the ingest journal is stopped"));
        }

        _file?.Dispose();
        _stopping.Dispose();
    }

    private void ReadSegment(JournalSegment segment, long stored)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(segment.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _corruptRecords);
            Log.Corrupt(_logger, segment.Path, 0, e.Message);
            return;
        }

        if (data.Length < JournalFrame.SegmentMagic.Length || !data.AsSpan(0, JournalFrame.SegmentMagic.Length).SequenceEqual(JournalFrame.SegmentMagic))
        {
            if (data.Length > 0)
            {
                Interlocked.Increment(ref _corruptRecords);
                Log.Corrupt(_logger, segment.Path, 0, "no journal segment header");
            }

            return;
        }

        var offset = JournalFrame.SegmentMagic.Length;
        while (true)
        {
            var status = JournalFrame.TryRead(data.AsMemory(offset), data.AsSpan(offset), out var record, out var consumed, out var problem);
            if (status == JournalFrameStatus.End)
            {
                return;
            }

            if (status != JournalFrameStatus.Record)
            {
                Interlocked.Increment(ref _corruptRecords);
                Log.Corrupt(_logger, segment.Path, offset, problem!);
                return;
            }

            segment.LastSequence = record!.Sequence;
            if (record.Sequence > stored)
            {
                _unstored.Add(record);
            }

            offset += consumed;
        }
    }

    private async Task RunAsync()
    {
        var group = new List<PendingAppend>();
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        try
        {
            while (await _appends.Reader.WaitToReadAsync(_stopping.Token))
            {
                group.Clear();
                var bytes = 0L;
                while (bytes < MaxGroupBytes && _appends.Reader.TryRead(out var next))
                {
                    group.Add(next);
                    bytes += next.Size;
                }

                if (group.Count == 0)
                {
                    continue;
                }

                if (FlushDelayForTests > TimeSpan.Zero)
                {
                    await Task.Delay(FlushDelayForTests, _stopping.Token);
                    while (bytes < MaxGroupBytes && _appends.Reader.TryRead(out var next))
                    {
                        group.Add(next);
                        bytes += next.Size;
                    }
                }

                if (!TryWriteGroup(group, buffer))
                {
                    continue;
                }

                foreach (var pending in group)
                {
                    try
                    {
                        await pending.OnDurable(pending.Sequence, _stopping.Token);
                        pending.Completion.TrySetResult(pending.Sequence);
                    }
                    catch (OperationCanceledException e)
                    {
                        // Stopping: the record is journalled and is replayed at the next start.
                        pending.Completion.TrySetCanceled(e.CancellationToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            foreach (var pending in group)
            {
                pending.Completion.TrySetCanceled(_stopping.Token);
            }
        }
    }

    /// <summary>Writes and fsyncs <paramref name="group"/>; on failure fails its appends and returns false.</summary>
    private bool TryWriteGroup(List<PendingAppend> group, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        try
        {
            foreach (var pending in group)
            {
                if (_file is null || (_file.Length + buffer.WrittenCount + pending.Size > _segmentBytes && _current!.LastSequence >= _current.FirstSequence))
                {
                    if (_file is not null)
                    {
                        WriteAndSync(buffer);
                    }

                    StartSegment(_nextSequence);
                }

                pending.Sequence = _nextSequence++;
                JournalFrame.Write(buffer, pending.Sequence, pending.Entry);
                _current!.LastSequence = pending.Sequence;
            }

            WriteAndSync(buffer);
            Interlocked.Add(ref _appended, group.Count);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _writeFailures);
            Log.WriteFailed(_logger, group.Count, _current?.Path ?? Directory, e.Message);
            CloseSegment();
            var failure = new IOException($"ingest journal {Directory}: {e.Message}", e);
            foreach (var pending in group)
            {
                pending.Completion.TrySetException(failure);
            }

            return false;
        }
    }

    private void WriteAndSync(ArrayBufferWriter<byte> buffer)
    {
        _file!.Write(buffer.WrittenSpan);
        buffer.ResetWrittenCount();
        _file.Flush(flushToDisk: true);
        Interlocked.Increment(ref _fsyncs);
    }

    private void StartSegment(long firstSequence)
    {
        CloseSegment();
        var segment = new JournalSegment(Path.Combine(Directory, JournalSegment.FileName(firstSequence)), firstSequence);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.Read, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var file = new FileStream(segment.Path, options);
        try
        {
            file.Write(JournalFrame.SegmentMagic);
            file.Flush(flushToDisk: true);
            DirectorySync.Flush(Directory);
        }
        catch
        {
            file.Dispose();
            File.Delete(segment.Path);
            throw;
        }

        _file = file;
        lock (_lock)
        {
            _current = segment;
            _segments.Add(segment);
        }
    }

    private void CloseSegment()
    {
        _file?.Dispose();
        _file = null;
        lock (_lock)
        {
            _current = null;
        }
    }

    private sealed class PendingAppend(JournalEntry entry, int size, Func<long, CancellationToken, ValueTask> onDurable)
    {
        public JournalEntry Entry { get; } = entry;

        public int Size { get; } = size;

        public Func<long, CancellationToken, ValueTask> OnDurable { get; } = onDurable;

        public long Sequence { get; set; }

        public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
