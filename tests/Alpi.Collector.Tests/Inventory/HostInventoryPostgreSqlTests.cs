using Alpi.Collector.Inventory;
using Alpi.Collector.Relational;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.Collector.Tests.Inventory;

/// <summary>What the inventory does on PostgreSQL only: collectors sharing the database read each other's hosts back.</summary>
[Category("Integration")]
public class HostInventoryPostgreSqlTests
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
        _state = await StateTestDatabase.CreateAsync(StateOptions.PostgreSql);
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
    public async Task FlushAsync_OnPostgreSql_ReadsBackWhatTheOtherCollectorsStored()
    {
        var other = await OpenAsync();
        other.MarkSeen("acme", "only-seen-by-the-other", _time.GetUtcNow().AddMinutes(1));
        await other.SetStatusAsync("acme", "srv1", "online", _time.GetUtcNow(), Birth, CancellationToken.None);
        other.MarkSeen("acme", "srv1", _time.GetUtcNow().AddMinutes(2));
        await other.FlushAsync(CancellationToken.None);
        _inventory.MarkSeen("acme", "srv1", _time.GetUtcNow().AddMinutes(1));

        await _inventory.FlushAsync(CancellationToken.None);

        _inventory.List().Should().Equal(
            new HostRecord("acme", "only-seen-by-the-other", "unknown", _time.GetUtcNow().AddMinutes(1), null, 0),
            new HostRecord("acme", "srv1", "online", _time.GetUtcNow().AddMinutes(2), Birth, 0));
    }

    private async Task<HostInventory> OpenAsync()
    {
        var inventory = new HostInventory(_state.Open(), NullLogger<HostInventory>.Instance);
        _opened.Add(inventory);
        await inventory.InitializeAsync(CancellationToken.None);
        return inventory;
    }
}
