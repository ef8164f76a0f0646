using Alpi.Collector.Inventory;
using Alpi.Collector.Relational;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.Collector.Tests.Inventory;

[TestFixtureSource(typeof(StateProviders), nameof(StateProviders.Fixtures))]
public class HostInventoryTests(string provider)
{
    private const string Birth = """{"status":"online","hostname":"srv1","os":"Linux"}""";

    private FakeTimeProvider _time = null!;
    private StateTestDatabase _state = null!;
    private HostInventory _inventory = null!;
    private readonly List<HostInventory> _opened = [];

    [SetUp]
    public async Task SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 14, 0, 0, TimeSpan.Zero));
        _state = await StateTestDatabase.CreateAsync(provider);
        _inventory = await OpenAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var inventory in _opened)
        {
            inventory.Dispose();
        }

        await _state.DisposeAsync();
    }

    [Test]
    public async Task SetStatusAsync_NewHost_IsListedWithStatusTimeAndInventory()
    {
        await _inventory.SetStatusAsync("acme", "srv1", "online", _time.GetUtcNow(), Birth, CancellationToken.None);

        _inventory.Find("acme", "srv1").Should().Be(new HostRecord("acme", "srv1", "online", _time.GetUtcNow(), Birth, 0));
    }

    [Test]
    public async Task SetStatusAsync_IsPersistedAtOnceAndReloaded()
    {
        await _inventory.SetStatusAsync("acme", "srv1", "online", _time.GetUtcNow(), Birth, CancellationToken.None);

        var reopened = await OpenAsync();

        reopened.List().Should().Equal(new HostRecord("acme", "srv1", "online", _time.GetUtcNow(), Birth, 0));
    }

    [Test]
    public async Task SetStatusAsync_LastWillWithoutInventory_KeepsThePreviousInventoryAndPersistsOffline()
    {
        await _inventory.SetStatusAsync("acme", "srv1", "online", _time.GetUtcNow(), Birth, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));

        await _inventory.SetStatusAsync("acme", "srv1", "offline", _time.GetUtcNow(), null, CancellationToken.None);
        var reopened = await OpenAsync();

        var expected = new HostRecord("acme", "srv1", "offline", _time.GetUtcNow(), Birth, 0);
        _inventory.Find("acme", "srv1").Should().Be(expected);
        reopened.Find("acme", "srv1").Should().Be(expected);
    }

    [Test]
    public async Task SetStatusAsync_OlderMessage_DoesNotMoveLastSeenBack()
    {
        var now = _time.GetUtcNow();
        await _inventory.SetStatusAsync("acme", "srv1", "online", now, Birth, CancellationToken.None);

        await _inventory.SetStatusAsync("acme", "srv1", "offline", now.AddMinutes(-1), null, CancellationToken.None);

        _inventory.Find("acme", "srv1")!.LastSeen.Should().Be(now);
        _inventory.Find("acme", "srv1")!.Status.Should().Be("offline");
    }

    [Test]
    public void MarkSeen_UnknownHost_IsAddedWithStatusUnknown()
    {
        _inventory.MarkSeen("acme", "srv2", _time.GetUtcNow(), malformedLines: 3);

        _inventory.Find("acme", "srv2").Should().Be(new HostRecord("acme", "srv2", "unknown", _time.GetUtcNow(), null, 3));
    }

    [Test]
    public async Task MarkSeen_KnownHost_KeepsStatusAddsMalformedLinesAndOnlyMovesLastSeenForward()
    {
        var start = _time.GetUtcNow();
        await _inventory.SetStatusAsync("acme", "srv1", "online", start, Birth, CancellationToken.None);

        _inventory.MarkSeen("acme", "srv1", start.AddSeconds(10), malformedLines: 2);
        _inventory.MarkSeen("acme", "srv1", start.AddSeconds(5), malformedLines: 1);

        _inventory.Find("acme", "srv1").Should().Be(new HostRecord("acme", "srv1", "online", start.AddSeconds(10), Birth, 3));
    }

    [Test]
    public async Task MarkSeen_WithoutFlush_IsNotPersisted()
    {
        await _inventory.SetStatusAsync("acme", "srv1", "online", _time.GetUtcNow(), Birth, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));

        _inventory.MarkSeen("acme", "srv1", _time.GetUtcNow());
        var reopened = await OpenAsync();

        reopened.Find("acme", "srv1")!.LastSeen.Should().Be(_time.GetUtcNow() - TimeSpan.FromMinutes(1));
    }

    [Test]
    public async Task FlushAsync_PersistsLastSeenOfSeenHosts()
    {
        await _inventory.SetStatusAsync("acme", "srv1", "online", _time.GetUtcNow(), Birth, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        _inventory.MarkSeen("acme", "srv1", _time.GetUtcNow());
        _inventory.MarkSeen("acme", "srv2", _time.GetUtcNow());

        await _inventory.FlushAsync(CancellationToken.None);
        var reopened = await OpenAsync();

        // The malformed-line count lives in memory only and restarts at zero.
        reopened.List().Should().Equal(
            new HostRecord("acme", "srv1", "online", _time.GetUtcNow(), Birth, 0),
            new HostRecord("acme", "srv2", "unknown", _time.GetUtcNow(), null, 0));
    }

    [Test]
    public async Task FlushAsync_TwiceWithoutNewMessages_KeepsTheFirstFlushedState()
    {
        _inventory.MarkSeen("acme", "srv1", _time.GetUtcNow());
        await _inventory.FlushAsync(CancellationToken.None);

        await _inventory.FlushAsync(CancellationToken.None);
        var reopened = await OpenAsync();

        reopened.Find("acme", "srv1")!.LastSeen.Should().Be(_time.GetUtcNow());
    }

    [Test]
    public async Task LastSeen_IsKeptToTheMillisecond()
    {
        var at = _time.GetUtcNow().AddTicks(1_234_567);

        await _inventory.SetStatusAsync("acme", "srv1", "online", at, null, CancellationToken.None);
        var reopened = await OpenAsync();

        reopened.Find("acme", "srv1")!.LastSeen.Should().Be(_time.GetUtcNow().AddMilliseconds(123));
    }

    [Test]
    public void List_IsSortedByTenantThenHost()
    {
        _inventory.MarkSeen("zeta", "a", _time.GetUtcNow());
        _inventory.MarkSeen("acme", "srv2", _time.GetUtcNow());
        _inventory.MarkSeen("acme", "SRV3", _time.GetUtcNow());
        _inventory.MarkSeen("acme", "srv1", _time.GetUtcNow());

        _inventory.List().Select(h => $"{h.Tenant}/{h.Host}").Should().Equal("acme/SRV3", "acme/srv1", "acme/srv2", "zeta/a");
    }

    [Test]
    public void Find_UnknownHost_ReturnsNull()
    {
        _inventory.Find("acme", "nowhere").Should().BeNull();
    }

    [Test]
    public async Task FlushAsync_AnOlderLastSeenFromAnotherCollector_DoesNotMoveTheStoredOneBack()
    {
        // Two collectors on one database (or one collector restarted while an older flush was under way).
        var other = await OpenAsync();
        _inventory.MarkSeen("acme", "srv1", _time.GetUtcNow().AddMinutes(2));
        await _inventory.FlushAsync(CancellationToken.None);

        other.MarkSeen("acme", "srv1", _time.GetUtcNow());
        await other.FlushAsync(CancellationToken.None);

        (await OpenAsync()).Find("acme", "srv1")!.LastSeen.Should().Be(_time.GetUtcNow().AddMinutes(2));
    }

    [Test]
    public async Task FlushAsync_KeepsTheStoredStatusAndInventory_WhenOnlyMetricsWereSeen()
    {
        await _inventory.SetStatusAsync("acme", "srv1", "online", _time.GetUtcNow(), Birth, CancellationToken.None);
        var other = await OpenAsync();
        await other.SetStatusAsync("acme", "srv1", "offline", _time.GetUtcNow().AddMinutes(1), null, CancellationToken.None);

        // This collector still says online in memory; its flush of a later last-seen time changes only that.
        _inventory.MarkSeen("acme", "srv1", _time.GetUtcNow().AddMinutes(3));
        await _inventory.FlushAsync(CancellationToken.None);

        (await OpenAsync()).Find("acme", "srv1").Should().Be(new HostRecord("acme", "srv1", "offline", _time.GetUtcNow().AddMinutes(3), Birth, 0));
    }

    [Test]
    public async Task FlushAsync_DatabaseRefusing_IsCountedAndKeepsTheTimesForTheNextFlush()
    {
        _inventory.MarkSeen("acme", "srv1", _time.GetUtcNow());
        var database = _state.Open().State;
        await ExecuteAsync(database, "DROP TABLE hosts");

        await _inventory.FlushAsync(CancellationToken.None);

        _inventory.FlushFailures.Should().Be(1);
        await ExecuteAsync(database, InventorySchema.Migrations.For(database.Dialect)[0].Sql);
        await _inventory.FlushAsync(CancellationToken.None);
        _inventory.FlushFailures.Should().Be(1);
        (await OpenAsync()).Find("acme", "srv1")!.LastSeen.Should().Be(_time.GetUtcNow(), "what the failed flush could not save, the next one saved");
    }

    private static async Task ExecuteAsync(StateDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<HostInventory> OpenAsync()
    {
        var inventory = new HostInventory(_state.Open(), NullLogger<HostInventory>.Instance);
        _opened.Add(inventory);
        await inventory.InitializeAsync(CancellationToken.None);
        return inventory;
    }
}
