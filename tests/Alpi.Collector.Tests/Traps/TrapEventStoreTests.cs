using Alpi.Collector.Relational;
using Alpi.Collector.Traps;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.Collector.Tests.Traps;

/// <summary>
/// The trap event store on both databases: what is stored comes back as it was, the receiver's engine boots grow, the
/// filters of <c>/api/events</c>, and the publisher's claims when two collectors share one database.
/// </summary>
[TestFixtureSource(typeof(StateProviders), nameof(StateProviders.Fixtures))]
public sealed class TrapEventStoreTests(string provider)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private StateTestDatabase _state = null!;
    private FakeTimeProvider _time = null!;
    private TrapEventStore _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        _state = await StateTestDatabase.CreateAsync(provider);
        _time = new FakeTimeProvider(Now);
        _store = new TrapEventStore(_state.Open(), _time);
        await _store.InitializeAsync(CancellationToken.None);
    }

    [TearDown]
    public async Task TearDown()
    {
        _store.Dispose();
        await _state.DisposeAsync();
    }

    [Test]
    public async Task AddAsync_ThenQuery_ReturnsTheEventAsStored_WithNullsAndVarbinds()
    {
        var trap = new TrapEvent(0, Now.AddTicks(1_234_567), "mairie", "sw-1", "192.0.2.7", "v2c", "inform", "1.3.6.1.4.1.8072.2.3.0.1", null, null,
            [new("1.3.6.1.2.1.2.2.1.1.3", "Integer32", "3"), new("1.3.6.1.4.1.8072.2.3.2.1", "OctetString", "\"é\\\"quoted\\\"\"")]);

        var stored = await _store.AddAsync(trap, CancellationToken.None);
        var read = (await _store.QueryAsync(null, null, null, null, 10, CancellationToken.None)).Should().ContainSingle().Subject;

        stored.Id.Should().BePositive();
        read.Should().BeEquivalentTo(trap with { Id = stored.Id, Time = Now.AddMilliseconds(123) }, "times are kept to the millisecond");
    }

    [Test]
    public async Task NextEngineBootsAsync_GrowsByOneAtEachCall()
    {
        (await _store.NextEngineBootsAsync(CancellationToken.None)).Should().Be(1);
        (await _store.NextEngineBootsAsync(CancellationToken.None)).Should().Be(2);
        (await new TrapEventStore(_state.Open(), _time).NextEngineBootsAsync(CancellationToken.None)).Should().Be(3, "another instance (a restart, or another collector) shares the counter");
    }

    [Test]
    public async Task QueryAsync_FiltersByTenantDeviceAndTime_NewestFirst_UpToTheLimit()
    {
        await AddAsync("a", "sw-1", Now.AddMinutes(-30));
        await AddAsync("a", "sw-2", Now.AddMinutes(-20));
        await AddAsync("b", "sw-1", Now.AddMinutes(-10));
        await AddAsync("a", "sw-1", Now.AddMinutes(-5));

        (await DevicesAsync("a", null, null, null, 10)).Should().Equal("a/sw-1@-5", "a/sw-2@-20", "a/sw-1@-30");
        (await DevicesAsync(null, "sw-1", null, null, 10)).Should().Equal("a/sw-1@-5", "b/sw-1@-10", "a/sw-1@-30");
        (await DevicesAsync(null, null, Now.AddMinutes(-20), Now.AddMinutes(-5), 10)).Should().Equal(["b/sw-1@-10", "a/sw-2@-20"], "from is inclusive, to exclusive");
        (await DevicesAsync(null, null, null, null, 2)).Should().Equal("a/sw-1@-5", "b/sw-1@-10");
    }

    [Test]
    public async Task ListUnpublishedAsync_EventsAnotherPublisherClaimed_AreLeftToItUntilItsLeaseEnds()
    {
        await AddAsync("a", "sw-1", Now);
        await AddAsync("a", "sw-2", Now);
        using var other = new TrapEventStore(_state.Open(), _time);

        var mine = await _store.ListUnpublishedAsync(10, CancellationToken.None);
        var theirs = await other.ListUnpublishedAsync(10, CancellationToken.None);
        var mineAgain = await _store.ListUnpublishedAsync(10, CancellationToken.None);

        mine.Select(e => e.Device).Should().Equal("sw-1", "sw-2");
        theirs.Should().BeEmpty("this collector's publisher holds them");
        mineAgain.Select(e => e.Device).Should().Equal(["sw-1", "sw-2"], "a publisher takes again what it holds (a retry after the broker refused)");

        await _store.MarkPublishedAsync(mine[0].Id, CancellationToken.None);
        _time.Advance(TrapEventStore.ClaimLease);

        (await other.ListUnpublishedAsync(10, CancellationToken.None)).Select(e => e.Device).Should().Equal(["sw-2"], "the lease ran out: the publisher stopped, say");
        (await _store.ListUnpublishedAsync(10, CancellationToken.None)).Should().BeEmpty();
    }

    [Test]
    public async Task ListUnpublishedAsync_TwoPublishersAtOnce_TakeEachEventOnce()
    {
        for (var i = 0; i < 40; i++)
        {
            await AddAsync("a", $"sw-{i}", Now);
        }

        var stores = Enumerable.Range(0, 4).Select(_ => new TrapEventStore(_state.Open(), _time)).ToList();
        try
        {
            var taken = await Task.WhenAll(stores.Select(s => Task.Run(() => s.ListUnpublishedAsync(15, CancellationToken.None))));

            taken.SelectMany(t => t).Select(e => e.Id).Should().OnlyHaveUniqueItems().And.HaveCount(40);
        }
        finally
        {
            stores.ForEach(s => s.Dispose());
        }
    }

    private Task<TrapEvent> AddAsync(string tenant, string device, DateTimeOffset time) =>
        _store.AddAsync(new TrapEvent(0, time, tenant, device, "192.0.2.7", "v2c", "trap", "1.3.6.1.6.3.1.1.5.3", "linkDown", 42, []), CancellationToken.None);

    private async Task<List<string>> DevicesAsync(string? tenant, string? device, DateTimeOffset? from, DateTimeOffset? to, int limit) =>
        (await _store.QueryAsync(tenant, device, from, to, limit, CancellationToken.None))
            .Select(e => $"{e.Tenant}/{e.Device}@{(e.Time - Now).TotalMinutes}").ToList();
}
