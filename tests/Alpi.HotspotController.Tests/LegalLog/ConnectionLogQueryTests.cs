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
        _query = new ConnectionLogQuery(_db.Database);
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
}
