using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Inventory;

/// <summary>
/// The host inventory: tenant, host, status (online/offline from the retained status topic and the MQTT last will),
/// last seen and the inventory JSON of the birth message. Kept in memory for the API and persisted in SQLite
/// (<c>&lt;DataDirectory&gt;/state.db</c>, WAL): status changes at once, last-seen times by <see cref="FlushAsync"/>.
/// </summary>
public sealed partial class HostInventory : IDisposable
{
    private readonly ConcurrentDictionary<(string Tenant, string Host), HostRecord> _hosts = new();
    private readonly ConcurrentDictionary<(string Tenant, string Host), byte> _dirty = new();
    private readonly string _connectionString;
    private readonly ILogger<HostInventory> _logger;
    private readonly SemaphoreSlim _dbLock = new(1, 1);

    /// <summary>Creates the inventory over <c>state.db</c> in the configured data directory.</summary>
    public HostInventory(IOptions<CollectorOptions> options, ILogger<HostInventory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.Combine(options.Value.DataDirectoryFullPath, "state.db");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        _logger = logger;
    }

    /// <summary>Creates the schema if needed and loads the known hosts.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(new SqliteConnectionStringBuilder(_connectionString).DataSource)!);
        await using var connection = await OpenAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS hosts (
                    tenant TEXT NOT NULL, host TEXT NOT NULL, status TEXT NOT NULL,
                    last_seen_unix_ms INTEGER NOT NULL, inventory_json TEXT,
                    PRIMARY KEY (tenant, host));
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT tenant, host, status, last_seen_unix_ms, inventory_json FROM hosts";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var record = new HostRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.IsDBNull(4) ? null : reader.GetString(4), 0);
                _hosts[(record.Tenant, record.Host)] = record;
            }
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

    /// <summary>Records a status message (birth or last will) and persists it at once.</summary>
    /// <param name="status"><c>online</c> or <c>offline</c>.</param>
    /// <param name="inventoryJson">The birth message JSON, or null to keep the previous inventory.</param>
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

        await SaveAsync([record], cancellationToken);
    }

    /// <summary>Persists the last-seen times changed since the previous flush.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var keys = _dirty.Keys.ToList();
        foreach (var key in keys)
        {
            _dirty.TryRemove(key, out _);
        }

        var records = keys.Select(k => _hosts.GetValueOrDefault(k)).OfType<HostRecord>().ToList();
        if (records.Count == 0)
        {
            return;
        }

        try
        {
            await SaveAsync(records, cancellationToken);
        }
        catch
        {
            // Not saved: keep them pending for the next flush.
            foreach (var key in keys)
            {
                _dirty[key] = 0;
            }

            throw;
        }
    }

    /// <summary>Releases the database lock.</summary>
    public void Dispose() => _dbLock.Dispose();

    private async Task SaveAsync(IReadOnlyList<HostRecord> records, CancellationToken cancellationToken)
    {
        await _dbLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO hosts (tenant, host, status, last_seen_unix_ms, inventory_json)
                VALUES ($tenant, $host, $status, $lastSeen, $inventory)
                ON CONFLICT (tenant, host) DO UPDATE SET status = excluded.status,
                    last_seen_unix_ms = excluded.last_seen_unix_ms, inventory_json = excluded.inventory_json
                """;
            var tenant = command.Parameters.Add("$tenant", SqliteType.Text);
            var host = command.Parameters.Add("$host", SqliteType.Text);
            var status = command.Parameters.Add("$status", SqliteType.Text);
            var lastSeen = command.Parameters.Add("$lastSeen", SqliteType.Integer);
            var inventory = command.Parameters.Add("$inventory", SqliteType.Text);
            foreach (var record in records)
            {
                tenant.Value = record.Tenant;
                host.Value = record.Host;
                status.Value = record.Status;
                lastSeen.Value = record.LastSeen.ToUnixTimeMilliseconds();
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

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Host inventory loaded: {HostCount} hosts")]
        public static partial void Loaded(ILogger logger, int hostCount);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Host {Tenant}/{Host}: {Previous} -> {Status}")]
        public static partial void StatusChanged(ILogger logger, string tenant, string host, string previous, string status);
    }
}
