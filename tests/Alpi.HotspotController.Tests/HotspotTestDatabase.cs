using System.Globalization;
using Alpi.HotspotController.Sessions;
using Alpi.HotspotController.Storage;
using Alpi.Testing;
using Dapper;

namespace Alpi.HotspotController.Tests;

/// <summary>
/// A migrated, empty state database for one test: <c>hotspot.db</c> in a temporary folder, or a fresh database on the
/// assembly's PostgreSQL server (<see cref="SharedPostgresServer"/>); with a helper that writes sessions as the
/// accounting server does, and the configuration that points a controller or the CLI at it.
/// </summary>
internal sealed class HotspotTestDatabase : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("alpi-hotspot");

    private HotspotTestDatabase(string provider, string? connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Directory.CreateDirectory(DataDirectory);
        Database = connectionString is null
            ? new HotspotDatabase(Path.Combine(_directory.Path, "data", "hotspot.db"))
            : HotspotDatabase.PostgreSql(connectionString);
    }

    /// <summary><see cref="StorageOptions.Sqlite"/> or <see cref="StorageOptions.PostgreSql"/>.</summary>
    public string Provider { get; }

    /// <summary>The PostgreSQL database's connection string, or null for SQLite.</summary>
    public string? ConnectionString { get; }

    public HotspotDatabase Database { get; }

    /// <summary>The data directory (<c>Hotspot:DataDirectory</c>): the SQLite file's folder; a free folder for files with PostgreSQL.</summary>
    public string DataDirectory => Path.Combine(_directory.Path, "data");

    /// <summary>The configuration that points a controller at this database: <c>Hotspot:DataDirectory</c> and <c>Hotspot:Storage:*</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Settings => ConnectionString is null
        ? [new("Hotspot:DataDirectory", DataDirectory)]
        : [new("Hotspot:DataDirectory", DataDirectory), new("Hotspot:Storage:Provider", Provider), new("Hotspot:Storage:ConnectionString", ConnectionString)];

    /// <summary><see cref="Settings"/> as command-line switches (<c>--Hotspot:DataDirectory=…</c>).</summary>
    public string[] Switches => Settings.Select(s => string.Create(CultureInfo.InvariantCulture, $"--{s.Key}={s.Value}")).ToArray();

    /// <summary>Creates and migrates a database of <paramref name="provider"/>.</summary>
    public static async Task<HotspotTestDatabase> CreateAsync(string provider = StorageOptions.Sqlite)
    {
        var connectionString = provider switch
        {
            StorageOptions.Sqlite => null,
            StorageOptions.PostgreSql => await (await SharedPostgresServer.GetAsync()).CreateDatabaseAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "sqlite or postgresql"),
        };
        var db = new HotspotTestDatabase(provider, connectionString);
        await db.Database.MigrateAsync(CancellationToken.None);
        return db;
    }

    public Task AddSessionAsync(HotspotSession session) => AddSessionsAsync([session]);

    public async Task AddSessionsAsync(IReadOnlyList<HotspotSession> sessions)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO sessions (nas, acct_session_id, user_name, account_login, mac, framed_ip, called_station_id, nas_ip,
                started_unix_ms, updated_unix_ms, stopped_unix_ms, input_octets, output_octets, terminate_cause)
            VALUES (@Nas, @AcctSessionId, @UserName, @AccountLogin, @Mac, @FramedIp, @CalledStationId, @NasIp,
                @StartedUnixMs, @UpdatedUnixMs, @StoppedUnixMs, @InputOctets, @OutputOctets, @TerminateCause)
            """, sessions, transaction);
        await transaction.CommitAsync();
    }

    /// <summary>Runs <paramref name="sql"/> (one or more statements) as the CLI, another controller or an administrator would: outside any store.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(sql);
    }

    /// <summary>The stored password hash of <paramref name="login"/>, or null when no account has it.</summary>
    public async Task<string?> PasswordHashAsync(string login)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return await connection.QuerySingleOrDefaultAsync<string>("SELECT password_hash FROM accounts WHERE login = @login", new { login });
    }

    public async Task<IReadOnlyList<string>> SessionIdsAsync()
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<string>("SELECT acct_session_id FROM sessions ORDER BY acct_session_id")).AsList();
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
