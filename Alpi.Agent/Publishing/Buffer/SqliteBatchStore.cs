using System.IO.Hashing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Alpi.Agent.Publishing.Buffer;

/// <summary>
/// The durable batch queue: one SQLite file (<c>&lt;tenant&gt;.&lt;host&gt;.db</c>), table
/// <c>batches(seq INTEGER PRIMARY KEY AUTOINCREMENT, collected_at, points, crc32, payload)</c>, opened by one agent
/// at a time (<c>locking_mode=EXCLUSIVE</c>: a second agent on the same file gets <c>SQLITE_BUSY</c>).
/// </summary>
/// <remarks>
/// <para>Durability (SQLite documentation, "Write-Ahead Logging" and "PRAGMA synchronous"): WAL journal;
/// <c>synchronous=FULL</c> for appends, so a batch whose <see cref="Append"/> returned is on the disk (the WAL is
/// fsync'ed at each commit) and survives a power cut; <c>synchronous=NORMAL</c> for removals, since a removal lost
/// to a power cut only means a batch sent again, which at-least-once delivery allows. A transaction torn by a power
/// cut fails the WAL's frame checksums and is rolled back by SQLite at the next open, leaving a consistent file.</para>
/// <para>Damage SQLite cannot see (a page overwritten with other bytes) is caught by each batch's CRC-32
/// (ISO-HDLC, as in zip and PNG): that record is skipped and counted. A file SQLite refuses (not a database,
/// malformed, truncated) is renamed <c>&lt;file&gt;.damaged</c>, the batches still readable in it (in order, up to
/// the first unreadable page) are copied into a new file, and the agent carries on.</para>
/// </remarks>
internal sealed partial class SqliteBatchStore : IBatchStore
{
    /// <summary><c>PRAGMA application_id</c> of a buffer file: "AlpB".</summary>
    internal const int ApplicationId = 0x416C7042;

    /// <summary><c>PRAGMA user_version</c> of the current schema.</summary>
    internal const int SchemaVersion = 1;

    /// <summary>Suffix of a damaged file set aside (then <c>-wal</c> for its log).</summary>
    internal const string DamagedSuffix = ".damaged";

    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    // Free pages (4 KiB each) above which an emptied queue gives its space back to the file system: 1 MiB.
    private const long VacuumFreePages = 256;

    private readonly string _path;
    private readonly BatchStoreLimits _limits;
    private readonly ILogger _logger;
    private SqliteConnection _connection;
    // Statements run every round, prepared once per connection (SqliteCommand keeps its prepared statement between
    // executions): append, peek, remove, and the synchronous switches around them.
    private SqliteCommand? _insert;
    private SqliteCommand? _peek;
    private SqliteCommand? _delete;
    private SqliteCommand? _freelistCount;
    private SqliteCommand? _fullSyncOn;
    private SqliteCommand? _fullSyncOff;
    // The batch last appended, while it is the only one queued: the publisher's peek then needs no read back.
    private QueuedBatch? _tail;
    private bool? _fullSync;
    private int _count;
    private long _bytes;
    private long _newest;

    private SqliteBatchStore(string path, BatchStoreLimits limits, ILogger logger)
    {
        _path = path;
        _limits = limits;
        _logger = logger;
        _connection = null!;
    }

    /// <summary>The file's absolute path.</summary>
    public string FilePath => _path;

    public bool IsDurable => true;

    public int Count => _count;

    public long Bytes => _bytes;

    public long NewestSequence => _newest;

    public long CorruptRecords { get; private set; }

    public long DamagedFiles { get; private set; }

    public long RecoveredBatches { get; private set; }

    /// <summary>What the open evicted because the file held more than the (possibly lowered) limits.</summary>
    public Eviction EvictedAtOpen { get; private set; }

    /// <summary>
    /// Opens (or creates) the buffer file at <paramref name="path"/>, creating its folder. A damaged file is set aside
    /// and replaced (logged once, counted in <see cref="DamagedFiles"/>), never an exception.
    /// </summary>
    /// <exception cref="SqliteException">The file is locked by another process (<c>SQLITE_BUSY</c>) or cannot be written.</exception>
    /// <exception cref="IOException">The folder or the file cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or the file is not writable.</exception>
    public static SqliteBatchStore Open(string path, BatchStoreLimits limits, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(logger);
        // The buffer's folder and its missing parents, when created here, are the agent's user's alone (0700), as
        // systemd's StateDirectory; existing folders keep their mode.
        Alpi.Protocols.IO.PrivateDirectory.Create(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var store = new SqliteBatchStore(Path.GetFullPath(path), limits, logger);
        try
        {
            try
            {
                store._connection = Connect(store._path);
                var problem = Initialize(store._connection, verify: true);
                if (problem is not null)
                {
                    store.Recover(problem);
                }
            }
            catch (SqliteException e) when (IsDamage(e))
            {
                store.Recover(e.Message);
            }

            store.LoadCounts();
            store.EvictedAtOpen = store.Trim(protectedSequence: 0);
        }
        catch
        {
            // Not usable here (locked, not writable, or damaged beyond replacing): the backlog falls back to memory.
            store.Dispose();
            throw;
        }

        if (store._count > 0)
        {
            Log.Reopened(logger, store._path, store._count, store._bytes);
        }

        return store;
    }

    public Eviction Append(MetricBatch batch, long protectedSequence)
    {
        ArgumentNullException.ThrowIfNull(batch);
        try
        {
            return AppendOnce(batch, protectedSequence);
        }
        catch (SqliteException e) when (IsDamage(e))
        {
            Recover(e.Message);
            return AppendOnce(batch, protectedSequence);
        }
    }

    public QueuedBatch? PeekOldest()
    {
        try
        {
            return PeekOldestOnce();
        }
        catch (SqliteException e) when (IsDamage(e))
        {
            Recover(e.Message);
            return PeekOldestOnce();
        }
    }

    public void Remove(long sequence)
    {
        try
        {
            RemoveOnce(sequence);
        }
        catch (SqliteException e) when (IsDamage(e))
        {
            // The fresh file holds what could be read back; the batch, if recovered, is sent again (at-least-once).
            Recover(e.Message);
        }
    }

    public void Dispose()
    {
        DisposeCommands();
        _connection?.Dispose();
    }

    private void DisposeCommands()
    {
        foreach (var command in (SqliteCommand?[])[_insert, _peek, _delete, _freelistCount, _fullSyncOn, _fullSyncOff])
        {
            command?.Dispose();
        }

        _insert = _peek = _delete = _freelistCount = _fullSyncOn = _fullSyncOff = null;
        _tail = null;
    }

    // The connection's command for `sql`, created and prepared at its first use.
    private SqliteCommand Command(ref SqliteCommand? command, string sql)
    {
        if (command is null)
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
        }

        return command;
    }

    private Eviction AppendOnce(MetricBatch batch, long protectedSequence)
    {
        SetSynchronous(full: true);
        var payload = batch.Payload;
        using var transaction = _connection.BeginTransaction();
        var (evicted, count, bytes) = EvictFor(transaction, payload.Length, protectedSequence, _count, _bytes);
        var insert = _insert;
        if (insert is null)
        {
            insert = Command(ref _insert, "INSERT INTO batches (collected_at, points, crc32, payload) VALUES ($at, $points, $crc, $payload) RETURNING seq");
            insert.Parameters.Add("$at", SqliteType.Integer);
            insert.Parameters.Add("$points", SqliteType.Integer);
            insert.Parameters.Add("$crc", SqliteType.Integer);
            insert.Parameters.Add("$payload", SqliteType.Blob);
        }

        insert.Transaction = transaction;
        insert.Parameters[0].Value = batch.CollectedAt.UtcTicks;
        insert.Parameters[1].Value = batch.PointCount;
        insert.Parameters[2].Value = (long)Crc32.HashToUInt32(payload.Span);
        insert.Parameters[3].Value = WholeArray(payload);
        long sequence;
        try
        {
            sequence = (long)insert.ExecuteScalar()!;
        }
        finally
        {
            insert.Parameters[3].Value = null; // the store keeps no reference to the payload
            insert.Transaction = null;
        }

        transaction.Commit();
        _count = count + 1;
        _bytes = bytes + payload.Length;
        _newest = sequence;
        _tail = new QueuedBatch(sequence, batch);
        return evicted;
    }

    // The payload's array itself when the memory is a whole array (as the collection loop makes it), else a copy.
    private static byte[] WholeArray(ReadOnlyMemory<byte> payload) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(payload, out var segment)
        && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    // Deletes the oldest rows (except the protected one) until a payload of `length` bytes fits the limits.
    private (Eviction Evicted, int Count, long Bytes) EvictFor(SqliteTransaction? transaction, long length, long protectedSequence, int count, long bytes)
    {
        var evicted = Eviction.None;
        while (count + (length >= 0 ? 1 : 0) > _limits.MaxBatches || bytes + Math.Max(length, 0) > _limits.MaxBytes)
        {
            using var delete = _connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = """
                DELETE FROM batches WHERE seq = (SELECT seq FROM batches WHERE seq <> $protected ORDER BY seq LIMIT 1)
                RETURNING length(payload), points
                """;
            delete.Parameters.AddWithValue("$protected", protectedSequence);
            using var reader = delete.ExecuteReader();
            if (!reader.Read())
            {
                break;
            }

            bytes -= reader.GetInt64(0);
            count--;
            evicted = new Eviction(evicted.Batches + 1, evicted.Points + reader.GetInt64(1));
        }

        return (evicted, count, bytes);
    }

    private Eviction Trim(long protectedSequence)
    {
        if (_count <= _limits.MaxBatches && _bytes <= _limits.MaxBytes)
        {
            return Eviction.None;
        }

        using var transaction = _connection.BeginTransaction();
        var (evicted, count, bytes) = EvictFor(transaction, -1, protectedSequence, _count, _bytes);
        transaction.Commit();
        _count = count;
        _bytes = bytes;
        return evicted;
    }

    private QueuedBatch? PeekOldestOnce()
    {
        if (_count == 1 && _tail is { } tail && tail.Sequence == _newest)
        {
            // The only batch queued is the one just appended (and committed): the same bytes as a read back would give.
            return tail;
        }

        while (true)
        {
            var select = Command(ref _peek, "SELECT seq, collected_at, points, crc32, payload FROM batches ORDER BY seq LIMIT 1");
            using var reader = select.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            var sequence = reader.GetInt64(0);
            if (TryReadBatch(reader, out var batch))
            {
                return new QueuedBatch(sequence, batch);
            }

            reader.Close();
            CorruptRecords++;
            Log.CorruptRecord(_logger, _path, sequence);
            RemoveOnce(sequence);
        }
    }

    private void RemoveOnce(long sequence)
    {
        SetSynchronous(full: false);
        var delete = _delete;
        if (delete is null)
        {
            delete = Command(ref _delete, "DELETE FROM batches WHERE seq = $seq RETURNING length(payload)");
            delete.Parameters.Add("$seq", SqliteType.Integer);
        }

        delete.Parameters[0].Value = sequence;
        var length = delete.ExecuteScalar();
        if (length is long removed)
        {
            _count--;
            _bytes -= removed;
            if (_tail?.Sequence == sequence)
            {
                _tail = null;
            }
        }

        if (_count == 0 && Convert.ToInt64(Command(ref _freelistCount, "PRAGMA freelist_count").ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > VacuumFreePages)
        {
            Execute(_connection, "PRAGMA incremental_vacuum");
        }
    }

    // A row whose payload does not match its CRC-32 (or whose columns are not what this schema writes) is damaged.
    private static bool TryReadBatch(SqliteDataReader reader, out MetricBatch batch)
    {
        batch = null!;
        if (reader.GetFieldType(4) != typeof(byte[]) || reader.IsDBNull(1) || reader.IsDBNull(2) || reader.IsDBNull(3))
        {
            return false;
        }

        var payload = reader.GetFieldValue<byte[]>(4);
        var ticks = reader.GetInt64(1);
        var points = reader.GetInt64(2);
        if ((long)Crc32.HashToUInt32(payload) != reader.GetInt64(3)
            || ticks is < 0 || ticks > DateTimeOffset.MaxValue.UtcTicks || points is < 0 or > int.MaxValue)
        {
            return false;
        }

        batch = new MetricBatch(payload, (int)points, new DateTimeOffset(ticks, TimeSpan.Zero));
        return true;
    }

    private void SetSynchronous(bool full)
    {
        if (_fullSync != full)
        {
            var pragma = full
                ? Command(ref _fullSyncOn, "PRAGMA synchronous = FULL")
                : Command(ref _fullSyncOff, "PRAGMA synchronous = NORMAL");
            pragma.ExecuteNonQuery();
            _fullSync = full;
        }
    }

    private void LoadCounts()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT count(*), coalesce(sum(length(payload)), 0),
                   coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'batches'), 0)
            FROM batches
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        _count = reader.GetInt32(0);
        _bytes = reader.GetInt64(1);
        _newest = reader.GetInt64(2);
    }

    private static SqliteConnection Connect(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            // Busy time-out in seconds: another agent holding the file is reported at once, not after 30 s.
            DefaultTimeout = 1,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Sets the pragmas, creates the schema on a new file, and takes the file's lock.</summary>
    /// <returns>Null when the file is usable, else why it is not (not ours, newer schema, failed check).</returns>
    private static string? Initialize(SqliteConnection connection, bool verify)
    {
        // Exclusive locking before the first access: no shared-memory index (-shm), and a second agent on the same
        // file is refused instead of interleaving its batches with ours.
        Execute(connection, "PRAGMA locking_mode = EXCLUSIVE");
        var applicationId = Scalar(connection, "PRAGMA application_id");
        var version = Scalar(connection, "PRAGMA user_version");
        var tables = Scalar(connection, "SELECT count(*) FROM sqlite_schema");
        if (applicationId == 0 && tables == 0)
        {
            // A new file: incremental vacuum must be chosen before the first table.
            Execute(connection, "PRAGMA auto_vacuum = INCREMENTAL");
        }
        else if (applicationId != ApplicationId)
        {
            return $"application_id 0x{applicationId:x8} is not an Alpi agent buffer's (0x{ApplicationId:x8})";
        }
        else if (version > SchemaVersion)
        {
            return $"schema version {version} is newer than this agent's ({SchemaVersion})";
        }

        using (var mode = connection.CreateCommand())
        {
            mode.CommandText = "PRAGMA journal_mode = WAL";
            var journal = mode.ExecuteScalar() as string;
            if (!string.Equals(journal, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new SqliteException($"SQLite refused the WAL journal (journal_mode {journal})", 1);
            }
        }

        Execute(connection, """
            PRAGMA synchronous = FULL;
            PRAGMA journal_size_limit = 4194304;
            BEGIN IMMEDIATE;
            CREATE TABLE IF NOT EXISTS batches (
                seq          INTEGER PRIMARY KEY AUTOINCREMENT,
                collected_at INTEGER NOT NULL,
                points       INTEGER NOT NULL,
                crc32        INTEGER NOT NULL,
                payload      BLOB    NOT NULL
            );
            PRAGMA application_id = 1097625666;
            PRAGMA user_version = 1;
            COMMIT;
            """);
        if (verify)
        {
            // quick_check reads every page once (tens of milliseconds for 64 MiB): damage found now, not mid-replay.
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA quick_check(1)";
            if (check.ExecuteScalar() is string result && !string.Equals(result, "ok", StringComparison.Ordinal))
            {
                return "quick_check: " + result;
            }
        }

        return null;
    }

    // Sets the damaged file aside, starts a new one and copies into it what can still be read.
    private void Recover(string reason)
    {
        DisposeCommands();
        _connection?.Dispose();
        _connection = null!;
        _fullSync = null;
        var previousNewest = _newest;
        var quarantine = _path + DamagedSuffix;
        foreach (var suffix in (string[])["", "-wal", "-shm", "-journal"])
        {
            File.Delete(quarantine + suffix);
        }

        MoveIfExists(_path, quarantine);
        MoveIfExists(_path + "-wal", quarantine + "-wal");
        MoveIfExists(_path + "-journal", quarantine + "-journal");
        File.Delete(_path + "-shm");

        _connection = Connect(_path);
        var problem = Initialize(_connection, verify: false);
        if (problem is not null)
        {
            throw new IOException($"A new buffer file {_path} could not be created: {problem}");
        }

        var (recovered, corrupt, stoppedBy) = Salvage(quarantine);
        LoadCounts();
        if (_newest < previousNewest)
        {
            // Sequences never go back, even across a replaced file: the backlog's replay boundary relies on it.
            using var floor = _connection.CreateCommand();
            floor.CommandText = "INSERT OR REPLACE INTO sqlite_sequence (name, seq) VALUES ('batches', $seq)";
            floor.Parameters.AddWithValue("$seq", previousNewest);
            floor.ExecuteNonQuery();
            _newest = previousNewest;
        }

        DamagedFiles++;
        RecoveredBatches += recovered;
        CorruptRecords += corrupt;
        Log.Damaged(_logger, _path, reason, recovered, corrupt, stoppedBy ?? "end of file", quarantine);
    }

    // Reads the damaged file in order up to its first unreadable page and appends every intact row to the new file,
    // keeping its sequence.
    private (long Recovered, long Corrupt, string? StoppedBy) Salvage(string damagedPath)
    {
        if (!File.Exists(damagedPath))
        {
            return (0, 0, null);
        }

        long recovered = 0;
        long corrupt = 0;
        string? stoppedBy = null;
        using var transaction = _connection.BeginTransaction();
        try
        {
            using var source = Connect(damagedPath);
            // Lets SQLite open a file shorter than its header says (truncated), so that its first pages can be read.
            Execute(source, "PRAGMA writable_schema = ON");
            using var select = source.CreateCommand();
            select.CommandText = "SELECT seq, collected_at, points, crc32, payload FROM batches ORDER BY seq";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                if (!TryReadBatch(reader, out var batch))
                {
                    corrupt++;
                    continue;
                }

                using var insert = _connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO batches (seq, collected_at, points, crc32, payload) VALUES ($seq, $at, $points, $crc, $payload)";
                insert.Parameters.AddWithValue("$seq", reader.GetInt64(0));
                insert.Parameters.AddWithValue("$at", batch.CollectedAt.UtcTicks);
                insert.Parameters.AddWithValue("$points", batch.PointCount);
                insert.Parameters.AddWithValue("$crc", reader.GetInt64(3));
                insert.Parameters.Add("$payload", SqliteType.Blob).Value = batch.Payload.ToArray();
                insert.ExecuteNonQuery();
                recovered++;
            }
        }
        catch (SqliteException e)
        {
            stoppedBy = e.Message;
        }

        transaction.Commit();
        return (recovered, corrupt, stoppedBy);
    }

    private static bool IsDamage(SqliteException e) => e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase;

    private static void MoveIfExists(string from, string to)
    {
        if (File.Exists(from))
        {
            File.Move(from, to, overwrite: true);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
