using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Traps;

/// <summary>
/// Durable store of trap events: the <c>trap_events</c> table of <c>&lt;DataDirectory&gt;/state.db</c> (SQLite, WAL),
/// with a <c>published</c> flag so the <see cref="TrapPublisher"/> publishes each event after it is stored and
/// retries those the broker did not take. Also keeps the receiver's snmpEngineBoots (RFC 3414 §2.2.2). Old events are
/// deleted by <see cref="PurgeAsync"/>, which <see cref="TrapRetentionService"/> runs periodically.
/// </summary>
public sealed class TrapEventStore : IDisposable
{
    /// <summary>Rows deleted per statement by <see cref="PurgeAsync"/>.</summary>
    internal const int PurgeBatchSize = 10_000;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private bool _initialized;

    /// <summary>Creates the store over <c>state.db</c> in the configured data directory.</summary>
    public TrapEventStore(IOptions<CollectorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.Combine(options.Value.DataDirectoryFullPath, "state.db");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
    }

    /// <summary>Creates the tables if needed (idempotent).</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(new SqliteConnectionStringBuilder(_connectionString).DataSource)!);
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS trap_events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    time_unix_ms INTEGER NOT NULL, tenant TEXT NOT NULL, device TEXT NOT NULL, source TEXT NOT NULL,
                    version TEXT NOT NULL, pdu TEXT NOT NULL, trap_oid TEXT NOT NULL, trap_name TEXT, uptime INTEGER,
                    varbinds_json TEXT NOT NULL, published INTEGER NOT NULL DEFAULT 0);
                CREATE INDEX IF NOT EXISTS trap_events_time ON trap_events (time_unix_ms);
                CREATE INDEX IF NOT EXISTS trap_events_unpublished ON trap_events (published, id);
                CREATE TABLE IF NOT EXISTS trap_engine (id INTEGER PRIMARY KEY CHECK (id = 1), boots INTEGER NOT NULL);
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);
            _initialized = true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Increments and returns the receiver's snmpEngineBoots, so it grows at every start (RFC 3414 §2.2.2).</summary>
    public async Task<int> NextEngineBootsAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO trap_engine (id, boots) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET boots = MIN(boots + 1, 2147483647);
            SELECT boots FROM trap_engine WHERE id = 1;
            """;
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Stores an event durably (committed on return) and returns it with its <see cref="TrapEvent.Id"/>.</summary>
    public async Task<TrapEvent> AddAsync(TrapEvent trap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trap);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO trap_events (time_unix_ms, tenant, device, source, version, pdu, trap_oid, trap_name, uptime, varbinds_json)
            VALUES ($time, $tenant, $device, $source, $version, $pdu, $trapOid, $trapName, $uptime, $varbinds)
            RETURNING id
            """;
        command.Parameters.AddWithValue("$time", trap.Time.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$tenant", trap.Tenant);
        command.Parameters.AddWithValue("$device", trap.Device);
        command.Parameters.AddWithValue("$source", trap.Source);
        command.Parameters.AddWithValue("$version", trap.Version);
        command.Parameters.AddWithValue("$pdu", trap.Pdu);
        command.Parameters.AddWithValue("$trapOid", trap.TrapOid);
        command.Parameters.AddWithValue("$trapName", (object?)trap.TrapName ?? DBNull.Value);
        command.Parameters.AddWithValue("$uptime", (object?)trap.Uptime ?? DBNull.Value);
        command.Parameters.AddWithValue("$varbinds", JsonSerializer.Serialize(trap.Varbinds.ToList(), TrapJsonContext.Default.ListTrapVarbind));
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return trap with { Id = id };
    }

    /// <summary>Marks an event as published on MQTT.</summary>
    public async Task MarkPublishedAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE trap_events SET published = 1 WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The oldest events not yet published, oldest first.</summary>
    public Task<IReadOnlyList<TrapEvent>> ListUnpublishedAsync(int limit, CancellationToken cancellationToken) =>
        SelectAsync("WHERE published = 0 ORDER BY id LIMIT $limit", [new("$limit", limit)], cancellationToken);

    /// <summary>Events matching the filters, newest first.</summary>
    /// <param name="tenant">Only this tenant, or null.</param>
    /// <param name="device">Only this device, or null.</param>
    /// <param name="from">Received at or after, or null.</param>
    /// <param name="to">Received before, or null.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public Task<IReadOnlyList<TrapEvent>> QueryAsync(string? tenant, string? device, DateTimeOffset? from, DateTimeOffset? to, int limit, CancellationToken cancellationToken)
    {
        var conditions = new List<string>();
        var parameters = new List<SqliteParameter> { new("$limit", limit) };
        if (tenant is not null)
        {
            conditions.Add("tenant = $tenant");
            parameters.Add(new("$tenant", tenant));
        }

        if (device is not null)
        {
            conditions.Add("device = $device");
            parameters.Add(new("$device", device));
        }

        if (from is { } f)
        {
            conditions.Add("time_unix_ms >= $from");
            parameters.Add(new("$from", f.ToUnixTimeMilliseconds()));
        }

        if (to is { } t)
        {
            conditions.Add("time_unix_ms < $to");
            parameters.Add(new("$to", t.ToUnixTimeMilliseconds()));
        }

        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        return SelectAsync($"{where} ORDER BY time_unix_ms DESC, id DESC LIMIT $limit", parameters, cancellationToken);
    }

    /// <summary>
    /// Deletes the events received before <paramref name="cutoff"/>, then the oldest beyond the newest
    /// <paramref name="maxEvents"/> (by arrival, <see cref="TrapEvent.Id"/>), published or not. Deletes in batches of
    /// <see cref="PurgeBatchSize"/> rows, each its own short transaction, so that the receiver's inserts are never held
    /// for long.
    /// </summary>
    /// <param name="cutoff">Events with <see cref="TrapEvent.Time"/> strictly before this are deleted.</param>
    /// <param name="maxEvents">The number of newest events kept at most; at least 1.</param>
    /// <param name="cancellationToken">Cancellation, checked between batches.</param>
    /// <returns>How many events were deleted for their age and for the count.</returns>
    /// <exception cref="SqliteException">The database is unavailable.</exception>
    public async Task<TrapPurgeResult> PurgeAsync(DateTimeOffset cutoff, int maxEvents, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvents, 1);
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        var expired = await DeleteInBatchesAsync(connection,
            "DELETE FROM trap_events WHERE id IN (SELECT id FROM trap_events WHERE time_unix_ms < $cutoff ORDER BY id LIMIT $batch)",
            "$cutoff", cutoff.ToUnixTimeMilliseconds(), cancellationToken);
        var overLimit = await DeleteInBatchesAsync(connection,
            """
            DELETE FROM trap_events WHERE id IN (
                SELECT id FROM trap_events
                WHERE id <= (SELECT id FROM trap_events ORDER BY id DESC LIMIT 1 OFFSET $max)
                ORDER BY id LIMIT $batch)
            """,
            "$max", maxEvents, cancellationToken);
        return new TrapPurgeResult(expired, overLimit);
    }

    private static async Task<long> DeleteInBatchesAsync(SqliteConnection connection, string sql, string name, long value, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // constant SQL from PurgeAsync; values are parameters
            command.CommandText = sql;
#pragma warning restore CA2100
            command.Parameters.AddWithValue(name, value);
            command.Parameters.AddWithValue("$batch", PurgeBatchSize);
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            if (deleted < PurgeBatchSize)
            {
                return total;
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _lock.Dispose();

    private async Task<IReadOnlyList<TrapEvent>> SelectAsync(string tail, IEnumerable<SqliteParameter> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // tail is built from constant fragments; values are parameters
        command.CommandText = "SELECT id, time_unix_ms, tenant, device, source, version, pdu, trap_oid, trap_name, uptime, varbinds_json FROM trap_events " + tail;
#pragma warning restore CA2100
        command.Parameters.AddRange(parameters);
        var result = new List<TrapEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var varbinds = JsonSerializer.Deserialize(reader.GetString(10), TrapJsonContext.Default.ListTrapVarbind) ?? [];
            result.Add(new TrapEvent(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2),
                reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetInt64(9), varbinds));
        }

        return result;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}

/// <summary>What one <see cref="TrapEventStore.PurgeAsync"/> deleted.</summary>
/// <param name="Expired">Events older than the retention.</param>
/// <param name="OverLimit">Events beyond the maximum count.</param>
public readonly record struct TrapPurgeResult(long Expired, long OverLimit)
{
    /// <summary>All deleted events.</summary>
    public long Total => Expired + OverLimit;
}
