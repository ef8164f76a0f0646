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
