using Alpi.Collector.Relational;
using Alpi.Collector.Traps;
using Alpi.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.Collector.Tests.Traps;

/// <summary>The retention of trap events in a real state database (SQLite <c>state.db</c>, or PostgreSQL), on a fake clock.</summary>
[TestFixtureSource(typeof(StateProviders), nameof(StateProviders.Fixtures))]
public sealed class TrapRetentionServiceTests(string provider)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private StateTestDatabase _state = null!;
    private CollectorDatabases _databases = null!;
    private CollectorOptions _options = null!;
    private TrapEventStore _store = null!;
    private TrapStatistics _statistics = null!;
    private FakeTimeProvider _time = null!;
    private CapturingLogger<TrapRetentionService> _logger = null!;

    [SetUp]
    public async Task CreateStore()
    {
        _state = await StateTestDatabase.CreateAsync(provider);
        _options = _state.Options();
        _databases = _state.Open();
        _statistics = new TrapStatistics();
        _time = new FakeTimeProvider(Now);
        _store = new TrapEventStore(_databases, _time);
        _logger = new CapturingLogger<TrapRetentionService>();
        await _store.InitializeAsync(CancellationToken.None);
    }

    [TearDown]
    public async Task DeleteStore()
    {
        _store.Dispose();
        await _databases.DisposeAsync();
        await _state.DisposeAsync();
    }

    [Test]
    public async Task PurgeOnceAsync_EventsOlderThanTheRetention_AreDeletedAndNewerKept()
    {
        await AddAsync(Now - TimeSpan.FromDays(400), "a");
        await AddAsync(Now - TimeSpan.FromDays(90) - TimeSpan.FromMinutes(1), "b");
        await AddAsync(Now - TimeSpan.FromDays(90) + TimeSpan.FromMinutes(1), "c");
        await AddAsync(Now - TimeSpan.FromDays(1), "d");

        var result = await Service().PurgeOnceAsync(CancellationToken.None);

        result.Should().Be(new TrapPurgeResult(2, 0));
        (await DevicesAsync()).Should().BeEquivalentTo(["c", "d"], "the default retention is 90 days");
        _statistics.Purged.Should().Be(2);
        _logger.Entries.Should().ContainSingle(e => e.Level == LogLevel.Information).Which.Message.Should().Contain("2 older than 90 days");
    }

    [Test]
    public async Task PurgeOnceAsync_MoreEventsThanMaxEvents_KeepsTheNewest()
    {
        _options.Traps.MaxEvents = 3;
        foreach (var device in new[] { "a", "b", "c", "d", "e" })
        {
            await AddAsync(Now - TimeSpan.FromHours(1), device);
        }

        var result = await Service().PurgeOnceAsync(CancellationToken.None);

        result.Should().Be(new TrapPurgeResult(0, 2));
        (await DevicesAsync()).Should().BeEquivalentTo(["c", "d", "e"]);
    }

    [Test]
    public async Task PurgeOnceAsync_NothingToDelete_DeletesNothingAndLogsNothing()
    {
        await AddAsync(Now, "a");

        (await Service().PurgeOnceAsync(CancellationToken.None)).Should().Be(new TrapPurgeResult(0, 0));
        _logger.Entries.Should().BeEmpty();
    }

    [Test]
    public async Task PurgeOnceAsync_MoreThanOneBatch_DeletesThemAll()
    {
        _options.Traps.RetentionDays = 1;
        await using (var connection = await _databases.State.OpenAsync(CancellationToken.None))
        {
            // The same text on both databases: a recursive common table expression of N rows.
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count)
                INSERT INTO trap_events (time_unix_ms, tenant, device, source, version, pdu, trap_oid, varbinds_json)
                SELECT @time, 't', 'old', '192.0.2.7', 'v2c', 'trap', '1.3.6.1.6.3.1.1.5.3', '[]' FROM n
                """;
            insert.AddParameter("@count", TrapEventStore.PurgeBatchSize + 5);
            insert.AddParameter("@time", (Now - TimeSpan.FromDays(2)).ToUnixTimeMilliseconds());
            await insert.ExecuteNonQueryAsync();
        }

        await AddAsync(Now, "new");

        (await Service().PurgeOnceAsync(CancellationToken.None))!.Value.Expired.Should().Be(TrapEventStore.PurgeBatchSize + 5);
        (await DevicesAsync()).Should().Equal("new");
    }

    [Test]
    public async Task PurgeOnceAsync_StoreUnavailable_IsLoggedAndCountedWithoutThrowing()
    {
        // SQLite: a directory where state.db should be, which SQLite cannot open. PostgreSQL: a port no server listens on.
        using var broken = new TempDirectory("alpi-retention-broken");
        Directory.CreateDirectory(Path.Combine(broken.Path, "state.db"));
        var brokenOptions = new CollectorOptions { DataDirectory = broken.Path };
        if (provider == StateOptions.PostgreSql)
        {
            brokenOptions.State.Provider = StateOptions.PostgreSql;
            brokenOptions.State.ConnectionString = $"Host=127.0.0.1;Port={FreePort.Tcp()};Username=postgres;Timeout=5";
        }

        var options = Options.Create(brokenOptions);
        await using var databases = new CollectorDatabases(options);
        using var store = new TrapEventStore(databases, _time);
        var service = new TrapRetentionService(store, _statistics, options, _time, _logger);

        var result = await service.PurgeOnceAsync(CancellationToken.None);

        result.Should().BeNull();
        _statistics.PurgeFailures.Should().Be(1);
        _logger.Entries.Should().ContainSingle(e => e.Level == LogLevel.Error).Which.Message.Should().Contain("could not be purged");
    }

    [Test]
    public async Task ExecuteAsync_PurgesAtStartThenAtEveryIntervalOfTheInjectedClock()
    {
        _options.Traps.PurgeInterval = TimeSpan.FromHours(1);
        await AddAsync(Now - TimeSpan.FromDays(100), "expired-at-start");
        await AddAsync(Now - TimeSpan.FromDays(90) + TimeSpan.FromMinutes(30), "expires-within-the-hour");
        await AddAsync(Now - TimeSpan.FromDays(1), "recent");
        using var service = Service();

        await service.StartAsync(CancellationToken.None);
        try
        {
            (await WaitForDevicesAsync(["expires-within-the-hour", "recent"])).Should().BeTrue("the first purge runs at start");

            // 61 minutes on: one interval has passed and the second event is now older than 90 days.
            _time.Advance(TimeSpan.FromMinutes(61));

            (await WaitForDevicesAsync(["recent"])).Should().BeTrue("the purge runs again after PurgeInterval on the injected TimeProvider");
            // The deletion is visible to this test's connection as soon as it commits, a moment before the service counts it.
            (await Eventually.WaitAsync<object>(() => Task.FromResult<object?>(_statistics.Purged == 2 ? new object() : null), TimeSpan.FromSeconds(10)))
                .Should().NotBeNull("both purges are counted, {0} so far", _statistics.Purged);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private TrapRetentionService Service() => new(_store, _statistics, Options.Create(_options), _time, _logger);

    private Task<TrapEvent> AddAsync(DateTimeOffset time, string device) =>
        _store.AddAsync(new TrapEvent(0, time, "t", device, "192.0.2.7", "v2c", "trap", "1.3.6.1.6.3.1.1.5.3", "linkDown", 1, []), CancellationToken.None);

    private async Task<List<string>> DevicesAsync() =>
        (await _store.QueryAsync(null, null, null, null, 100_000, CancellationToken.None)).Select(e => e.Device).Distinct().ToList();

    private async Task<bool> WaitForDevicesAsync(string[] expected) =>
        await Eventually.WaitAsync<object>(async () => (await DevicesAsync()).Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal)) ? new object() : null,
            TimeSpan.FromSeconds(10)) is not null;
}
