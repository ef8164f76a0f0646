using Alpi.HotspotController.LegalLog;
using Alpi.HotspotController.Sessions;

namespace Alpi.HotspotController.Tests.LegalLog;

/// <summary>The connection log's searches, the same on SQLite and on PostgreSQL.</summary>
[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Fixtures))]
public class ConnectionLogQueryTests(string provider)
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private HotspotTestDatabase _db = null!;
    private ConnectionLogQuery _query = null!;

    [SetUp]
    public async Task SetUp()
    {
        _db = await HotspotTestDatabase.CreateAsync(provider);
        _query = new ConnectionLogQuery(_db.Database, Microsoft.Extensions.Options.Options.Create(new HotspotOptions()));
        await _db.AddSessionsAsync(
        [
            Session("by-login", T0, accountLogin: "Alice@Example.org"),
            Session("by-user-name", T0.AddMinutes(1), userName: "alice@example.org"),
            Session("by-phone", T0.AddMinutes(2), mac: "AA-BB-CC-DD-EE-01"),
            Session("by-laptop", T0.AddMinutes(3), mac: "AA-BB-CC-DD-EE-02"),
            Session("stopped", T0.AddMinutes(4), accountLogin: "alice@example.org", stopped: T0.AddMinutes(5)),
            Session("someone-else", T0.AddMinutes(6), accountLogin: "bob", mac: "AA-BB-CC-DD-EE-03"),
        ]);
    }

    [TearDown]
    public async Task TearDown() => await _db.DisposeAsync();

    private static HotspotSession Session(string id, DateTimeOffset started, string? accountLogin = null, string? userName = null, string? mac = null, DateTimeOffset? stopped = null) => new()
    {
        Nas = "mairie", AcctSessionId = id, AccountLogin = accountLogin, UserName = userName, Mac = mac,
        StartedUnixMs = started.ToUnixTimeMilliseconds(), UpdatedUnixMs = started.ToUnixTimeMilliseconds(), StoppedUnixMs = stopped?.ToUnixTimeMilliseconds(),
    };

    [Test]
    public async Task ListOpenForAccount_FindsTheLoginInAnyCase_AndTheDevices()
    {
        var open = await _query.ListOpenForAccountAsync("ALICE@example.org", ["AA-BB-CC-DD-EE-01", "AA-BB-CC-DD-EE-02"], CancellationToken.None);

        open.Select(s => s.AcctSessionId).Should().Equal("by-login", "by-user-name", "by-phone", "by-laptop");
    }

    [Test]
    public async Task ListOpenForAccount_WithoutDevices_FindsTheLoginOnly()
    {
        var open = await _query.ListOpenForAccountAsync("alice@example.org", [], CancellationToken.None);

        open.Select(s => s.AcctSessionId).Should().Equal("by-login", "by-user-name");
    }

    [Test]
    public async Task Search_ByAccount_IgnoresCase_AndKeepsTheStoppedSessions()
    {
        var found = await _query.SearchAsync(new ConnectionLogCriteria { Account = "alice@EXAMPLE.org" }, 100, CancellationToken.None);

        found.Select(s => s.AcctSessionId).Should().Equal("by-login", "by-user-name", "stopped");
        (await _query.SearchAsync(new ConnectionLogCriteria { Account = "alice@example.org", OpenOnly = true }, 1, CancellationToken.None))
            .Select(s => s.AcctSessionId).Should().Equal("by-login");
    }

    // A requisition names the account as the requester wrote it: upper case with an accent (which SQLite's NOCASE does
    // not fold), or decomposed. The account's sessions are logged under its canonical login since schema 7.
    [TestCase("JOSÉ@EXAMPLE.ORG")]
    [TestCase("jose\u0301@example.org")]
    [TestCase("ｊosé@example.org")]
    public async Task Search_ByAccount_FindsTheCanonicalLogin_InAnySpelling(string asked)
    {
        await _db.AddSessionAsync(Session("jose", T0.AddMinutes(7), accountLogin: "josé@example.org", userName: "Jose\u0301@example.org"));

        var found = await _query.SearchAsync(new ConnectionLogCriteria { Account = asked }, 100, CancellationToken.None);

        found.Select(s => s.AcctSessionId).Should().Equal("jose");
    }

    // Before schema 7 an account's login was kept as typed, and its sessions logged so; a phone may send the User-Name
    // decomposed. A search under the login the account has now (or any spelling of it) finds them, not emile@'s.
    [TestCase("émile@example.org")]
    [TestCase("ÉMILE@EXAMPLE.ORG")]
    [TestCase("ｅ\u0301mile@example.org")]
    public async Task Search_ByAccount_FindsSessionsLoggedUnderAnotherSpelling(string asked)
    {
        await _db.AddSessionsAsync(
        [
            Session("typed-before-7", T0.AddMinutes(7), accountLogin: "Émile@Example.org"),
            Session("decomposed", T0.AddMinutes(8), userName: "E\u0301mile@example.org"),
            Session("another-account", T0.AddMinutes(9), accountLogin: "emile@example.org"),
        ]);

        var found = await _query.SearchAsync(new ConnectionLogCriteria { Account = asked }, 100, CancellationToken.None);

        found.Select(s => s.AcctSessionId).Should().Equal("typed-before-7", "decomposed");
    }

    // A Stop lost when the terminal lost power: the session last accounted at 08:10 matched every later moment, for up
    // to a year. It covers a moment up to its last accounting plus the grace, 3 × the 5-minute Acct-Interim-Interval.
    [TestCase("2026-06-01T08:24:59Z", true)]
    [TestCase("2026-06-01T08:25:00Z", true)]
    [TestCase("2026-06-01T08:25:01Z", false)]
    [TestCase("2026-12-01T00:00:00Z", false)]
    public async Task Search_ASessionWhoseStopWasLost_CoversUpToItsLastAccountingPlusTheGrace(string instant, bool covered)
    {
        await _db.AddSessionAsync(Session("lost-stop", T0, mac: "AA-BB-CC-DD-EE-09") with { UpdatedUnixMs = T0.AddMinutes(10).ToUnixTimeMilliseconds() });
        var at = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

        var found = await _query.SearchAsync(new ConnectionLogCriteria { From = at, To = at, Mac = "AA-BB-CC-DD-EE-09" }, 10, CancellationToken.None);

        found.Select(s => s.AcctSessionId).Should().Equal(covered ? new[] { "lost-stop" } : Array.Empty<string>());
    }

    [Test]
    public void OpenSessionGrace_IsTheIntervalsTimesTheLongestAcctInterimIntervalSent()
    {
        ConnectionLogQuery.OpenSessionGrace(new HotspotOptions()).Should().Be(TimeSpan.FromMinutes(15), "3 × the built-in 5 minutes");
        var options = new HotspotOptions { LegalLog = new LegalLogOptions { OpenSessionGraceIntervals = 2 } };
        options.Policies["default"] = new() { AcctInterimInterval = TimeSpan.FromSeconds(10) };
        options.Policies["libraries"] = new() { AcctInterimInterval = TimeSpan.FromMinutes(20) };
        ConnectionLogQuery.OpenSessionGrace(options).Should().Be(TimeSpan.FromMinutes(40));
        options.Policies.Remove("libraries");
        ConnectionLogQuery.OpenSessionGrace(options).Should().Be(TimeSpan.FromMinutes(2), "10 s is sent as RFC 2869's 60 s");
    }
}
