using System.Data.Common;
using Alpi.Collector.Alerting.History;
using Alpi.Collector.Inventory;
using Alpi.Collector.Relational;
using Alpi.Collector.Traps;
using Alpi.HotspotController.Storage;
using Alpi.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Alpi.Collector.Tests.Relational;

/// <summary>
/// Schema migrations of the collector's state on both databases: each component's version recorded once, a database
/// newer than the collector refused, SQLite files made before versions were recorded adopted with their data.
/// </summary>
[TestFixtureSource(typeof(StateProviders), nameof(StateProviders.Fixtures))]
public sealed class StateDatabaseTests(string provider)
{
    private StateTestDatabase _state = null!;

    [SetUp]
    public async Task SetUp() => _state = await StateTestDatabase.CreateAsync(provider);

    [TearDown]
    public async Task TearDown() => await _state.DisposeAsync();

    [Test]
    public async Task TheStores_MigrateTheirComponents_AndASecondStartChangesNothing()
    {
        for (var start = 0; start < 2; start++)
        {
            var databases = _state.Open();
            using var inventory = new HostInventory(databases, NullLogger<HostInventory>.Instance);
            await inventory.InitializeAsync(CancellationToken.None);
            using var traps = new TrapEventStore(databases, TimeProvider.System);
            await traps.InitializeAsync(CancellationToken.None);
            using var alerts = new AlertStore(databases);
            await alerts.InitializeAsync(CancellationToken.None);
        }

        var reopened = _state.Open();
        (await VersionsAsync(reopened.State)).Union(await VersionsAsync(reopened.Alerts)).Order(StringComparer.Ordinal)
            .Should().Equal("alerts=5", "inventory=1", "traps=2");
    }

    [Test]
    public async Task MigrateAsync_ADatabaseNewerThanThisCollector_IsRefusedNamingTheComponent()
    {
        var database = _state.Open().State;
        await database.MigrateAsync(InventorySchema.Migrations, CancellationToken.None);
        await ExecuteAsync(database, "UPDATE schema_versions SET version = 7 WHERE component = 'inventory'");

        var migrate = () => database.MigrateAsync(InventorySchema.Migrations, CancellationToken.None);

        (await migrate.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*inventory schema is at version 7*knows versions up to 1*");
    }

    private static async Task<List<string>> VersionsAsync(StateDatabase database)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT component, version FROM schema_versions ORDER BY component";
        var result = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add($"{reader.GetString(0)}={reader.GetInt32(1)}");
        }

        return result;
    }

    private static async Task ExecuteAsync(StateDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// What only PostgreSQL does: the collector's tables in their own schema beside the hotspot controller's, migrations
/// serialised across collectors starting together, a schema made beforehand by the DBA, durable commits.
/// </summary>
[Category("Integration")]
public sealed class PostgreSqlStateTests
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
    public async Task CollectorsStartingTogether_ApplyEachMigrationOnce()
    {
        var databases = Enumerable.Range(0, 4).Select(_ => StateDatabase.PostgreSql(_connectionString)).ToList();
        try
        {
            await Task.WhenAll(databases.Select(d => Task.Run(async () =>
            {
                await d.MigrateAsync(AlertSchema.Migrations, CancellationToken.None);
                await d.MigrateAsync(InventorySchema.Migrations, CancellationToken.None);
                await d.MigrateAsync(TrapEventSchema.Migrations, CancellationToken.None);
            })));

            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            (await QueryAsync(connection, "SELECT component || '=' || version FROM alpi_collector.schema_versions ORDER BY component"))
                .Should().Equal("alerts=5", "inventory=1", "traps=2");
            (await QueryAsync(connection, "SELECT generation::text FROM alpi_collector.alert_engine")).Should().Equal("0");
        }
        finally
        {
            foreach (var database in databases)
            {
                await database.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task TheCollectorAndTheHotspotController_ShareADatabase_EachInItsOwnSchema()
    {
        await using var hotspot = HotspotDatabase.PostgreSql(_connectionString);
        await using var collector = StateDatabase.PostgreSql(_connectionString);
        await Task.WhenAll(
            Task.Run(() => hotspot.MigrateAsync(CancellationToken.None)),
            Task.Run(() => collector.MigrateAsync(InventorySchema.Migrations, CancellationToken.None)),
            Task.Run(() => collector.MigrateAsync(AlertSchema.Migrations, CancellationToken.None)),
            Task.Run(() => collector.MigrateAsync(Alpi.Collector.Scheduling.QuartzSchema.Migrations, CancellationToken.None)));

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        var tables = await QueryAsync(connection, """
            SELECT table_schema || '.' || table_name FROM information_schema.tables
            WHERE table_schema IN ('public', 'alpi_collector') AND table_name IN ('schema_version', 'schema_versions', 'sessions', 'hosts', 'alerts', 'qrtz_locks')
            ORDER BY 1
            """);
        tables.Should().Equal("alpi_collector.alerts", "alpi_collector.hosts", "alpi_collector.qrtz_locks", "alpi_collector.schema_versions",
            "public.schema_version", "public.sessions");
        Alpi.Collector.Relational.PostgreSqlDialect.MigrationLockKey.Should().NotBe(0x616C706948535031, "the hotspot controller's key: each daemon migrates under its own");
    }

    [Test]
    public async Task ARoleGivenASchemaMadeByTheDba_MigratesIntoIt_AndOneWithoutIsToldWhy()
    {
        var role = "collector_" + Guid.NewGuid().ToString("N")[..8];
        await _server.ExecuteAsync($"CREATE ROLE {role} LOGIN");
        var asRole = new NpgsqlConnectionStringBuilder(_connectionString) { Username = role }.ConnectionString;

        await using (var without = StateDatabase.PostgreSql(asRole, "collector_own"))
        {
            var migrate = () => without.MigrateAsync(InventorySchema.Migrations, CancellationToken.None);
            (await migrate.Should().ThrowAsync<DbException>()).Which.Message.Should().Contain("permission denied");
        }

        await using (var admin = new NpgsqlConnection(_connectionString))
        {
            await admin.OpenAsync();
            await using var command = admin.CreateCommand();
            command.CommandText = $"CREATE SCHEMA collector_own AUTHORIZATION {role}";
            await command.ExecuteNonQueryAsync();
        }

        await using var with = StateDatabase.PostgreSql(asRole, "collector_own");
        await with.MigrateAsync(InventorySchema.Migrations, CancellationToken.None);
        await using var connection = await with.OpenAsync(CancellationToken.None);
        (await QueryAsync((NpgsqlConnection)connection, "SELECT table_schema FROM information_schema.tables WHERE table_name = 'hosts'")).Should().Equal("collector_own");
    }

    [Test]
    public async Task Connections_CommitDurably_EvenWhenTheServerDefaultIsOff_AndNameTheCollector()
    {
        await using var database = StateDatabase.PostgreSql(_connectionString);
        await using var connection = (NpgsqlConnection)await database.OpenAsync(CancellationToken.None);

        (await QueryAsync(connection, "SHOW synchronous_commit")).Should().Equal("on");
        (await QueryAsync(connection, "SHOW application_name")).Should().Equal(StateDatabase.ApplicationName);
        (await QueryAsync(connection, "SHOW search_path")).Should().Equal("alpi_collector");
    }

    private static async Task<List<string>> QueryAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var result = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }
}
