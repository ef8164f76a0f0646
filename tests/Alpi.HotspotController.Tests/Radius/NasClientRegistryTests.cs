using System.Net;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Radius;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.HotspotController.Tests.Radius;

[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Fixtures))]
public class NasClientRegistryTests(string provider)
{
    private HotspotTestDatabase _db = null!;
    private NasClientStore _store = null!;
    private FakeTimeProvider _time = null!;

    [SetUp]
    public async Task SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));
        _db = await HotspotTestDatabase.CreateAsync(provider);
        _store = new NasClientStore(_db.Database);
    }

    [TearDown]
    public async Task TearDown() => await _db.DisposeAsync();

    [Test]
    public async Task TheMostSpecificNetworkWins()
    {
        await _store.UpsertAsync(new NasClient { Name = "zone", Address = "10.0.0.0/8", Secret = "a" }, CancellationToken.None);
        await _store.UpsertAsync(new NasClient { Name = "site", Address = "10.1.0.0/16", Secret = "b" }, CancellationToken.None);
        await _store.UpsertAsync(new NasClient { Name = "ap", Address = "10.1.2.3", Secret = "c", RequireMessageAuthenticator = false }, CancellationToken.None);
        using var registry = Create(new RadiusServerOptions());
        await registry.RefreshAsync(CancellationToken.None);

        registry.Find(IPAddress.Parse("10.1.2.3"))!.Name.Should().Be("ap");
        registry.Find(IPAddress.Parse("10.1.2.4"))!.Name.Should().Be("site");
        registry.Find(IPAddress.Parse("10.9.0.1"))!.Name.Should().Be("zone");
        registry.Find(IPAddress.Parse("::ffff:10.1.2.3"))!.Name.Should().Be("ap", "IPv4-mapped sources (dual-mode socket) are read as IPv4");
        registry.Find(IPAddress.Parse("192.0.2.1")).Should().BeNull();
        registry.Find(IPAddress.Parse("10.1.2.3"))!.Client.RequireMessageAuthenticator.Should().BeFalse();
    }

    [Test]
    public async Task ConfiguredClients_AreKnownAtOnce_AndADatabaseClientOfTheSameNameWins()
    {
        var options = new RadiusServerOptions
        {
            MacPassword = "global",
            Clients =
            [
                new RadiusClientOptions { Name = "ap", Address = "192.0.2.1", Secret = "from-config", MacPassword = "own" },
                new RadiusClientOptions { Name = "other", Address = "192.0.2.2", Secret = "x" },
            ],
        };
        using var registry = Create(options);
        registry.Find(IPAddress.Parse("192.0.2.1"))!.Secret.Should().Equal("from-config"u8.ToArray());
        registry.Find(IPAddress.Parse("192.0.2.1"))!.MacPassword.Should().Be("own");
        registry.Find(IPAddress.Parse("192.0.2.2"))!.MacPassword.Should().Be("global");

        await _store.UpsertAsync(new NasClient { Name = "ap", Address = "192.0.2.1", Secret = "from-db" }, CancellationToken.None);
        await registry.RefreshAsync(CancellationToken.None);

        registry.Find(IPAddress.Parse("192.0.2.1"))!.Secret.Should().Equal("from-db"u8.ToArray());
        registry.Find(IPAddress.Parse("192.0.2.1"))!.FromConfiguration.Should().BeFalse();
        registry.Clients.Should().HaveCount(2);
    }

    [Test]
    public async Task AnUnknownSource_TriggersARefresh_AtMostOnceASecond()
    {
        using var registry = Create(new RadiusServerOptions { ClientRefreshInterval = TimeSpan.FromHours(1) });
        await registry.RefreshAsync(CancellationToken.None);
        await _store.UpsertAsync(new NasClient { Name = "new", Address = "192.0.2.9", Secret = "s" }, CancellationToken.None);

        (await registry.FindAsync(IPAddress.Parse("192.0.2.9"), CancellationToken.None)).Should().BeNull("the last refresh was less than a second ago");
        _time.Advance(TimeSpan.FromSeconds(1));
        (await registry.FindAsync(IPAddress.Parse("192.0.2.9"), CancellationToken.None))!.Name.Should().Be("new");
    }

    [Test]
    public async Task AChangedSecret_IsReadAtOnceAfterABadAuthenticator_AtMostOnceASecond()
    {
        await _store.UpsertAsync(new NasClient { Name = "ap", Address = "192.0.2.7", Secret = "old-secret" }, CancellationToken.None);
        using var registry = Create(new RadiusServerOptions { ClientRefreshInterval = TimeSpan.FromHours(1) });
        await registry.RefreshAsync(CancellationToken.None);
        var source = IPAddress.Parse("192.0.2.7");
        var before = registry.Find(source)!;
        await _store.UpsertAsync(new NasClient { Name = "ap", Address = "192.0.2.7", Secret = "new-secret" }, CancellationToken.None);

        (await registry.FindChangedSecretAsync(source, before, CancellationToken.None)).Should().BeNull("the last refresh was less than a second ago");
        _time.Advance(TimeSpan.FromSeconds(1));
        var changed = await registry.FindChangedSecretAsync(source, before, CancellationToken.None);
        changed!.Secret.Should().Equal("new-secret"u8.ToArray());
        _time.Advance(TimeSpan.FromSeconds(1));
        (await registry.FindChangedSecretAsync(source, changed, CancellationToken.None)).Should().BeNull("the secret read is the one already tried: it really is wrong");
    }

    [Test]
    public async Task AnIPv4MappedAddress_IsTheIPv4One()
    {
        await _store.UpsertAsync(new NasClient { Name = "mapped", Address = "::ffff:192.0.2.40", Secret = "s" }, CancellationToken.None);
        using var registry = Create(new RadiusServerOptions());
        await registry.RefreshAsync(CancellationToken.None);

        registry.Find(IPAddress.Parse("192.0.2.40"))!.Name.Should().Be("mapped", "the server reads sources as IPv4: a mapped client address must match them");
    }

    [Test]
    public async Task TwoClientsOfOneAddress_TheFirstByNameAnswers_TheOtherIsLoggedOnce()
    {
        // A configured client and a stored one (or rows from before the administration refused it) at one address.
        var options = new RadiusServerOptions { Clients = [new RadiusClientOptions { Name = "zz-config", Address = "192.0.2.30", Secret = "from-config" }] };
        await _store.UpsertAsync(new NasClient { Name = "aa-stored", Address = "192.0.2.30/32", Secret = "from-db" }, CancellationToken.None);
        var log = new FakeLogger<NasClientRegistry>();
        using var registry = new NasClientRegistry(_store, Options.Create(new HotspotOptions { Radius = options }), _time, log);

        await registry.RefreshAsync(CancellationToken.None);
        await registry.RefreshAsync(CancellationToken.None);

        registry.Find(IPAddress.Parse("192.0.2.30"))!.Name.Should().Be("aa-stored");
        var said = log.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning && r.Message.Contains("never recognised", StringComparison.Ordinal)).ToList();
        said.Should().ContainSingle("said once, not at every refresh").Which.Message.Should().Contain("zz-config").And.Contain("192.0.2.30/32").And.Contain("aa-stored");
    }

    private NasClientRegistry Create(RadiusServerOptions radius) =>
        new(_store, Options.Create(new HotspotOptions { Radius = radius }), _time, NullLogger<NasClientRegistry>.Instance);
}
