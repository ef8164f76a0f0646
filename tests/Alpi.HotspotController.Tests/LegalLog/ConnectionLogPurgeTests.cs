using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.LegalLog;
using Alpi.HotspotController.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.HotspotController.Tests.LegalLog;

[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Fixtures))]
public class ConnectionLogPurgeTests(string provider)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 3, 30, 0, TimeSpan.Zero);
    private HotspotTestDatabase _db = null!;
    private FakeTimeProvider _time = null!;

    [SetUp]
    public async Task SetUp()
    {
        _db = await HotspotTestDatabase.CreateAsync(provider);
        _time = new FakeTimeProvider(Now);
    }

    [TearDown]
    public async Task TearDown() => await _db.DisposeAsync();

    private ConnectionLogPurge Purge(int retentionDays = 365, int inactivityDays = 365, Microsoft.Extensions.Logging.ILogger<ConnectionLogPurge>? logger = null, int auditRetentionDays = 365) =>
        new(_db.Database, new AccountStore(_db.Database), new AuditLog(_db.Database, _time),
            Options.Create(new HotspotOptions { LegalLog = new LegalLogOptions { RetentionDays = retentionDays, AccountInactivityDays = inactivityDays, AuditRetentionDays = auditRetentionDays } }),
            _time, logger ?? NullLogger<ConnectionLogPurge>.Instance);

    private static HotspotSession Session(string id, DateTimeOffset started, DateTimeOffset updated, DateTimeOffset? stopped) => new()
    {
        Nas = "mairie-1", AcctSessionId = id, StartedUnixMs = started.ToUnixTimeMilliseconds(), UpdatedUnixMs = updated.ToUnixTimeMilliseconds(),
        StoppedUnixMs = stopped?.ToUnixTimeMilliseconds(), Mac = "AA-BB-CC-DD-EE-01", FramedIp = "10.1.0.7",
    };

    [Test]
    public async Task Run_DeletesSessionsEndedBeforeTheRetentionAndKeepsNewerOnes()
    {
        // Ended 366 days ago: past the year.
        await _db.AddSessionAsync(Session("ended-366d", Now.AddDays(-367), Now.AddDays(-366), Now.AddDays(-366)));
        // Ended 364 days ago: still within the year.
        await _db.AddSessionAsync(Session("ended-364d", Now.AddDays(-365), Now.AddDays(-364), Now.AddDays(-364)));
        // Started two years ago but ended yesterday: the year runs from the end.
        await _db.AddSessionAsync(Session("long-ended-1d", Now.AddDays(-730), Now.AddDays(-1), Now.AddDays(-1)));
        // Never stopped, last heard of 400 days ago (a lost Accounting-Stop).
        await _db.AddSessionAsync(Session("open-silent-400d", Now.AddDays(-401), Now.AddDays(-400), null));
        // Never stopped, last interim update a minute ago: a running session.
        await _db.AddSessionAsync(Session("open-running", Now.AddDays(-400), Now.AddMinutes(-1), null));

        var result = await Purge().RunAsync(CancellationToken.None);

        result.SessionsDeleted.Should().Be(2);
        result.SessionCutoff.Should().Be(Now.AddDays(-365));
        (await _db.SessionIdsAsync()).Should().Equal("ended-364d", "long-ended-1d", "open-running");
    }

    // A session never stopped covers, in the export, up to its last accounting plus the grace (3 × 5 min): its year
    // runs from then, not from its last accounting.
    [Test]
    public async Task Run_KeepsASessionNeverStopped_UntilAYearAfterItsLastAccountingPlusTheGrace()
    {
        await _db.AddSessionAsync(Session("open-silent-365d-10min", Now.AddDays(-366), Now.AddDays(-365).AddMinutes(-10), null));
        await _db.AddSessionAsync(Session("open-silent-365d-20min", Now.AddDays(-366), Now.AddDays(-365).AddMinutes(-20), null));

        var result = await Purge().RunAsync(CancellationToken.None);

        result.UnstoppedSessionsDeleted.Should().Be(1);
        (await _db.SessionIdsAsync()).Should().Equal("open-silent-365d-10min");
    }

    // The log line said "2 session(s) ended before …", calling a session never stopped ended.
    [Test]
    public async Task Run_CountsAndLogsTheSessionsNeverStoppedApart_WithoutCallingThemEnded()
    {
        await _db.AddSessionAsync(Session("ended-400d", Now.AddDays(-401), Now.AddDays(-400), Now.AddDays(-400)));
        await _db.AddSessionAsync(Session("open-silent-400d", Now.AddDays(-401), Now.AddDays(-400), null));
        var log = new FakeLogger<ConnectionLogPurge>();

        var result = await Purge(logger: log).RunAsync(CancellationToken.None);

        result.SessionsDeleted.Should().Be(2);
        result.UnstoppedSessionsDeleted.Should().Be(1);
        log.LatestRecord.Message.Should().Contain("1 session(s) stopped before 2025-11-29T03:30:00")
            .And.Contain("1 session(s) never stopped whose last accounting plus the open-session grace is before it").And.NotContain("ended");
        (await new AuditLog(_db.Database, _time).ListAsync(10, AuditActions.LegalLogPurge, CancellationToken.None)).Single().Details
            .Should().Contain("\"unstopped_sessions_deleted\":\"1\"");
    }

    [Test]
    public async Task Run_AfterTimePasses_DeletesWhatHasAgedOut()
    {
        await _db.AddSessionAsync(Session("a", Now.AddDays(-11), Now.AddDays(-10), Now.AddDays(-10)));
        await Purge(retentionDays: 30).RunAsync(CancellationToken.None);
        (await _db.SessionIdsAsync()).Should().Equal("a");

        _time.Advance(TimeSpan.FromDays(21));
        await Purge(retentionDays: 30).RunAsync(CancellationToken.None);

        (await _db.SessionIdsAsync()).Should().BeEmpty();
    }

    [Test]
    public async Task Run_DeletesInactiveAccountsAndAuditsTheRun()
    {
        var accounts = new AccountStore(_db.Database);
        await accounts.CreateAsync("dormant", null, AccountPasswords.Hash("password1"), null, Now.AddDays(-400), CancellationToken.None);
        await accounts.CreateAsync("active", null, AccountPasswords.Hash("password2"), null, Now.AddDays(-10), CancellationToken.None);
        await _db.AddSessionAsync(Session("old", Now.AddDays(-500), Now.AddDays(-499), Now.AddDays(-499)));

        var result = await Purge(inactivityDays: 180).RunAsync(CancellationToken.None);

        result.AccountsDeleted.Should().Be(1);
        (await accounts.ListAsync(CancellationToken.None)).Select(a => a.Login).Should().Equal("active");
        var audit = (await new AuditLog(_db.Database, _time).ListAsync(10, AuditActions.LegalLogPurge, CancellationToken.None)).Should().ContainSingle().Subject;
        audit.Actor.Should().Be("system");
        audit.AtUnixMs.Should().Be(Now.ToUnixTimeMilliseconds());
        audit.Details.Should().Contain("\"sessions_deleted\":\"1\"").And.Contain("\"accounts_deleted\":\"1\"").And.Contain("\"sessions_before\":\"2025-11-29T03:30:00.0000000Z\"");
    }

    [Test]
    public async Task Run_MoreSessionsThanABatch_DeletesThemAll()
    {
        await _db.AddSessionsAsync(Enumerable.Range(0, ConnectionLogPurge.BatchSize + 7)
            .Select(i => Session($"s{i:D5}", Now.AddDays(-400), Now.AddDays(-400), Now.AddDays(-400))).ToList());

        var result = await Purge().RunAsync(CancellationToken.None);

        result.SessionsDeleted.Should().Be(ConnectionLogPurge.BatchSize + 7);
        (await _db.SessionIdsAsync()).Should().BeEmpty();
    }

    // The audit log grew without limit: it names logins, MACs and addresses (RGPD art. 5.1.e). Entries older than the
    // retention go; newer ones, and the purge's own entry, stay.
    [Test]
    public async Task Run_DeletesAuditEntriesOlderThanTheAuditRetention_AndRecordsHowMany()
    {
        var earlier = new FakeTimeProvider(Now.AddDays(-91));
        var written = new AuditLog(_db.Database, earlier);
        await written.WriteAsync("dpo-token", AuditActions.SessionSearch, [new("mac", "AA-BB-CC-DD-EE-01")], CancellationToken.None);
        await written.WriteAsync("admin-token", AuditActions.UserAdd, [new("login", "alice@example.org")], CancellationToken.None);
        earlier.Advance(TimeSpan.FromDays(2));
        await written.WriteAsync("dpo-token", AuditActions.SessionSearch, [new("mac", "AA-BB-CC-DD-EE-02")], CancellationToken.None);
        var audit = new AuditLog(_db.Database, _time);

        var result = await Purge(auditRetentionDays: 90).RunAsync(CancellationToken.None);

        result.AuditEntriesDeleted.Should().Be(2);
        result.AuditCutoff.Should().Be(Now.AddDays(-90));
        var left = await audit.ListAsync(100, null, CancellationToken.None);
        left.Select(e => e.Action).Should().Equal(AuditActions.LegalLogPurge, AuditActions.SessionSearch);
        left[1].Details.Should().Contain("AA-BB-CC-DD-EE-02");
        left[0].Details.Should().Contain("\"audit_entries_deleted\":\"2\"").And.Contain("\"audit_before\":\"2026-08-31T03:30:00.0000000Z\"");
    }

    [Test]
    public async Task AuditPurge_MoreEntriesThanABatch_DeletesThemAll()
    {
        var audit = new AuditLog(_db.Database, new FakeTimeProvider(Now.AddDays(-400)));
        for (var i = 0; i < 7; i++)
        {
            await audit.WriteAsync("system", AuditActions.LegalLogPurge, null, CancellationToken.None);
        }

        (await audit.PurgeAsync(Now.AddDays(-365), batchSize: 3, CancellationToken.None)).Should().Be(7);
        (await audit.ListAsync(100, null, CancellationToken.None)).Should().BeEmpty();
    }

    // The purges' one batched-DELETE loop (HotspotDatabase.DeleteInBatchesAsync), on a two-column key: every batch
    // deletes only rows its condition selects, and the loop ends at the first short batch.
    [Test]
    public async Task DeleteInBatches_CompositeKey_DeletesOnlyTheSelectedRows_InBatches()
    {
        var sessions = Enumerable.Range(0, 7).Select(i => Session($"old{i}", Now.AddDays(-400), Now.AddDays(-400), Now.AddDays(-400)))
            .Concat(Enumerable.Range(0, 3).Select(i => Session($"new{i}", Now.AddDays(-1), Now.AddDays(-1), Now.AddDays(-1))))
            .Append(Session("old-other-nas", Now.AddDays(-400), Now.AddDays(-400), Now.AddDays(-400)) with { Nas = "mairie-2" })
            .ToList();
        await _db.AddSessionsAsync(sessions);

        var deleted = await _db.Database.DeleteInBatchesAsync("sessions", "nas, acct_session_id", "nas = 'mairie-1' AND stopped_unix_ms < @cutoff",
            Now.AddDays(-365).ToUnixTimeMilliseconds(), batchSize: 2, CancellationToken.None);

        deleted.Should().Be(7);
        (await _db.SessionIdsAsync()).Should().Equal("new0", "new1", "new2", "old-other-nas");
    }
}
