using System.Net;
using System.Text;
using Alpi.Collector.Security.Authorization;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Security;

/// <summary>
/// One logged-in account per role against representative endpoints of each policy: reading, operating (ack, silence,
/// maintenance), personal data (on-call people), the audit log, administration. "Allowed" means the request reached the
/// endpoint (whatever it then answered: 200, 201, 404, 409); "refused" means 403.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class RoleAccessTests
{
    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private CollectorHarness _collector = null!;

    [OneTimeSetUp]
    public async Task StartCollectorAndLogIn()
    {
        _collector = await CollectorHarness.StartAsync();
        foreach (var role in AlpiRoles.All)
        {
            await SecurityClients.CreateAccountAsync(_collector, "user-" + role, role);
            _clients[role] = await SecurityClients.LoginAsync(_collector, "user-" + role);
        }
    }

    [OneTimeTearDown]
    public async Task StopCollector()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        await _collector.DisposeAsync();
    }

    // Reading: every role, the dashboard included.
    [TestCase("viewer", "GET", "/api/hosts", null, true)]
    [TestCase("dpo", "GET", "/api/alerts", null, true)]
    [TestCase("viewer", "GET", "/", null, true)]
    [TestCase("viewer", "GET", "/assets/app.js", null, true)]
    [TestCase("viewer", "GET", "/api/security/me", null, true)]
    // Operating: technicians and administrators.
    [TestCase("viewer", "POST", "/api/alerts/999/ack", """{"by":"v"}""", false)]
    [TestCase("dpo", "POST", "/api/alerts/999/ack", """{"by":"d"}""", false)]
    [TestCase("technician", "POST", "/api/alerts/999/ack", """{"by":"t"}""", true)]
    [TestCase("administrator", "POST", "/api/alerts/999/ack", """{"by":"a"}""", true)]
    [TestCase("viewer", "POST", "/api/silences", """{"matchers":{"host":"x"},"duration":"1h","by":"v"}""", false)]
    [TestCase("technician", "POST", "/api/silences", """{"matchers":{"host":"x"},"duration":"1h","by":"t"}""", true)]
    [TestCase("dpo", "DELETE", "/api/maintenance/file:x", null, false)]
    [TestCase("technician", "DELETE", "/api/maintenance/file:x", null, true)]
    // Personal data (on-call people and their contacts): not viewers.
    [TestCase("viewer", "GET", "/api/oncall", null, false)]
    [TestCase("viewer", "GET", "/api/oncall/next", null, false)]
    [TestCase("technician", "GET", "/api/oncall", null, true)]
    [TestCase("dpo", "GET", "/api/oncall", null, true)]
    // The audit log: administrators and the DPO.
    [TestCase("technician", "GET", "/api/security/audit", null, false)]
    [TestCase("dpo", "GET", "/api/security/audit", null, true)]
    [TestCase("administrator", "GET", "/api/security/audit", null, true)]
    // The Wi-Fi connection log: the DPO only (here no controller is bundled, so the DPO gets 503, not 403).
    [TestCase("dpo", "GET", "/api/wifi/sessions/search?nas=borne", null, true)]
    [TestCase("technician", "GET", "/api/wifi/sessions/search?nas=borne", null, false)]
    [TestCase("viewer", "GET", "/api/wifi/sessions/search?nas=borne", null, false)]
    [TestCase("administrator", "GET", "/api/wifi/sessions/search?nas=borne", null, false)]
    [TestCase("viewer", "GET", "/api/wifi/map", null, true)]
    // Administration: administrators only.
    [TestCase("technician", "GET", "/api/security/users", null, false)]
    [TestCase("dpo", "GET", "/api/security/users", null, false)]
    [TestCase("administrator", "GET", "/api/security/users", null, true)]
    [TestCase("dpo", "DELETE", "/api/security/users/nobody", null, false)]
    [TestCase("administrator", "DELETE", "/api/security/users/nobody", null, true)]
    [TestCase("technician", "PATCH", "/api/security/users/nobody", """{"disabled":true}""", false)]
    [TestCase("administrator", "PATCH", "/api/security/users/nobody", """{"disabled":true}""", true)]
    // The administration view: the loaded rules are readable by all; validating, SNMP settings and NAS clients are administrators'.
    [TestCase("viewer", "GET", "/api/alerts/rules", null, true)]
    [TestCase("dpo", "GET", "/api/alerts/rules", null, true)]
    [TestCase("technician", "POST", "/api/alerts/rules/validate", """{"text":"rules: []"}""", false)]
    [TestCase("viewer", "POST", "/api/alerts/rules/validate", """{"text":"rules: []"}""", false)]
    [TestCase("administrator", "POST", "/api/alerts/rules/validate", """{"text":"rules: []"}""", true)]
    [TestCase("technician", "GET", "/api/admin/snmp", null, false)]
    [TestCase("dpo", "GET", "/api/admin/snmp", null, false)]
    [TestCase("administrator", "GET", "/api/admin/snmp", null, true)]
    [TestCase("technician", "GET", "/api/admin/nas", null, false)]
    [TestCase("dpo", "GET", "/api/admin/nas", null, false)]
    [TestCase("administrator", "GET", "/api/admin/nas", null, true)]
    [TestCase("technician", "POST", "/api/admin/nas", """{"name":"n","address":"192.0.2.1","secret":"s"}""", false)]
    [TestCase("administrator", "POST", "/api/admin/nas", """{"name":"n","address":"192.0.2.1","secret":"s"}""", true)]
    [TestCase("viewer", "PATCH", "/api/admin/nas/n", """{"tenant":"t"}""", false)]
    [TestCase("technician", "DELETE", "/api/admin/nas/n", null, false)]
    [TestCase("administrator", "DELETE", "/api/admin/nas/n", null, true)]
    public async Task Role_Request_IsAllowedOrRefused(string role, string method, string path, string? body, bool allowed)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _clients[role].SendAsync(request);

        if (allowed)
        {
            response.StatusCode.Should().NotBe(HttpStatusCode.Forbidden, "{0} may {1} {2}", role, method, path)
                .And.NotBe(HttpStatusCode.Unauthorized).And.NotBe(HttpStatusCode.Found);
        }
        else
        {
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden, "{0} may not {1} {2}", role, method, path);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            (await response.Content.ReadAsStringAsync()).Should().Contain($"\"detail\":\"your role ({role}) does not allow this\"");
        }
    }

    [TestCase("", "nas", TestName = "WifiSessionSearch_NoCriterion_Answers400")]
    [TestCase("?mac=zz", "mac", TestName = "WifiSessionSearch_BadMac_Answers400NamingIt")]
    [TestCase("?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z", "from", TestName = "WifiSessionSearch_FromAfterTo_Answers400")]
    [TestCase("?nas=borne&limit=0", "limit", TestName = "WifiSessionSearch_LimitOutOfRange_Answers400")]
    public async Task WifiSessionSearch_BadRequest_Answers400NamingTheParameter(string query, string parameter)
    {
        using var response = await _clients["dpo"].GetAsync(new Uri("/api/wifi/sessions/search" + query, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().Contain($"\"parameter\":\"{parameter}\"");
    }

    [Test]
    public async Task WifiSessionSearch_NoBundledController_Answers503_AfterAuditing()
    {
        using var response = await _clients["dpo"].GetAsync(new Uri("/api/wifi/sessions/search?nas=borne-x", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"detail\":\"no hotspot controller runs in the collector process");
        var audit = await _collector.GetJsonAsync("/api/security/audit?category=personal-data&actor=user-dpo");
        audit.EnumerateArray().Select(e => e.GetProperty("target").GetString()).Should().Contain("/api/wifi/sessions/search?nas=borne-x");
    }

    [Test]
    public async Task Me_ListsWhatTheRoleMayDo()
    {
        var me = await _clients["technician"].GetStringAsync(new Uri("/api/security/me", UriKind.Relative));

        me.Should().Be("""{"name":"user-technician","role":"technician","authentication":"cookie","policies":["alpi.read","alpi.operate","alpi.personal-data"]}""");
    }
}
