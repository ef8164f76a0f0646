using System.Text;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.LegalLog;
using Alpi.HotspotController.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.HotspotController.Tests.LegalLog;

[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Fixtures))]
public class ConnectionLogExportTests(string provider)
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private HotspotTestDatabase _db = null!;
    private FakeTimeProvider _time = null!;

    [SetUp]
    public async Task SetUp()
    {
        _db = await HotspotTestDatabase.CreateAsync(provider);
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));
        await _db.AddSessionsAsync(
        [
            // Alice's phone, 08:00–09:00, with a User-Name that needs quoting.
            new HotspotSession
            {
                Nas = "mediatheque", AcctSessionId = "A1", UserName = "alice, \"the\" reader", AccountLogin = "alice@example.org", Mac = "AA-BB-CC-DD-EE-01",
                FramedIp = "10.1.0.7", CalledStationId = "02-00-00-00-00-01:Cigale", NasIp = "192.0.2.10",
                StartedUnixMs = T0.ToUnixTimeMilliseconds(), UpdatedUnixMs = T0.AddHours(1).ToUnixTimeMilliseconds(), StoppedUnixMs = T0.AddHours(1).ToUnixTimeMilliseconds(),
                InputOctets = 1_234_567, OutputOctets = 9_876_543_210, TerminateCause = "User-Request",
            },
            // Bob, later, same IP handed out again: 10:00, still open.
            new HotspotSession
            {
                Nas = "mairie", AcctSessionId = "B1", UserName = "AA-BB-CC-DD-EE-02", AccountLogin = "bob", Mac = "AA-BB-CC-DD-EE-02",
                FramedIp = "10.1.0.7", NasIp = "192.0.2.11", StartedUnixMs = T0.AddHours(2).ToUnixTimeMilliseconds(), UpdatedUnixMs = T0.AddHours(3).ToUnixTimeMilliseconds(),
            },
            // Another IP, the day before.
            new HotspotSession
            {
                Nas = "mairie", AcctSessionId = "C1", AccountLogin = "carol", Mac = "AA-BB-CC-DD-EE-03", FramedIp = "10.1.0.9",
                StartedUnixMs = T0.AddDays(-1).ToUnixTimeMilliseconds(), UpdatedUnixMs = T0.AddDays(-1).ToUnixTimeMilliseconds(), StoppedUnixMs = T0.AddDays(-1).AddMinutes(5).ToUnixTimeMilliseconds(),
            },
        ]);
    }

    [TearDown]
    public async Task TearDown() => await _db.DisposeAsync();

    private async Task<(string Csv, long Rows)> ExportAsync(ConnectionLogCriteria criteria)
    {
        using var output = new MemoryStream();
        var rows = await new ConnectionLogExport(_db.Database, new AuditLog(_db.Database, _time), Microsoft.Extensions.Options.Options.Create(new HotspotOptions())).WriteCsvAsync(criteria, "dpo-martin", "api", output, CancellationToken.None);
        return (Encoding.UTF8.GetString(output.ToArray()), rows);
    }

    private static ConnectionLogCriteria Criteria(string from, string to, string? ip = null, string? mac = null, string? user = null)
    {
        ConnectionLogCriteria.TryParse(from, to, ip, mac, user, null, out var criteria, out var error).Should().BeTrue(error);
        return criteria!;
    }

    [Test]
    public async Task WriteCsv_ByIpOverADay_WritesRfc4180RowsOfEverySessionThatOverlaps()
    {
        var (csv, rows) = await ExportAsync(Criteria("2026-06-01T00:00:00Z", "2026-06-01T23:59:59Z", ip: "10.1.0.7"));

        rows.Should().Be(2);
        csv.Should().Be(
            "nas,nas_ip,acct_session_id,account,user_name,mac,ip,called_station_id,start_utc,stop_utc,input_octets,output_octets,terminate_cause,last_accounting_utc\r\n"
            + "mediatheque,192.0.2.10,A1,alice@example.org,\"alice, \"\"the\"\" reader\",AA-BB-CC-DD-EE-01,10.1.0.7,02-00-00-00-00-01:Cigale,2026-06-01T08:00:00.000Z,2026-06-01T09:00:00.000Z,1234567,9876543210,User-Request,2026-06-01T09:00:00.000Z\r\n"
            + "mairie,192.0.2.11,B1,bob,AA-BB-CC-DD-EE-02,AA-BB-CC-DD-EE-02,10.1.0.7,,2026-06-01T10:00:00.000Z,,0,0,,2026-06-01T11:00:00.000Z\r\n");
    }

    // Carol's account was kept as typed before schema 7 (Carol@Example.org) and logged so; asked under the login it
    // has now, carol@example.org, or fullwidth, the export writes her session and counts it in its audit entry.
    [TestCase("carol@example.org")]
    [TestCase("ｃａｒｏｌ@example.org")]
    public async Task WriteCsv_ByAccount_FindsASessionLoggedUnderAnotherSpelling(string asked)
    {
        await _db.AddSessionAsync(new HotspotSession
        {
            Nas = "mairie", AcctSessionId = "C2", AccountLogin = "Carol@Example.org", Mac = "AA-BB-CC-DD-EE-03", FramedIp = "10.1.0.9",
            StartedUnixMs = T0.ToUnixTimeMilliseconds(), UpdatedUnixMs = T0.ToUnixTimeMilliseconds(),
        });

        var (csv, rows) = await ExportAsync(Criteria("2026-06-01T00:00:00Z", "2026-06-01T23:59:59Z", user: asked));

        rows.Should().Be(1);
        csv.Should().Contain(",C2,Carol@Example.org,");
    }

    [Test]
    public async Task WriteCsv_AtOneInstant_FindsWhoHadTheAddressThen()
    {
        var (csv, rows) = await ExportAsync(Criteria("2026-06-01T08:30:00Z", "2026-06-01T08:30:00Z", ip: "10.1.0.7"));

        rows.Should().Be(1);
        csv.Should().Contain(",A1,").And.NotContain(",B1,");
    }

    // Each case: criteria, and the sessions exported.
    // The MAC in another spelling.
    [TestCase(null, "aa:bb:cc:dd:ee:02", null, "B1")]
    // The account, in another letter case.
    [TestCase(null, null, "ALICE@example.org", "A1")]
    // An open session overlaps any later period.
    [TestCase("10.1.0.7", null, "bob", "B1")]
    public async Task WriteCsv_ByMacOrAccount_SelectsTheirSessions(string? ip, string? mac, string? user, string expected)
    {
        var (csv, _) = await ExportAsync(Criteria("2026-06-01T00:00:00Z", "2026-12-31T00:00:00Z", ip, mac, user));

        var ids = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',')[2]);
        ids.Should().Equal(expected);
    }

    [Test]
    public async Task WriteCsv_WritesTheAuditEntryWithActorCriteriaAndRowCount()
    {
        _ = await ExportAsync(Criteria("2026-05-31T00:00:00Z", "2026-06-01T23:59:59Z", mac: "AA-BB-CC-DD-EE-03"));

        var entry = (await new AuditLog(_db.Database, _time).ListAsync(10, null, CancellationToken.None)).Should().ContainSingle().Subject;
        entry.Actor.Should().Be("dpo-martin");
        entry.Action.Should().Be(AuditActions.LegalLogExport);
        entry.AtUnixMs.Should().Be(_time.GetUtcNow().ToUnixTimeMilliseconds());
        entry.Details.Should().Be("{\"category\":\"personal-data\",\"outcome\":\"served\",\"from\":\"2026-05-31T00:00:00.0000000Z\",\"to\":\"2026-06-01T23:59:59.0000000Z\",\"mac\":\"AA-BB-CC-DD-EE-03\",\"rows\":\"1\",\"channel\":\"api\"}");
    }

    [Test]
    public async Task WriteCsv_NothingMatches_WritesTheHeaderAndAuditsZeroRows()
    {
        var (csv, rows) = await ExportAsync(Criteria("2020-01-01", "2020-01-02"));

        rows.Should().Be(0);
        csv.Should().StartWith("nas,nas_ip,").And.EndWith("terminate_cause,last_accounting_utc\r\n");
        (await new AuditLog(_db.Database, _time).ListAsync(1, null, CancellationToken.None))[0].Details.Should().Contain("\"rows\":\"0\"");
    }

    [Test]
    public async Task WriteCsv_UnboundedPeriod_IsRefused()
    {
        var act = () => ExportAsync(new ConnectionLogCriteria { Ip = "10.1.0.7" });

        await act.Should().ThrowAsync<ArgumentException>();
        (await new AuditLog(_db.Database, _time).ListAsync(1, null, CancellationToken.None)).Should().BeEmpty();
    }

    // Each case: one bad value, and the parameter the error names.
    [TestCase("yesterday", null, null, null, "from:")]
    [TestCase("2026-06-02", "2026-06-01", null, null, "from:")]
    [TestCase(null, null, "10.1.0.999", null, "ip:")]
    [TestCase(null, null, null, "AA-BB-CC", "mac:")]
    public void TryParse_BadValue_NamesTheParameter(string? from, string? to, string? ip, string? mac, string expected)
    {
        ConnectionLogCriteria.TryParse(from, to, ip, mac, null, null, out var criteria, out var error).Should().BeFalse();

        criteria.Should().BeNull();
        error.Should().StartWith(expected);
    }

    [Test]
    public void TryParse_DateWithoutOffsetAndMacAndIpv6_AreCanonicalised()
    {
        ConnectionLogCriteria.TryParse("2026-06-01", "2026-06-01T12:00:00+02:00", "2001:DB8::7", "aabb.ccdd.ee01", " bob ", null, out var criteria, out _).Should().BeTrue();

        criteria!.From.Should().Be(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        criteria.To.Should().Be(new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero));
        criteria.Ip.Should().Be("2001:db8::7");
        criteria.Mac.Should().Be("AA-BB-CC-DD-EE-01");
        criteria.Account.Should().Be("bob");
    }
}
