using Alpi.HotspotController.Sessions;

namespace Alpi.HotspotController.Tests.Sessions;

[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Fixtures))]
public class SessionStoreTests(string provider)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
    private HotspotTestDatabase _db = null!;
    private SessionStore _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        _db = await HotspotTestDatabase.CreateAsync(provider);
        _store = new SessionStore(_db.Database);
    }

    [TearDown]
    public async Task TearDown() => await _db.DisposeAsync();

    [Test]
    public async Task ARetransmittedStart_ChangesNothing()
    {
        var first = await _store.ApplyAsync(Update(SessionEvent.Start, T0) with { UserName = "alice", Mac = "02-00-00-00-00-01" }, CancellationToken.None);
        var again = await _store.ApplyAsync(Update(SessionEvent.Start, T0) with { UserName = "alice", Mac = "02-00-00-00-00-01" }, CancellationToken.None);

        again.Should().Be(first);
        (await _store.ListOpenAsync(null, CancellationToken.None)).Should().ContainSingle();
    }

    [Test]
    public async Task AnInterimWithoutStart_CreatesTheSession_DatedBySessionTime_AndALateStartCorrectsIt()
    {
        var interim = await _store.ApplyAsync(Update(SessionEvent.InterimUpdate, T0.AddMinutes(10)) with { SessionTime = TimeSpan.FromMinutes(9), InputOctets = 500 }, CancellationToken.None);
        interim.StartedUnixMs.Should().Be(T0.AddMinutes(1).ToUnixTimeMilliseconds());
        interim.InputOctets.Should().Be(500);

        var start = await _store.ApplyAsync(Update(SessionEvent.Start, T0.AddSeconds(58)), CancellationToken.None);
        start.StartedUnixMs.Should().Be(T0.AddSeconds(58).ToUnixTimeMilliseconds(), "the Start's own time wins");
        start.InputOctets.Should().Be(500, "a Start does not reset the counters");
        start.UpdatedUnixMs.Should().Be(T0.AddMinutes(10).ToUnixTimeMilliseconds(), "the latest message's time stays");
    }

    [Test]
    public async Task Counters_OnlyGrow_AndAReorderedInterimCannotReopenAStoppedSession()
    {
        await _store.ApplyAsync(Update(SessionEvent.Start, T0), CancellationToken.None);
        await _store.ApplyAsync(Update(SessionEvent.InterimUpdate, T0.AddMinutes(10)) with { InputOctets = 2000, OutputOctets = 9000, FramedIp = "10.0.0.7" }, CancellationToken.None);
        await _store.ApplyAsync(Update(SessionEvent.Stop, T0.AddMinutes(12)) with { InputOctets = 2500, OutputOctets = 9500, TerminateCause = "User-Request" }, CancellationToken.None);

        // An older interim and a retransmitted Stop with another delay arrive late.
        await _store.ApplyAsync(Update(SessionEvent.InterimUpdate, T0.AddMinutes(5)) with { InputOctets = 1000, OutputOctets = 4000 }, CancellationToken.None);
        var session = await _store.ApplyAsync(Update(SessionEvent.Stop, T0.AddMinutes(13)) with { InputOctets = 2500, OutputOctets = 9500, TerminateCause = "Lost-Carrier" }, CancellationToken.None);

        session.InputOctets.Should().Be(2500);
        session.OutputOctets.Should().Be(9500);
        session.StoppedUnixMs.Should().Be(T0.AddMinutes(12).ToUnixTimeMilliseconds(), "the first Stop's time stays");
        session.TerminateCause.Should().Be("User-Request");
        session.FramedIp.Should().Be("10.0.0.7", "a message without Framed-IP-Address keeps the known one");
        (await _store.ListOpenAsync(null, CancellationToken.None)).Should().BeEmpty();
    }

    [Test]
    public async Task IdentityFields_AreFilledOnce()
    {
        await _store.ApplyAsync(Update(SessionEvent.Start, T0) with { UserName = "02-00-00-00-00-01" }, CancellationToken.None);

        var session = await _store.ApplyAsync(Update(SessionEvent.InterimUpdate, T0.AddMinutes(5)) with { UserName = "other", AccountLogin = "alice", Mac = "02-00-00-00-00-01" }, CancellationToken.None);

        session.UserName.Should().Be("02-00-00-00-00-01");
        session.AccountLogin.Should().Be("alice", "resolved later, it fills the empty field");
        session.Mac.Should().Be("02-00-00-00-00-01");
    }

    [Test]
    public async Task CloseOpen_ClosesTheNasSessionsStartedBefore_AndIsIdempotent()
    {
        await _store.ApplyAsync(Update(SessionEvent.Start, T0, "s1"), CancellationToken.None);
        await _store.ApplyAsync(Update(SessionEvent.Start, T0.AddMinutes(1), "s2"), CancellationToken.None);
        await _store.ApplyAsync(Update(SessionEvent.Start, T0, "s3") with { Nas = "other-ap" }, CancellationToken.None);
        await _store.ApplyAsync(Update(SessionEvent.Start, T0.AddMinutes(10), "after-reboot"), CancellationToken.None);

        (await _store.CloseOpenAsync("ap", T0.AddMinutes(5), "NAS-Reboot", CancellationToken.None)).Should().Be(2);
        (await _store.CloseOpenAsync("ap", T0.AddMinutes(5), "NAS-Reboot", CancellationToken.None)).Should().Be(0);

        (await _store.ListOpenAsync(null, CancellationToken.None)).Select(s => s.AcctSessionId).Should().BeEquivalentTo("after-reboot", "s3");
        var closed = await _store.FindAsync("ap", "s2", CancellationToken.None);
        closed!.StoppedUnixMs.Should().Be(T0.AddMinutes(5).ToUnixTimeMilliseconds());
        closed.TerminateCause.Should().Be("NAS-Reboot");
        (await _store.CountOpenByNasAsync(CancellationToken.None)).Should().BeEquivalentTo(new Dictionary<string, int> { ["ap"] = 1, ["other-ap"] = 1 });
        (await _store.ListOpenAsync("other-ap", CancellationToken.None)).Select(s => s.AcctSessionId).Should().Equal("s3");
    }

    [Test]
    public async Task Find_ReturnsNullForAnUnknownSession() =>
        (await _store.FindAsync("ap", "nope", CancellationToken.None)).Should().BeNull();

    private static SessionUpdate Update(SessionEvent kind, DateTimeOffset at, string id = "s1") =>
        new() { Nas = "ap", AcctSessionId = id, Event = kind, At = at };
}
