using Alpi.HotspotController.Storage;
using Alpi.Testing;

namespace Alpi.HotspotController.Tests.Storage;

/// <summary>What only the SQLite file does: its indexes as SQLite's planner uses them, its durability and journal settings.</summary>
public class SqliteDatabaseTests
{
    private TempDirectory _dir = null!;
    private HotspotDatabase _db = null!;

    [SetUp]
    public async Task SetUp()
    {
        _dir = new TempDirectory("alpi-hotspot");
        _db = new HotspotDatabase(Path.Combine(_dir.Path, "hotspot.db"));
        await _db.MigrateAsync(CancellationToken.None);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _db.DisposeAsync();
        _dir.Dispose();
    }

    [Test]
    public async Task Migration2_indexes_the_legal_export_searches()
    {
        await using var connection = await _db.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessions' ORDER BY name";
        var indexes = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add(reader.GetString(0));
            }
        }

        indexes.Should().Contain(["sessions_framed_ip", "sessions_mac", "sessions_account_login"]);
        (await PlanAsync(connection, "framed_ip = '10.1.0.5'")).Should().Contain("sessions_framed_ip");
        (await PlanAsync(connection, "mac = '02-00-00-00-00-01'")).Should().Contain("sessions_mac");

        // The two sides of ConnectionLogQuery's account condition, compared case-insensitively: a BINARY index would not serve them.
        (await PlanAsync(connection, "account_login = 'Zoe@example.org' COLLATE NOCASE")).Should().Contain("sessions_account_login");
        (await PlanAsync(connection, "user_name = 'Zoe@example.org' COLLATE NOCASE")).Should().Contain("sessions_user_name");
    }

    // Migration 6 rebuilds accounts with AUTOINCREMENT on a database of version 5: nothing cascades to the devices
    // (foreign keys off while migrating), they are on again afterwards, the triggers are back, and ids are not reused.
    [Test]
    public async Task Migration6_gives_accounts_ids_never_reused_and_keeps_their_devices()
    {
        using var dir = new TempDirectory("alpi-hotspot-v5");
        var path = Path.Combine(dir.Path, "hotspot.db");
        await using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Foreign Keys=True;Pooling=False"))
        {
            await old.OpenAsync();
            await using var command = old.CreateCommand();
            command.CommandText = "CREATE TABLE schema_version (version INTEGER NOT NULL);"
                + string.Concat(SqliteMigrations.All.Take(5)) + "INSERT INTO schema_version VALUES (1), (2), (3), (4), (5);"
                + "INSERT INTO accounts (id, login, password_hash, created_unix_ms, last_active_unix_ms) VALUES (1, 'alice', 'h', 0, 0), (2, 'bob', 'h', 0, 0), (3, 'carol', 'h', 0, 0);"
                + "INSERT INTO devices VALUES ('02-00-00-00-00-02', 2, 0, 0, 0, 0);";
            await command.ExecuteNonQueryAsync();
        }

        await using var db = new HotspotDatabase(path);
        await db.MigrateAsync(CancellationToken.None);

        await using var connection = await db.OpenAsync(CancellationToken.None);
        (await Scalar<string>(connection, "SELECT sql FROM sqlite_master WHERE name = 'accounts'")).Should().Contain("AUTOINCREMENT");
        (await Scalar<long>(connection, "SELECT account_id FROM devices")).Should().Be(2, "the rebuild cascaded nothing");
        (await Scalar<long>(connection, "PRAGMA foreign_keys")).Should().Be(1, "the pooled connection has its foreign keys back");
        var accounts = new Alpi.HotspotController.Accounts.AccountStore(db);
        (await accounts.DeleteAsync(3, CancellationToken.None)).Should().BeTrue();
        var version = await Scalar<long>(connection, "SELECT version FROM authentication_data_version");
        var dave = await accounts.CreateAsync("dave", null, "h", null, DateTimeOffset.UnixEpoch, CancellationToken.None);
        dave!.Id.Should().Be(4, "carol's 3 is not given again");
        (await Scalar<long>(connection, "SELECT version FROM authentication_data_version")).Should().Be(version + 1, "the accounts' triggers are back");
        (await accounts.DeleteAsync(2, CancellationToken.None)).Should().BeTrue();
        (await Scalar<long>(connection, "SELECT COUNT(*) FROM devices")).Should().Be(0, "deleting an account still deletes its devices");
    }

    private static async Task<T> Scalar<T>(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> PlanAsync(System.Data.Common.DbConnection connection, string condition)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN SELECT * FROM sessions WHERE " + condition;
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new System.Text.StringBuilder();
        while (await reader.ReadAsync())
        {
            plan.AppendLine(reader.GetString(3));
        }

        return plan.ToString();
    }

    [Test]
    public async Task Connections_commit_durably_in_WAL_mode()
    {
        await using var connection = await _db.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous";
        ((long)(await command.ExecuteScalarAsync())!).Should().Be(2, "FULL: an Accounting-Response is sent only once the session is on disk");
        command.CommandText = "PRAGMA journal_mode";
        ((string)(await command.ExecuteScalarAsync())!).Should().Be("wal");
        command.CommandText = "PRAGMA foreign_keys";
        ((long)(await command.ExecuteScalarAsync())!).Should().Be(1);
    }
}
