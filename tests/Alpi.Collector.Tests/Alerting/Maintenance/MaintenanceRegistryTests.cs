using System.Text.Json.Nodes;
using Alpi.Collector.Alerting.Maintenance;
using Alpi.Protocols.Json;

namespace Alpi.Collector.Tests.Alerting.Maintenance;

/// <summary>
/// The checks of a maintenance window typed at the API that the on-call file's parser does not make, on the registry
/// itself (the API's small body limit would refuse a long comment before the registry sees it): every one reported at
/// once, each with its code; a window that ends as the clock reaches its end is past.
/// </summary>
[TestFixture]
public sealed class MaintenanceRegistryTests
{
    // The harness starts on Sunday 2026-11-29 10:00Z, 11:00 in Paris.
    private const string OnCall = """
        maintenance:
          - name: sauvegardes
            match: { host: srv1 }
            weekly: { days: [sun], from: "01:00", to: "03:00" }
        """;

    private AlertingHarness _h = null!;

    [SetUp]
    public async Task SetUp() => _h = await AlertingHarness.StartAsync(Escalation.EscalationTests.Rule, onCallYaml: OnCall);

    [TearDown]
    public async Task TearDown() => await _h.DisposeAsync();

    [Test]
    public async Task AddWindow_ALongCommentAndATabInTheName_BothReported_EachWithItsCode()
    {
        var body = new JsonObject
        {
            ["name"] = "patch\tmardi",
            ["match"] = new JsonObject { ["host"] = "srv2" },
            ["once"] = new JsonObject { ["from"] = "2026-11-29 20:00", ["to"] = "2026-11-29 22:00" },
            ["comment"] = new string('c', MaintenanceRegistry.MaxWindowCommentLength + 1),
        };

        var (window, errors) = await _h.Maintenance.AddWindowAsync(body, "alice", CancellationToken.None);

        window.Should().BeNull();
        errors.Select(e => (e.Key, e.Refusal?.Code)).Should().Equal((".name", RefusalCodes.MaintenanceNameControl), (".comment", RefusalCodes.MaintenanceCommentLength));
        errors[1].Refusal!.Args.Should().Contain("length", "1001").And.Contain("max", "1000");
    }

    [Test]
    public async Task AddWindow_EndingNow_IsPast_EndingAMinuteLater_IsAccepted()
    {
        // 11:00 in Paris is now.
        JsonObject Body(string to) => new()
        {
            ["name"] = "courte-" + to.Replace(':', '-'),
            ["match"] = new JsonObject { ["host"] = "srv2" },
            ["once"] = new JsonObject { ["from"] = "2026-11-29 09:00", ["to"] = to },
            ["timeZone"] = "Europe/Paris",
        };

        var (past, errors) = await _h.Maintenance.AddWindowAsync(Body("2026-11-29 11:00"), "alice", CancellationToken.None);
        var (open, none) = await _h.Maintenance.AddWindowAsync(Body("2026-11-29 11:01"), "alice", CancellationToken.None);

        past.Should().BeNull();
        errors.Should().ContainSingle().Which.Refusal!.Code.Should().Be(RefusalCodes.MaintenanceOncePast);
        open.Should().NotBeNull();
        none.Should().BeEmpty();
    }

    [Test]
    public async Task AddWindow_TheNameOfAnEndedApiWindow_IsFreeAgain()
    {
        JsonObject Body(string from, string to) => new()
        {
            ["name"] = "reprise",
            ["match"] = new JsonObject { ["host"] = "srv2" },
            ["once"] = new JsonObject { ["from"] = from, ["to"] = to },
            ["timeZone"] = "Europe/Paris",
        };
        (await _h.Maintenance.AddWindowAsync(Body("2026-11-29 10:00", "2026-11-29 12:00"), "alice", CancellationToken.None)).Window.Should().NotBeNull();

        var (taken, errors) = await _h.Maintenance.AddWindowAsync(Body("2026-11-29 20:00", "2026-11-29 22:00"), "bob", CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromHours(1));
        var (again, _) = await _h.Maintenance.AddWindowAsync(Body("2026-11-29 20:00", "2026-11-29 22:00"), "bob", CancellationToken.None);

        taken.Should().BeNull();
        errors.Should().ContainSingle().Which.Refusal!.Code.Should().Be(RefusalCodes.MaintenanceNameExists);
        again.Should().NotBeNull("the first one ended at 12:00 in Paris");
    }

    [Test]
    public async Task AddWindow_WithoutAName_IsRefusedWithItsCode_NamingTheMember()
    {
        // A new user's check: refused with the file parser's "name: is required", without a code nor the member.
        var body = new JsonObject
        {
            ["match"] = new JsonObject { ["host"] = "srv2" },
            ["once"] = new JsonObject { ["from"] = "2026-11-29 20:00", ["to"] = "2026-11-29 22:00" },
        };

        var (window, errors) = await _h.Maintenance.AddWindowAsync(body, "alice", CancellationToken.None);

        window.Should().BeNull();
        errors.Select(e => (e.Key, e.Refusal?.Code)).Should().Equal((".name", RefusalCodes.MaintenanceNameMissing));
    }

    // Each: once times as technicians paste them (ISO 8601 with Z or an offset), and the window's local times in Paris.
    [TestCase("2026-12-03T10:00:00Z", "2026-12-03T12:00:00+01:00", "2026-12-03 11:00", "2026-12-03 12:00")]
    [TestCase("2026-12-03T10:00Z", "2026-12-03T11:30:00.5Z", "2026-12-03 11:00", "2026-12-03 12:30")]
    [TestCase("2026-12-03T10:00:00-05:00", "2026-12-03 18:00", "2026-12-03 16:00", "2026-12-03 18:00")] // an offset beside a local time
    public async Task AddWindow_OnceTimesWithZOrAnOffset_AreTheInstantsTheyName(string from, string to, string localFrom, string localTo)
    {
        var body = new JsonObject
        {
            ["name"] = "iso-" + from,
            ["match"] = new JsonObject { ["host"] = "srv2" },
            ["once"] = new JsonObject { ["from"] = from, ["to"] = to },
            ["timeZone"] = "Europe/Paris",
        };

        var (window, errors) = await _h.Maintenance.AddWindowAsync(body, "alice", CancellationToken.None);

        errors.Should().BeEmpty();
        var once = window!.Times.Should().BeOfType<OnceTimes>().Subject;
        once.From.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture).Should().Be(localFrom);
        once.To.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture).Should().Be(localTo);
    }

    // Each: a once time that is none, refused with its code, the member and the value as sent.
    [TestCase("from", "2026-13-03T10:00:00Z")]   // no 13th month
    [TestCase("to", "demain 10h")]
    [TestCase("to", "2026-12-03T10:00:00+25:00")] // no such offset
    public async Task AddWindow_AMalformedOnceTime_IsRefusedNamingTheMemberAndTheValue(string member, string value)
    {
        var once = new JsonObject { ["from"] = "2026-12-03 10:00", ["to"] = "2026-12-03 12:00" };
        once[member] = value;
        var body = new JsonObject { ["name"] = "mal-ecrite", ["match"] = new JsonObject { ["host"] = "srv2" }, ["once"] = once };

        var (window, errors) = await _h.Maintenance.AddWindowAsync(body, "alice", CancellationToken.None);

        window.Should().BeNull();
        var error = errors.Should().ContainSingle().Subject;
        error.Key.Should().Be(".once." + member);
        error.Refusal!.Code.Should().Be(RefusalCodes.MaintenanceOnceTime);
        error.Refusal.Args.Should().Contain("member", "once." + member).And.Contain("value", value);
    }

    [Test]
    public async Task AddWindow_PastAndABadPatternAndANameTooLong_AllThreeListed()
    {
        // A new user's check: the bad pattern kept the window from parsing, so its past end was not reported.
        var body = new JsonObject
        {
            ["name"] = new string('n', MaintenanceRegistry.MaxWindowNameLength + 1),
            ["match"] = new JsonObject { ["host"] = "~srv-(" },
            ["once"] = new JsonObject { ["from"] = "2020-01-01 01:00", ["to"] = "2020-01-01 02:00" },
            ["timeZone"] = "Europe/Paris",
        };

        var (window, errors) = await _h.Maintenance.AddWindowAsync(body, "alice", CancellationToken.None);

        window.Should().BeNull();
        errors.Select(e => e.Refusal?.Code).Should().BeEquivalentTo(
            [RefusalCodes.MatcherRegex, RefusalCodes.MaintenanceNameLength, RefusalCodes.MaintenanceOncePast]);
    }
}
