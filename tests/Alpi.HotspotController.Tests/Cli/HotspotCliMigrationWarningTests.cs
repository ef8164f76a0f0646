using Alpi.HotspotController.Cli;
using Alpi.HotspotController.Storage;
using Alpi.Testing;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Alpi.HotspotController.Tests.Cli;

/// <summary>The CLI as the first to open a database of schema 6 after an upgrade: the migration's warnings reach standard error.</summary>
public class HotspotCliMigrationWarningTests
{
    private TempDirectory _cli = null!;
    private TempDirectory _daemon = null!;

    [SetUp]
    public void SetUp()
    {
        _cli = new TempDirectory("alpi-hotspot-cli-v6");
        _daemon = new TempDirectory("alpi-hotspot-daemon-v6");
    }

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _cli.Dispose();
        _daemon.Dispose();
    }

    /// <summary>Writes a schema-6 <c>hotspot.db</c> in <paramref name="directory"/> holding three spellings of one login (SQLite's NOCASE folded ASCII only).</summary>
    private static async Task WriteVersion6Async(string directory, ILogger? logger = null)
    {
        await using var database = new HotspotDatabase(Path.Combine(directory, "hotspot.db"), logger);
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            for (var version = 1; version <= 6; version++)
            {
                await connection.ExecuteAsync(database.Dialect.Migrations[version - 1]);
                await connection.ExecuteAsync("INSERT INTO schema_version (version) VALUES (@version)", new { version });
            }

            await connection.ExecuteAsync("INSERT INTO accounts (login, password_hash, created_unix_ms, last_active_unix_ms) VALUES "
                + "('jos\u00E9@example.org', 'h', 0, 0), ('JOS\u00C9@example.org', 'h', 0, 0), ('jose\u0301@example.org', 'h', 0, 0)");
        }

        if (logger is not null)
        {
            await database.MigrateAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task TheCliFirstToOpenAnUpgradedDatabase_PrintsTheCollisionWarning_InTheDaemonLogsWords()
    {
        // A new user's check: the CLI logged nowhere, so the warning naming the logins left apart was lost when it
        // migrated the database first. The same database migrated as the daemon does gives the words to expect.
        var daemonLog = new FakeLogger();
        await WriteVersion6Async(_daemon.Path, daemonLog);
        var expected = daemonLog.Collector.GetSnapshot().Single(r => r.Level == LogLevel.Warning).Message;
        await WriteVersion6Async(_cli.Path);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HotspotCli.RunAsync(["users", "list", "--Hotspot:DataDirectory=" + _cli.Path], new Alpi.Protocols.Cli.SecretInput.Source(new StringReader(""), false, error), output, error);

        code.Should().Be(0, error.ToString());
        expected.Should().Contain("are one login in canonical form");
        error.ToString().Should().Contain("warning: " + expected);
        var again = new StringWriter();
        (await HotspotCli.RunAsync(["users", "list", "--Hotspot:DataDirectory=" + _cli.Path], new Alpi.Protocols.Cli.SecretInput.Source(new StringReader(""), false, again), new StringWriter(), again)).Should().Be(0);
        again.ToString().Should().BeEmpty("the migration ran once");
    }
}
