using Alpi.HotspotController.Sessions;
using Alpi.HotspotController.Storage;
using Alpi.Testing;
using Dapper;

namespace Alpi.HotspotController.Tests;

/// <summary>A migrated <c>hotspot.db</c> in a temporary folder, with a helper that writes sessions as the accounting server does.</summary>
internal sealed class HotspotTestDatabase : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("alpi-hotspot");

    private HotspotTestDatabase()
    {
        Database = new HotspotDatabase(Path.Combine(_directory.Path, "data", "hotspot.db"));
    }

    public HotspotDatabase Database { get; }

    /// <summary>The data directory (<c>Hotspot:DataDirectory</c>).</summary>
    public string DataDirectory => Path.Combine(_directory.Path, "data");

    public static async Task<HotspotTestDatabase> CreateAsync()
    {
        var db = new HotspotTestDatabase();
        await db.Database.MigrateAsync(CancellationToken.None);
        return db;
    }

    public Task AddSessionAsync(HotspotSession session) => AddSessionsAsync([session]);

    public async Task AddSessionsAsync(IReadOnlyList<HotspotSession> sessions)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        await using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync("""
            INSERT INTO sessions (nas, acct_session_id, user_name, account_login, mac, framed_ip, called_station_id, nas_ip,
                started_unix_ms, updated_unix_ms, stopped_unix_ms, input_octets, output_octets, terminate_cause)
            VALUES (@Nas, @AcctSessionId, @UserName, @AccountLogin, @Mac, @FramedIp, @CalledStationId, @NasIp,
                @StartedUnixMs, @UpdatedUnixMs, @StoppedUnixMs, @InputOctets, @OutputOctets, @TerminateCause)
            """, sessions, transaction);
        await transaction.CommitAsync();
    }

    public async Task<IReadOnlyList<string>> SessionIdsAsync()
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<string>("SELECT acct_session_id FROM sessions ORDER BY acct_session_id")).AsList();
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
