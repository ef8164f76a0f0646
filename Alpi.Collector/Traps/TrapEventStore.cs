using System.Data.Common;
using System.Text.Json;
using Alpi.Collector.Relational;

namespace Alpi.Collector.Traps;

/// <summary>
/// Durable store of trap events: the <c>trap_events</c> table of the state database
/// (<see cref="CollectorDatabases.State"/>: <c>state.db</c>, or PostgreSQL), with a <c>published</c> flag so the
/// <see cref="TrapPublisher"/> publishes each event after it is stored and retries those the broker did not take. Also
/// keeps the receiver's snmpEngineBoots (RFC 3414 §2.2.2). Old events are deleted by <see cref="PurgeAsync"/>, which
/// <see cref="TrapRetentionService"/> runs periodically. Collectors sharing one PostgreSQL database each publish what
/// they claimed (<see cref="ListUnpublishedAsync"/>), so an event is published by one of them.
/// </summary>
public sealed class TrapEventStore : IDisposable
{
    /// <summary>Rows deleted per statement by <see cref="PurgeAsync"/>.</summary>
    internal const int PurgeBatchSize = 10_000;

    /// <summary>How long a publisher holds the events it took before another may take them.</summary>
    internal static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(1);

    private const string Columns = "id, time_unix_ms, tenant, device, source, version, pdu, trap_oid, trap_name, uptime, varbinds_json";

    private readonly StateDatabase _database;
    private readonly TimeProvider _time;
    private readonly string _node = StoreNode.NewId();
    private readonly SemaphoreSlim _lock = new(1, 1);
    private bool _initialized;

    /// <summary>Creates the store over the state database.</summary>
    public TrapEventStore(CollectorDatabases databases, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(databases);
        _database = databases.State;
        _time = timeProvider;
    }

    /// <summary>Creates or migrates the tables if needed (once per instance).</summary>
    /// <exception cref="DbException">The database cannot be reached or written.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }

            await _database.MigrateAsync(TrapEventSchema.Migrations, cancellationToken);
            _initialized = true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Increments and returns the receiver's snmpEngineBoots, so it grows at every start (RFC 3414 §2.2.2), at most
    /// 2147483647. Collectors sharing one database share the counter: it grows at each of their starts, which keeps it
    /// growing for each.
    /// </summary>
    /// <exception cref="DbException">The database cannot be reached or written.</exception>
    public async Task<int> NextEngineBootsAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // a constant fragment of the dialect
        command.CommandText = $"""
            INSERT INTO trap_engine (id, boots) VALUES (1, 1)
            ON CONFLICT (id) DO UPDATE SET boots = {_database.Dialect.Least("trap_engine.boots + 1", "2147483647")}
            RETURNING boots
            """;
#pragma warning restore CA2100
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Stores an event durably (committed on return) and returns it with its <see cref="TrapEvent.Id"/>.</summary>
    /// <exception cref="DbException">The database cannot be reached or written: nothing was stored.</exception>
    public async Task<TrapEvent> AddAsync(TrapEvent trap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trap);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO trap_events (time_unix_ms, tenant, device, source, version, pdu, trap_oid, trap_name, uptime, varbinds_json)
            VALUES (@time, @tenant, @device, @source, @version, @pdu, @trapOid, @trapName, @uptime, @varbinds)
            RETURNING id
            """;
        command.AddParameter("@time", trap.Time.ToUnixTimeMilliseconds());
        command.AddParameter("@tenant", trap.Tenant);
        command.AddParameter("@device", trap.Device);
        command.AddParameter("@source", trap.Source);
        command.AddParameter("@version", trap.Version);
        command.AddParameter("@pdu", trap.Pdu);
        command.AddParameter("@trapOid", trap.TrapOid);
        command.AddParameter("@trapName", trap.TrapName);
        command.AddParameter("@uptime", trap.Uptime);
        command.AddParameter("@varbinds", JsonSerializer.Serialize(trap.Varbinds.ToList(), TrapJsonContext.Default.ListTrapVarbind));
        var id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        return trap with { Id = id };
    }

    /// <summary>Marks an event as published on MQTT.</summary>
    /// <exception cref="DbException">The database cannot be reached or written.</exception>
    public async Task MarkPublishedAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE trap_events SET published = TRUE, claimed_by = NULL, claimed_until_ms = NULL WHERE id = @id";
        command.AddParameter("@id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The oldest events not yet published, oldest first, taken for this store's publisher for
    /// <see cref="ClaimLease"/>: events another collector's publisher holds are left to it until its lease ends (it
    /// stopped, say); those this one holds are returned again.
    /// </summary>
    /// <exception cref="DbException">The database cannot be reached or written.</exception>
    public async Task<IReadOnlyList<TrapEvent>> ListUnpublishedAsync(int limit, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        const string claimable = "NOT published AND (claimed_until_ms IS NULL OR claimed_until_ms <= @now OR claimed_by = @node)";
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // constant fragments; values are parameters
        command.CommandText = $"""
            UPDATE trap_events SET claimed_by = @node, claimed_until_ms = @until
            WHERE id IN (SELECT id FROM trap_events WHERE {claimable} ORDER BY id LIMIT @limit{_database.Dialect.SkipLocked}) AND {claimable}
            RETURNING {Columns}
            """;
#pragma warning restore CA2100
        command.AddParameter("@node", _node);
        command.AddParameter("@now", now);
        command.AddParameter("@until", now + (long)ClaimLease.TotalMilliseconds);
        command.AddParameter("@limit", limit);
        var result = await ReadAsync(command, cancellationToken);
        return result.OrderBy(e => e.Id).ToList();
    }

    /// <summary>Events matching the filters, newest first.</summary>
    /// <param name="tenant">Only this tenant, or null.</param>
    /// <param name="device">Only this device, or null.</param>
    /// <param name="from">Received at or after, or null.</param>
    /// <param name="to">Received before, or null.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="DbException">The database cannot be reached.</exception>
    public async Task<IReadOnlyList<TrapEvent>> QueryAsync(string? tenant, string? device, DateTimeOffset? from, DateTimeOffset? to, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var conditions = new List<string>();
        command.AddParameter("@limit", limit);
        if (tenant is not null)
        {
            conditions.Add("tenant = @tenant");
            command.AddParameter("@tenant", tenant);
        }

        if (device is not null)
        {
            conditions.Add("device = @device");
            command.AddParameter("@device", device);
        }

        if (from is { } f)
        {
            conditions.Add("time_unix_ms >= @from");
            command.AddParameter("@from", f.ToUnixTimeMilliseconds());
        }

        if (to is { } t)
        {
            conditions.Add("time_unix_ms < @to");
            command.AddParameter("@to", t.ToUnixTimeMilliseconds());
        }

        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
#pragma warning disable CA2100 // built from constant fragments; values are parameters
        command.CommandText = $"SELECT {Columns} FROM trap_events {where} ORDER BY time_unix_ms DESC, id DESC LIMIT @limit";
#pragma warning restore CA2100
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>
    /// Deletes the events received before <paramref name="cutoff"/>, then the oldest beyond the newest
    /// <paramref name="maxEvents"/> (by arrival, <see cref="TrapEvent.Id"/>), published or not. Deletes in batches of
    /// <see cref="PurgeBatchSize"/> rows, each its own short transaction, so that the receiver's inserts are never held
    /// for long. Collectors sharing a database may purge at once: a row is deleted once.
    /// </summary>
    /// <param name="cutoff">Events with <see cref="TrapEvent.Time"/> strictly before this are deleted.</param>
    /// <param name="maxEvents">The number of newest events kept at most; at least 1.</param>
    /// <param name="cancellationToken">Cancellation, checked between batches.</param>
    /// <returns>How many events were deleted for their age and for the count.</returns>
    /// <exception cref="DbException">The database is unavailable.</exception>
    public async Task<TrapPurgeResult> PurgeAsync(DateTimeOffset cutoff, int maxEvents, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvents, 1);
        await InitializeAsync(cancellationToken);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var expired = await DeleteInBatchesAsync(connection,
            "DELETE FROM trap_events WHERE id IN (SELECT id FROM trap_events WHERE time_unix_ms < @cutoff ORDER BY id LIMIT @batch)",
            "@cutoff", cutoff.ToUnixTimeMilliseconds(), cancellationToken);
        var overLimit = await DeleteInBatchesAsync(connection,
            """
            DELETE FROM trap_events WHERE id IN (
                SELECT id FROM trap_events
                WHERE id <= (SELECT id FROM trap_events ORDER BY id DESC LIMIT 1 OFFSET @max)
                ORDER BY id LIMIT @batch)
            """,
            "@max", maxEvents, cancellationToken);
        return new TrapPurgeResult(expired, overLimit);
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _lock.Dispose();

    private static async Task<long> DeleteInBatchesAsync(DbConnection connection, string sql, string name, long value, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // constant SQL from PurgeAsync; values are parameters
            command.CommandText = sql;
#pragma warning restore CA2100
            command.AddParameter(name, value);
            command.AddParameter("@batch", PurgeBatchSize);
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            if (deleted < PurgeBatchSize)
            {
                return total;
            }
        }
    }

    private static async Task<List<TrapEvent>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
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
}

/// <summary>What one <see cref="TrapEventStore.PurgeAsync"/> deleted.</summary>
/// <param name="Expired">Events older than the retention.</param>
/// <param name="OverLimit">Events beyond the maximum count.</param>
public readonly record struct TrapPurgeResult(long Expired, long OverLimit)
{
    /// <summary>All deleted events.</summary>
    public long Total => Expired + OverLimit;
}
