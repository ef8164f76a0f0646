using Alpi.HotspotController.Storage;
using Alpi.Testing;
using Dapper;

namespace Alpi.HotspotController.Tests.Storage;

/// <summary>
/// What only PostgreSQL does: durable commits whatever the server's default, migrations serialised across controllers
/// starting together, and the indexes as PostgreSQL's planner uses them. On the assembly's server, a fresh database per test.
/// </summary>
[Category("Integration")]
public class PostgreSqlDatabaseTests
{
    private PostgresServer _server = null!;
    private string _connectionString = null!;

    [SetUp]
    public async Task SetUp()
    {
        _server = await SharedPostgresServer.GetAsync();
        _connectionString = await _server.CreateDatabaseAsync();
    }

    [Test]
    public async Task Connections_commit_durably_even_when_the_server_default_is_off()
    {
        await using (var plain = new Npgsql.NpgsqlConnection(_connectionString))
        {
            (await plain.ExecuteScalarAsync<string>("SHOW synchronous_commit")).Should().Be("off", "the test server's default");
        }

        await using var db = HotspotDatabase.PostgreSql(_connectionString);
        await using var connection = await db.OpenAsync(CancellationToken.None);

        (await connection.ExecuteScalarAsync<string>("SHOW synchronous_commit")).Should().Be("on", "an Accounting-Response is sent only once the session is on disk");
        (await connection.ExecuteScalarAsync<string>("SHOW application_name")).Should().Be(HotspotDatabase.ApplicationName);
    }

    [Test]
    public async Task A_synchronous_commit_level_in_the_connection_string_is_kept()
    {
        await using var db = HotspotDatabase.PostgreSql(_connectionString + ";Options=-c synchronous_commit=remote_apply;Application Name=controller-2");
        await using var connection = await db.OpenAsync(CancellationToken.None);

        (await connection.ExecuteScalarAsync<string>("SHOW synchronous_commit")).Should().Be("remote_apply");
        (await connection.ExecuteScalarAsync<string>("SHOW application_name")).Should().Be("controller-2");
    }

    [Test]
    public async Task Controllers_starting_together_apply_each_migration_once()
    {
        var databases = Enumerable.Range(0, 4).Select(_ => HotspotDatabase.PostgreSql(_connectionString)).ToList();
        try
        {
            await Task.WhenAll(databases.Select(d => Task.Run(() => d.MigrateAsync(CancellationToken.None))));

            await using var connection = await databases[0].OpenAsync(CancellationToken.None);
            (await connection.QueryAsync<int>("SELECT version FROM schema_version ORDER BY version")).Should().Equal(1, 2, 3, 4, 5, 6, 7);
        }
        finally
        {
            foreach (var db in databases)
            {
                await db.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task Migration2_indexes_the_legal_export_searches()
    {
        await using var db = HotspotDatabase.PostgreSql(_connectionString);
        await db.MigrateAsync(CancellationToken.None);
        await using var connection = await db.OpenAsync(CancellationToken.None);
        // The table is empty: without this the planner rightly prefers reading it whole.
        await connection.ExecuteAsync("SET enable_seqscan = off");

        (await PlanAsync(connection, "framed_ip = '10.1.0.5'")).Should().Contain("sessions_framed_ip");
        (await PlanAsync(connection, "mac = '02-00-00-00-00-01'")).Should().Contain("sessions_mac");

        // ConnectionLogQuery's account condition as written for both databases: each side served by its nocase index.
        (await PlanAsync(connection, "(account_login = 'Zoe@example.org' COLLATE NOCASE OR user_name = 'Zoe@example.org' COLLATE NOCASE)"))
            .Should().Contain("sessions_account_login").And.Contain("sessions_user_name");
    }

    private static async Task<string> PlanAsync(System.Data.Common.DbConnection connection, string condition) =>
        string.Join('\n', await connection.QueryAsync<string>("EXPLAIN SELECT * FROM sessions WHERE " + condition));
}
