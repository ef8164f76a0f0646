using System.Net;
using System.Text;
using System.Text.Json;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Security;

/// <summary>The audit log over real HTTP: who did what, when, from where; every access to personal data; readable by administrators and the DPO.</summary>
[TestFixture]
[Category("Integration")]
public sealed class AuditTests
{
    private CollectorHarness _collector = null!;

    [OneTimeSetUp]
    public async Task StartCollector()
    {
        _collector = await CollectorHarness.StartAsync();
        await SecurityClients.CreateAccountAsync(_collector, "tech", "technician");
        await SecurityClients.CreateAccountAsync(_collector, "dpo", "dpo");
    }

    [OneTimeTearDown]
    public async Task StopCollector() => await _collector.DisposeAsync();

    [Test]
    public async Task Acknowledgement_IsAudited_WithWhoWhatWhereAndOutcome()
    {
        using var tech = await SecurityClients.LoginAsync(_collector, "tech");

        (await tech.PostAsync(new Uri("/api/alerts/4242/ack", UriKind.Relative), new StringContent("""{"by":"tech"}""", Encoding.UTF8, "application/json"))).Dispose();

        var entry = (await AuditAsync("actor=tech&category=administration")).Single();
        entry.GetProperty("action").GetString().Should().Be("POST /api/alerts/{id}/ack");
        entry.GetProperty("target").GetString().Should().Be("/api/alerts/4242/ack");
        entry.GetProperty("address").GetString().Should().Be("127.0.0.1");
        entry.GetProperty("outcome").GetString().Should().Be("404");
    }

    [Test]
    public async Task PersonalDataRead_IsAudited()
    {
        using var dpo = await SecurityClients.LoginAsync(_collector, "dpo");

        (await dpo.GetAsync(new Uri("/api/oncall?at=2026-03-28T12:00:00Z", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        var entries = await AuditAsync("actor=dpo&category=personal-data");
        entries.Should().ContainSingle(e => e.GetProperty("action").GetString() == "GET /api/oncall"
            && e.GetProperty("target").GetString() == "/api/oncall?at=2026-03-28T12:00:00Z" && e.GetProperty("outcome").GetString() == "served");
    }

    [Test]
    public async Task RefusedPersonalDataSearch_IsAuditedAsRefused_WithItsCodeAndSentence_NotAsServed()
    {
        // A new user's check: a Wi-Fi session search the collector refused (a period ending before it starts) was
        // recorded as "served", as if people's sessions had been handed out.
        using var dpo = await SecurityClients.LoginAsync(_collector, "dpo");
        const string query = "/api/wifi/sessions/search?from=2026-12-02T11:05:00Z&to=2026-12-01T09:00:00Z";

        (await dpo.GetAsync(new Uri(query, UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var entry = (await AuditAsync("actor=dpo&category=personal-data&action=" + Uri.EscapeDataString("GET /api/wifi/sessions/search")))
            .Single(e => e.GetProperty("target").GetString() == query);
        entry.GetProperty("outcome").GetString().Should().Be("refused");
        entry.GetProperty("details").GetString().Should().Be(
            "400 wifi.search.range: from: 2026-12-02T11:05:00.0000000+00:00 is after to (2026-12-01T09:00:00.0000000+00:00)");
    }

    [Test]
    public async Task PersonalDataSearch_RefusedByTheRole_IsAuditedAsRefused_BeforeThe403()
    {
        // A new user's check: a technician (any role but the DPO's) searching the Wi-Fi sessions got 403, and the refused
        // attempt at personal data was not written to the audit log (the audit ran after authorization).
        using var tech = await SecurityClients.LoginAsync(_collector, "tech");
        const string query = "/api/wifi/sessions/search?user=bob";

        (await tech.GetAsync(new Uri(query, UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var entry = (await AuditAsync("actor=tech&category=personal-data")).Should().ContainSingle(e => e.GetProperty("target").GetString() == query).Subject;
        entry.GetProperty("action").GetString().Should().Be("GET /api/wifi/sessions/search");
        entry.GetProperty("outcome").GetString().Should().Be("refused");
        entry.GetProperty("details").GetString().Should().Be("403 access.role: your role (technician) does not allow this");
        entry.GetProperty("address").GetString().Should().Be("127.0.0.1");
    }

    [Test]
    public async Task RefusedAuditRead_WithoutARefusalCode_IsAuditedAsRefused_WithItsSentence()
    {
        using var dpo = await SecurityClients.LoginAsync(_collector, "dpo");

        (await dpo.GetAsync(new Uri("/api/security/audit?limit=0&actor=nobody", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var entry = (await AuditAsync("actor=dpo&category=personal-data")).Single(e => e.GetProperty("target").GetString() == "/api/security/audit?limit=0&actor=nobody");
        entry.GetProperty("outcome").GetString().Should().Be("refused");
        entry.GetProperty("details").GetString().Should().Be("400: limit must be an integer from 1 to 10000");
    }

    [Test]
    public async Task AccountCreation_AndLogins_AreAudited_ButNeverAnUnknownNameTyped()
    {
        using var anonymous = SecurityClients.Anonymous(_collector, new CookieContainer());
        (await SecurityClients.PostLoginAsync(anonymous, "my-password-typed-as-name", "x")).Dispose();

        var added = await AuditAsync("action=account.add");
        added.Should().Contain(e => e.GetProperty("target").GetString() == "tech" && e.GetProperty("actor").GetString() == "token:harness"
            && e.GetProperty("outcome").GetString() == "ok" && e.GetProperty("details").GetString() == "role technician");
        var refused = await AuditAsync("action=login.refused");
        refused.Should().Contain(e => e.GetProperty("actor").GetString() == "(unknown account)" && e.GetProperty("outcome").GetString() == "unknown_account");
        (await _collector.Http.GetStringAsync(new Uri("/api/security/audit?limit=10000", UriKind.Relative))).Should().NotContain("my-password-typed-as-name");
    }

    [Test]
    public async Task AuditQuery_BadLimit_NamesTheParameter()
    {
        using var response = await _collector.Http.GetAsync(new Uri("/api/security/audit?limit=0", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("error").GetString().Should().Be("limit must be an integer from 1 to 10000");
        problem.RootElement.GetProperty("detail").GetString().Should().Be("limit must be an integer from 1 to 10000");
        problem.RootElement.GetProperty("parameter").GetString().Should().Be("limit");
        problem.RootElement.GetProperty("status").GetInt32().Should().Be(400);
    }

    private async Task<List<JsonElement>> AuditAsync(string query) =>
        (await _collector.GetJsonAsync("/api/security/audit?" + query)).EnumerateArray().ToList();
}
