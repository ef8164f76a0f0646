using Alpi.Collector.Alerting.History;
using Alpi.Collector.Inventory;
using Alpi.Collector.Relational;
using Alpi.Collector.Traps;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alpi.Collector.Tests.Relational;

/// <summary>
/// SQLite files made before the collector recorded schema versions (every earlier release) are adopted at the first
/// start: what they lack is added, nothing is created twice, their rows are kept.
/// </summary>
public sealed class SqliteStateAdoptionTests
{
    private StateTestDatabase _state = null!;

    [SetUp]
    public async Task SetUp() => _state = await StateTestDatabase.CreateAsync(StateOptions.Sqlite);

    [TearDown]
    public async Task TearDown() => await _state.DisposeAsync();

    [Test]
    public async Task AnAlertsDbMadeBeforeVersions_WithoutTheOutboxColumns_IsAdoptedWithItsRows()
    {
        // The first shipped alerts.db: no recipient, group key, groups, escalation nor silences.
        var path = Path.Combine(_state.DataDirectory, "alerts.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = AlertSchema.Migrations.Sqlite[0].Sql + """
                INSERT INTO alerts VALUES (7, 'cpu|t|srv1|', 'cpu', 'threshold', 't', 'srv1', '', 'firing', 'critical', 97.5, 90, '{}', '{}',
                    1000, 2000, NULL, 2000, NULL, NULL, NULL, 0, NULL, 0, 1);
                INSERT INTO alert_notifications (alert_id, channel, event, payload_json, created_ms, next_attempt_ms, status)
                    VALUES (7, 'email', 'firing', '{}', 2000, 2000, 'delivered');
                """;
            await command.ExecuteNonQueryAsync();
        }

        using var store = new AlertStore(_state.Open());
        await store.InitializeAsync(CancellationToken.None);

        var alert = (await store.QueryAsync(new AlertQuery(Limit: 10), CancellationToken.None)).Should().ContainSingle().Subject;
        alert.Id.Should().Be(7);
        alert.NotifiedFiring.Should().BeTrue();
        alert.Value.Should().Be(97.5);
        (await store.CountNotificationsAsync(CancellationToken.None)).Should().Equal(new Dictionary<string, long> { ["delivered"] = 1 });
        (await VersionsAsync(store.Database)).Should().Equal("alerts=5");
    }

    [Test]
    public async Task AnAlertsDbOfTheLastUnversionedRelease_IsAdoptedWithoutAddingItsColumnsAgain()
    {
        var path = Path.Combine(_state.DataDirectory, "alerts.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = AlertSchema.Migrations.Sqlite[0].Sql + AlertSchema.Migrations.Sqlite[1].Sql + AlertSchema.Migrations.Sqlite[2].Sql
                + "INSERT INTO alert_silences (kind, definition_json, created_by, created_ms) VALUES ('silence', '{}', 'alice', 1);";
            await command.ExecuteNonQueryAsync();
        }

        using var store = new AlertStore(_state.Open());
        await store.InitializeAsync(CancellationToken.None);

        (await store.ListSilencesAsync(DateTimeOffset.UnixEpoch, CancellationToken.None)).Should().ContainSingle().Which.CreatedBy.Should().Be("alice");
        (await VersionsAsync(store.Database)).Should().Equal("alerts=5");
    }

    [Test]
    public async Task AStateDbMadeBeforeVersions_IsAdoptedWithItsHostsAndTraps()
    {
        var path = Path.Combine(_state.DataDirectory, "state.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = InventorySchema.Migrations.Sqlite[0].Sql + TrapEventSchema.Migrations.Sqlite[0].Sql + """
                INSERT INTO hosts VALUES ('t', 'srv1', 'online', 5000, NULL);
                INSERT INTO trap_events (time_unix_ms, tenant, device, source, version, pdu, trap_oid, varbinds_json, published)
                    VALUES (5000, 't', 'sw-1', '192.0.2.7', 'v2c', 'trap', '1.3.6.1.6.3.1.1.5.3', '[]', 0);
                INSERT INTO trap_engine VALUES (1, 41);
                """;
            await command.ExecuteNonQueryAsync();
        }

        var databases = _state.Open();
        using var inventory = new HostInventory(databases, NullLogger<HostInventory>.Instance);
        await inventory.InitializeAsync(CancellationToken.None);
        using var traps = new TrapEventStore(databases, TimeProvider.System);
        await traps.InitializeAsync(CancellationToken.None);

        inventory.Find("t", "srv1")!.Status.Should().Be("online");
        (await traps.ListUnpublishedAsync(10, CancellationToken.None)).Should().ContainSingle().Which.Device.Should().Be("sw-1");
        (await traps.NextEngineBootsAsync(CancellationToken.None)).Should().Be(42);
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
}
