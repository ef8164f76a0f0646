using System.Collections.Concurrent;
using System.Data.Common;
using Alpi.Collector.Relational;
using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Inventory;

/// <summary>
/// The host inventory: tenant, host, status (online/offline from the retained status topic and the MQTT last will),
/// last seen and the inventory JSON of the birth message. Kept in memory for the API and the alert rules, and persisted
/// in the <c>hosts</c> table of the state database (<see cref="CollectorDatabases.State"/>: <c>state.db</c>, or
/// PostgreSQL): status changes at once, last-seen times by <see cref="FlushAsync"/>. A stored last-seen time only moves
/// forward, so collectors sharing one PostgreSQL database each add what they saw; on PostgreSQL each flush also reads
/// back what the others stored, so that every collector's inventory holds every host within a flush or two.
/// </summary>
public sealed partial class HostInventory : IDisposable
{
    private readonly ConcurrentDictionary<(string Tenant, string Host), HostRecord> _hosts = new();
    private readonly ConcurrentDictionary<(string Tenant, string Host), byte> _dirty = new();
    private readonly ConcurrentDictionary<(string Tenant, string Host), byte> _statusPending = new();
    private readonly StateDatabase _database;
    private readonly ILogger<HostInventory> _logger;
    private readonly SemaphoreSlim _dbLock = new(1, 1);
    private long _flushFailures;

    /// <summary>Creates the inventory over the state database.</summary>
    public HostInventory(CollectorDatabases databases, ILogger<HostInventory> logger)
    {
        ArgumentNullException.ThrowIfNull(databases);
        _database = databases.State;
        _logger = logger;
    }

    /// <summary>Creates or migrates the schema and loads the known hosts.</summary>
    /// <exception cref="DbException">The database cannot be reached or written.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _database.MigrateAsync(InventorySchema.Migrations, cancellationToken);
        foreach (var record in await ReadAllAsync(cancellationToken))
        {
            _hosts[(record.Tenant, record.Host)] = record;
        }

        Log.Loaded(_logger, _hosts.Count);
    }

    /// <summary>All hosts, sorted by tenant then host.</summary>
    public IReadOnlyList<HostRecord> List() =>
        _hosts.Values.OrderBy(h => h.Tenant, StringComparer.Ordinal).ThenBy(h => h.Host, StringComparer.Ordinal).ToList();

    /// <summary>One host, or null.</summary>
    public HostRecord? Find(string tenant, string host) => _hosts.GetValueOrDefault((tenant, host));

    /// <summary>Records that metrics arrived from a host at <paramref name="at"/>; a host never seen before is added with status <c>unknown</c>.</summary>
    /// <param name="malformedLines">Lines of this payload that were rejected, added to the host's count.</param>
    public void MarkSeen(string tenant, string host, DateTimeOffset at, int malformedLines = 0)
    {
        _hosts.AddOrUpdate((tenant, host),
            _ => new HostRecord(tenant, host, "unknown", at, null, malformedLines),
            (_, h) => h with { LastSeen = at > h.LastSeen ? at : h.LastSeen, MalformedLines = h.MalformedLines + malformedLines });
        _dirty[(tenant, host)] = 0;
    }

    /// <summary>
    /// Records a status message (birth or last will) and persists it at once. When the database refuses, the status is
    /// kept in memory and saved by the next <see cref="FlushAsync"/>, and the error is thrown.
    /// </summary>
    /// <param name="status"><c>online</c> or <c>offline</c>.</param>
    /// <param name="inventoryJson">The birth message JSON, or null to keep the previous inventory.</param>
    /// <exception cref="DbException">The database cannot be reached or written.</exception>
    public async Task SetStatusAsync(string tenant, string host, string status, DateTimeOffset at, string? inventoryJson, CancellationToken cancellationToken)
    {
        var previous = Find(tenant, host);
        var record = _hosts.AddOrUpdate((tenant, host),
            _ => new HostRecord(tenant, host, status, at, inventoryJson, 0),
            (_, h) => h with { Status = status, LastSeen = at > h.LastSeen ? at : h.LastSeen, InventoryJson = inventoryJson ?? h.InventoryJson });
        if (previous?.Status != status)
        {
            Log.StatusChanged(_logger, tenant, host, previous?.Status ?? "new", status);
        }

        try
        {
            await SaveAsync([record], withStatus: true, cancellationToken);
        }
        catch (DbException)
        {
            _statusPending[(tenant, host)] = 0;
            throw;
        }
    }

    /// <summary>Flushes that failed since start (<see cref="FlushAsync"/>).</summary>
    public long FlushFailures => Interlocked.Read(ref _flushFailures);

    /// <summary>
    /// Persists the last-seen times changed since the previous flush (and statuses a failed
    /// <see cref="SetStatusAsync"/> left unsaved); on PostgreSQL, then reads back every host the other collectors stored.
    /// A database that cannot be reached or written is logged and counted (<see cref="FlushFailures"/>), and what was
    /// not saved is kept for the next flush: the caller (a timer, the collector's stop) carries on.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushOrThrowAsync(cancellationToken);
        }
        catch (DbException e)
        {
            Interlocked.Increment(ref _flushFailures);
            Log.FlushFailed(_logger, _database.Description, e.Message);
        }
    }

    private async Task FlushOrThrowAsync(CancellationToken cancellationToken)
    {
        var keys = TakeAll(_dirty);
        var statusKeys = TakeAll(_statusPending);
        try
        {
            var seen = keys.Except(statusKeys).Select(k => _hosts.GetValueOrDefault(k)).OfType<HostRecord>().ToList();
            var withStatus = statusKeys.Select(k => _hosts.GetValueOrDefault(k)).OfType<HostRecord>().ToList();
            if (withStatus.Count > 0)
            {
                await SaveAsync(withStatus, withStatus: true, cancellationToken);
                statusKeys = [];
            }

            if (seen.Count > 0)
            {
                await SaveAsync(seen, withStatus: false, cancellationToken);
            }

            keys = [];
        }
        finally
        {
            // Not saved: keep them pending for the next flush.
            foreach (var key in keys)
            {
                _dirty[key] = 0;
            }

            foreach (var key in statusKeys)
            {
                _statusPending[key] = 0;
            }
        }

        if (_database.Dialect.IsPostgreSql)
        {
            MergeShared(await ReadAllAsync(cancellationToken));
        }
    }

    /// <summary>Releases the database lock.</summary>
    public void Dispose() => _dbLock.Dispose();

    private static List<(string Tenant, string Host)> TakeAll(ConcurrentDictionary<(string Tenant, string Host), byte> set)
    {
        var keys = set.Keys.ToList();
        foreach (var key in keys)
        {
            set.TryRemove(key, out _);
        }

        return keys;
    }

    /// <summary>
    /// Adds what another collector stored: hosts this one has not seen, and later last-seen times. The status stays this
    /// collector's unless it knows none (status messages reach every collector; metrics only the one that takes them).
    /// </summary>
    private void MergeShared(IReadOnlyList<HostRecord> stored)
    {
        foreach (var record in stored)
        {
            _hosts.AddOrUpdate((record.Tenant, record.Host), record, (_, h) => h with
            {
                LastSeen = record.LastSeen > h.LastSeen ? record.LastSeen : h.LastSeen,
                Status = h.Status == "unknown" ? record.Status : h.Status,
                InventoryJson = h.InventoryJson ?? record.InventoryJson,
            });
        }
    }

    private async Task<IReadOnlyList<HostRecord>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT tenant, host, status, last_seen_unix_ms, inventory_json FROM hosts";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<HostRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new HostRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.IsDBNull(4) ? null : reader.GetString(4), 0));
        }

        return result;
    }

    private async Task SaveAsync(IReadOnlyList<HostRecord> records, bool withStatus, CancellationToken cancellationToken)
    {
        // A stored last-seen time never moves back: another collector may have stored a later one.
        var lastSeen = _database.Dialect.Greatest("hosts.last_seen_unix_ms", "excluded.last_seen_unix_ms");
        var update = withStatus
            ? $"status = excluded.status, last_seen_unix_ms = {lastSeen}, inventory_json = excluded.inventory_json"
            : $"last_seen_unix_ms = {lastSeen}";
        await _dbLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
#pragma warning disable CA2100 // built from constant fragments; values are parameters
            command.CommandText = $"""
                INSERT INTO hosts (tenant, host, status, last_seen_unix_ms, inventory_json)
                VALUES (@tenant, @host, @status, @lastSeen, @inventory)
                ON CONFLICT (tenant, host) DO UPDATE SET {update}
                """;
#pragma warning restore CA2100
            var tenant = command.AddParameter("@tenant", "");
            var host = command.AddParameter("@host", "");
            var status = command.AddParameter("@status", "");
            var seen = command.AddParameter("@lastSeen", 0L);
            var inventory = command.AddParameter("@inventory", null);
            foreach (var record in records)
            {
                tenant.Value = record.Tenant;
                host.Value = record.Host;
                status.Value = record.Status;
                seen.Value = record.LastSeen.ToUnixTimeMilliseconds();
                inventory.Value = (object?)record.InventoryJson ?? DBNull.Value;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _dbLock.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Host inventory loaded: {HostCount} hosts")]
        public static partial void Loaded(ILogger logger, int hostCount);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Host {Tenant}/{Host}: {Previous} -> {Status}")]
        public static partial void StatusChanged(ILogger logger, string tenant, string host, string previous, string status);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Host last-seen times not saved to {Database}, kept for the next flush: {Reason}")]
        public static partial void FlushFailed(ILogger logger, string database, string reason);
    }
}
