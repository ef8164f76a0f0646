using System.Data.Common;
using Alpi.HotspotController.Storage;
using Dapper;

namespace Alpi.HotspotController.Devices;

/// <summary>Registered devices in <see cref="HotspotDatabase"/>: the roaming recognition table.</summary>
public sealed class DeviceStore(HotspotDatabase database)
{
    private const string Select = """
        SELECT d.mac AS Mac, d.account_id AS AccountId, a.login AS Login, d.blocked AS Blocked, a.blocked AS AccountBlocked,
               d.registered_unix_ms AS RegisteredUnixMs, d.last_seen_unix_ms AS LastSeenUnixMs, d.expires_unix_ms AS ExpiresUnixMs
        FROM devices d JOIN accounts a ON a.id = d.account_id
        """;

    /// <summary>
    /// Registers <paramref name="mac"/> to an account, valid <paramref name="validity"/> from <paramref name="now"/>.
    /// A MAC registered to another account moves to this one (the device changed hands), keeping its block: a block is
    /// the device's (per MAC, set by an administrator), so it holds whichever account registers the device, and only
    /// <see cref="SetBlockedAsync"/> lifts it. When the account then has more than <paramref name="maxPerAccount"/>
    /// devices, the least recently seen are removed.
    /// </summary>
    /// <returns>The registration.</returns>
    /// <exception cref="DbException">The account does not exist (foreign key), or the database cannot be written.</exception>
    public async Task<RegisteredDevice> RegisterAsync(MacAddress mac, long accountId, DateTimeOffset now, TimeSpan validity, int maxPerAccount, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var at = now.ToUnixTimeMilliseconds();
        await connection.ExecuteAsync("""
            INSERT INTO devices (mac, account_id, registered_unix_ms, last_seen_unix_ms, expires_unix_ms)
            VALUES (@mac, @accountId, @at, @at, @expires)
            ON CONFLICT (mac) DO UPDATE SET account_id = excluded.account_id,
                registered_unix_ms = excluded.registered_unix_ms, last_seen_unix_ms = excluded.last_seen_unix_ms, expires_unix_ms = excluded.expires_unix_ms
            """, new { mac = mac.Value, accountId, at, expires = (now + validity).ToUnixTimeMilliseconds() }, transaction);
        await connection.ExecuteAsync("""
            DELETE FROM devices WHERE account_id = @accountId AND mac NOT IN
                (SELECT mac FROM devices WHERE account_id = @accountId ORDER BY last_seen_unix_ms DESC, mac LIMIT @keep)
            """, new { accountId, keep = Math.Max(1, maxPerAccount) }, transaction);
        var device = await connection.QuerySingleAsync<RegisteredDevice>($"{Select} WHERE d.mac = @mac", new { mac = mac.Value }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return device;
    }

    /// <summary>The registration of <paramref name="mac"/>, expired or not, or null.</summary>
    public async Task<RegisteredDevice?> FindAsync(MacAddress mac, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<RegisteredDevice>($"{Select} WHERE d.mac = @mac", new { mac = mac.Value });
    }

    /// <summary>Renews a registration on an accepted use: last seen = <paramref name="now"/>, expiry = now + validity; the account's activity too.</summary>
    public async Task RenewAsync(MacAddress mac, DateTimeOffset now, TimeSpan validity, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var at = now.ToUnixTimeMilliseconds();
        var dialect = database.Dialect;
        await connection.ExecuteAsync($"""
            UPDATE devices SET last_seen_unix_ms = @at, expires_unix_ms = {dialect.Greatest("expires_unix_ms", "@expires")} WHERE mac = @mac;
            UPDATE accounts SET last_active_unix_ms = {dialect.Greatest("last_active_unix_ms", "@at")} WHERE id = (SELECT account_id FROM devices WHERE mac = @mac);
            """, new { mac = mac.Value, at, expires = (now + validity).ToUnixTimeMilliseconds() });
    }

    /// <summary>The devices of an account, most recently seen first.</summary>
    public async Task<IReadOnlyList<RegisteredDevice>> ListForAccountAsync(long accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RegisteredDevice>($"{Select} WHERE d.account_id = @accountId ORDER BY d.last_seen_unix_ms DESC", new { accountId })).AsList();
    }

    /// <summary>All registered devices, by MAC.</summary>
    public async Task<IReadOnlyList<RegisteredDevice>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RegisteredDevice>($"{Select} ORDER BY d.mac")).AsList();
    }

    /// <summary>Blocks or unblocks a device.</summary>
    /// <returns>False when the MAC is not registered.</returns>
    public async Task<bool> SetBlockedAsync(MacAddress mac, bool blocked, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("UPDATE devices SET blocked = @blocked WHERE mac = @mac", new { mac = mac.Value, blocked }) == 1;
    }

    /// <summary>Removes a registration; with <paramref name="accountId"/>, only if it belongs to that account.</summary>
    /// <returns>False when nothing was removed.</returns>
    public async Task<bool> RemoveAsync(MacAddress mac, long? accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("DELETE FROM devices WHERE mac = @mac AND (@accountId IS NULL OR account_id = @accountId)", new { mac = mac.Value, accountId }) == 1;
    }
}
