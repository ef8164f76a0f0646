using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.Coa;
using Alpi.HotspotController.Sessions;
using Alpi.HotspotController.Tests.Coa;
using Alpi.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.HotspotController.Tests.Admin;

[Category("Integration")]
public class AdminApiTests
{
    private const string AdminToken = "admin-token-0123456789abcdef0123456789";
    private const string DpoToken = "dpo-token-0123456789abcdef0123456789abc";
    private const string NasSecret = "terminal-secret";
    private HotspotTestDatabase _db = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _db = await HotspotTestDatabase.CreateAsync();
        var url = $"http://127.0.0.1:{FreePort.Tcp()}";
        _app = HotspotApplication.Create([], c => c.AddInMemoryCollection(
        [
            new("Hotspot:DataDirectory", _db.DataDirectory),
            new("Hotspot:Portal:Url", url),
            new("Hotspot:Radius:AuthPort", FreePort.Udp().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Hotspot:Radius:AcctPort", FreePort.Udp().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Hotspot:Coa:Timeout", "00:00:02"),
            new("Hotspot:Admin:Tokens:0:Name", "ops-alice"),
            new("Hotspot:Admin:Tokens:0:Token", AdminToken),
            new("Hotspot:Admin:Tokens:0:Role", "admin"),
            new("Hotspot:Admin:Tokens:1:Name", "dpo-martin"),
            new("Hotspot:Admin:Tokens:1:Token", DpoToken),
            new("Hotspot:Admin:Tokens:1:Role", "dpo"),
        ]));
        HotspotApplication.ValidateConfiguration(_app.Services).Should().BeEmpty();
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(url) };
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var response = await _http.SendAsync(Request(method, path, token, body));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Test]
    public async Task WithoutToken_Answers401ProblemWithBearerChallenge()
    {
        using var response = await _http.GetAsync(new Uri("/api/admin/users", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var text = await response.Content.ReadAsStringAsync();
        JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32().Should().Be(401);
        text.Should().Contain("Authorization: Bearer <token>", "curl shows the answer as it is, without \\u003C escapes");
        JsonDocument.Parse(text).RootElement.GetProperty("type").GetString().Should().Be("https://tools.ietf.org/html/rfc9110#section-15.5.2");
    }

    // Each case: a token that is not one of the configured ones.
    [TestCase("admin-token-0123456789abcdef012345678")] // one character short
    [TestCase("ADMIN-TOKEN-0123456789ABCDEF0123456789")] // tokens are case-sensitive
    public async Task WrongToken_Answers401(string token)
    {
        (await SendAsync(HttpMethod.Get, "/api/admin/users", token)).Status.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Export_AdminRole_Answers403_DpoRole_Answers200WithCsvAndAnAuditEntry()
    {
        await _db.AddSessionAsync(new HotspotSession
        {
            Nas = "mairie", AcctSessionId = "S1", AccountLogin = "bob", Mac = "AA-BB-CC-DD-EE-02", FramedIp = "10.1.0.7",
            StartedUnixMs = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), UpdatedUnixMs = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(),
        });
        const string path = "/api/admin/legal-log/export?from=2026-06-01T00:00:00Z&to=2026-06-02T00:00:00Z&ip=10.1.0.7";

        var forbidden = await SendAsync(HttpMethod.Get, path, AdminToken);
        forbidden.Status.Should().Be(HttpStatusCode.Forbidden);
        forbidden.Json.GetProperty("detail").GetString().Should().Contain("dpo");

        using var response = await _http.SendAsync(Request(HttpMethod.Get, path, DpoToken));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        response.Content.Headers.ContentDisposition!.FileName!.Trim('"').Should().Be("connection-log-20260601T000000Z-20260602T000000Z.csv");
        var csv = await response.Content.ReadAsStringAsync();
        csv.Should().StartWith("nas,nas_ip,acct_session_id,").And.Contain("\r\nmairie,,S1,bob,,AA-BB-CC-DD-EE-02,10.1.0.7,");

        var audit = await SendAsync(HttpMethod.Get, "/api/admin/audit?action=legal_log.export", DpoToken);
        audit.Status.Should().Be(HttpStatusCode.OK);
        var entries = audit.Json.EnumerateArray().ToList();
        entries.Should().HaveCount(2, "the admin's refused attempt is recorded too");
        entries[1].GetProperty("details").GetProperty("outcome").GetString().Should().Be("refused");
        var entry = entries[0]; // newest first
        entry.GetProperty("actor").GetString().Should().Be("dpo-martin");
        entry.GetProperty("details").GetProperty("ip").GetString().Should().Be("10.1.0.7");
        entry.GetProperty("details").GetProperty("rows").GetString().Should().Be("1");
        entry.GetProperty("details").GetProperty("category").GetString().Should().Be("personal-data", "the words of every personal-data read");
        entry.GetProperty("details").GetProperty("outcome").GetString().Should().Be("served");
        (await SendAsync(HttpMethod.Get, "/api/admin/audit", AdminToken)).Status.Should().Be(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Export_WithoutPeriod_Answers400()
    {
        var (status, json) = await SendAsync(HttpMethod.Get, "/api/admin/legal-log/export?ip=10.1.0.7", DpoToken);

        status.Should().Be(HttpStatusCode.BadRequest);
        json.GetProperty("detail").GetString().Should().Contain("from and to are required");
        var details = (await SendAsync(HttpMethod.Get, "/api/admin/audit?action=legal_log.export", DpoToken)).Json.EnumerateArray().Should().ContainSingle().Subject.GetProperty("details");
        details.GetProperty("outcome").GetString().Should().Be("refused", "a refused export is audited as the other refused reads are");
        details.GetProperty("query").GetString().Should().Be("ip=10.1.0.7");
        details.GetProperty("reason").GetString().Should().StartWith("400: from and to are required", "the status, then the sentence: the problem has no code");
    }

    [Test]
    public async Task Export_WithABadCriterion_Answers400_AndIsAuditedAsRefused()
    {
        (await SendAsync(HttpMethod.Get, "/api/admin/legal-log/export?from=2026-06-01T00:00:00Z&to=2026-06-02T00:00:00Z&mac=nope", DpoToken)).Status.Should().Be(HttpStatusCode.BadRequest);

        var entry = (await SendAsync(HttpMethod.Get, "/api/admin/audit?action=legal_log.export", DpoToken)).Json.EnumerateArray().Should().ContainSingle().Subject;
        entry.GetProperty("actor").GetString().Should().Be("dpo-martin");
        entry.GetProperty("details").GetProperty("category").GetString().Should().Be("personal-data");
        entry.GetProperty("details").GetProperty("outcome").GetString().Should().Be("refused");
        entry.GetProperty("details").GetProperty("reason").GetString().Should().StartWith("400 wifi.search.mac: mac: \"nope\" is not a MAC address", "STATUS CODE: SENTENCE, as the collector writes it");
    }

    [Test]
    public async Task DpoRole_CannotManageUsers()
    {
        (await SendAsync(HttpMethod.Get, "/api/admin/users", DpoToken)).Status.Should().Be(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Users_AddingALoginLeftApartInOtherSpellingsBySchema7_Answers409NamingThem()
    {
        // Active now: the purge of inactive accounts the controller runs at start would delete them meanwhile.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await _db.ExecuteAsync("INSERT INTO accounts (login, password_hash, created_unix_ms, last_active_unix_ms) VALUES "
            + $"('Jos\u00E9@example.org', 'h', {now}, {now}), ('jose\u0301@example.org', 'h', {now}, {now})");

        var added = await SendAsync(HttpMethod.Post, "/api/admin/users", AdminToken, new { login = "\uFF4Aos\u00E9@example.org", password = "correct horse" });

        added.Status.Should().Be(HttpStatusCode.Conflict);
        added.Json.GetProperty("detail").GetString().Should().Contain("\"Jos\u00E9@example.org\"").And.Contain("\"jose\u0301@example.org\"");
        (await SendAsync(HttpMethod.Get, "/api/admin/users", AdminToken)).Json.GetArrayLength().Should().Be(2);
    }

    [Test]
    public async Task Users_AddListDuplicateAndBadPassword()
    {
        var created = await SendAsync(HttpMethod.Post, "/api/admin/users", AdminToken, new { login = "alice@example.org", password = "correct horse", email = "alice@example.org" });
        created.Status.Should().Be(HttpStatusCode.Created);
        created.Json.GetProperty("login").GetString().Should().Be("alice@example.org");
        created.Json.TryGetProperty("passwordHash", out _).Should().BeFalse();

        var duplicate = await SendAsync(HttpMethod.Post, "/api/admin/users", AdminToken, new { login = "ALICE@example.org", password = "another one" });
        duplicate.Status.Should().Be(HttpStatusCode.Conflict);
        duplicate.Json.GetProperty("detail").GetString().Should().Be("an account with the login alice@example.org (typed as ALICE@example.org) exists", "the stored login, then what was typed");
        var bad = await SendAsync(HttpMethod.Post, "/api/admin/users", AdminToken, new { login = "bob", password = "short" });
        bad.Status.Should().Be(HttpStatusCode.BadRequest);
        bad.Json.GetProperty("detail").GetString().Should().StartWith("password:");

        var list = await SendAsync(HttpMethod.Get, "/api/admin/users", AdminToken);
        list.Json.EnumerateArray().Select(u => u.GetProperty("login").GetString()).Should().Equal("alice@example.org");
    }

    // Each case: a login no RADIUS User-Name should carry, and the code point (or count) the refusal names.
    [TestCase("x\ny", "U+000A")]
    [TestCase("zo\u200Be@example.org", "U+200B")] // a zero-width space: reads as zoe@example.org
    [TestCase("jean dupont", "U+0020")]
    [TestCase("LONG", "254")] // over the 253 octets of a User-Name (RFC 2865 §5.1)
    public async Task Users_ALoginThatCannotBeAUserName_Answers400NamingWhy_AndNothingIsCreated(string login, string named)
    {
        login = login == "LONG" ? new string('a', 254) : login;

        var refused = await SendAsync(HttpMethod.Post, "/api/admin/users", AdminToken, new { login, password = "correct horse" });

        refused.Status.Should().Be(HttpStatusCode.BadRequest);
        refused.Json.GetProperty("detail").GetString().Should().StartWith("login: ").And.Contain(named);
        (await SendAsync(HttpMethod.Get, "/api/admin/users", AdminToken)).Json.EnumerateArray().Should().BeEmpty();
    }

    [Test]
    public async Task Nas_UpsertListWithoutSecretsAndRemove()
    {
        var put = await SendAsync(HttpMethod.Put, "/api/admin/nas/mediatheque", AdminToken, new { address = "192.0.2.10", secret = "s3cret-value", group = "libraries", coaPort = 3799 });
        put.Status.Should().Be(HttpStatusCode.OK);
        (await SendAsync(HttpMethod.Put, "/api/admin/nas/mediatheque", AdminToken, new { tenant = "ville-exemple" })).Status.Should().Be(HttpStatusCode.OK, "an update keeps the secret");
        (await SendAsync(HttpMethod.Put, "/api/admin/nas/bad", AdminToken, new { address = "not-an-ip", secret = "x" })).Status.Should().Be(HttpStatusCode.BadRequest);

        using var list = await _http.SendAsync(Request(HttpMethod.Get, "/api/admin/nas", AdminToken));
        var text = await list.Content.ReadAsStringAsync();
        text.Should().NotContain("s3cret-value");
        var nas = JsonDocument.Parse(text).RootElement.EnumerateArray().Should().ContainSingle().Subject;
        nas.GetProperty("group").GetString().Should().Be("libraries");
        nas.GetProperty("tenant").GetString().Should().Be("ville-exemple");

        (await SendAsync(HttpMethod.Delete, "/api/admin/nas/mediatheque", AdminToken)).Status.Should().Be(HttpStatusCode.NoContent);
        (await SendAsync(HttpMethod.Delete, "/api/admin/nas/mediatheque", AdminToken)).Status.Should().Be(HttpStatusCode.NotFound);
    }

    // Each case: an address inet_aton reads otherwise than meant (saved as 8.0.0.1, 127.0.0.1, 10.0.0.2 before), and what the refusal says.
    [TestCase("010.0.0.1", "leading zero")] // a new user's check
    [TestCase("0x7f.0.0.1", "hexadecimal")]
    [TestCase("10.2", "has 2 parts")]
    [TestCase("10.0.0.0/024", "prefix length /024")]
    public async Task Nas_AnAddressReadOtherwiseThanMeant_Answers400NamingIt_AndNothingIsSaved(string address, string said)
    {
        var (status, json) = await SendAsync(HttpMethod.Put, "/api/admin/nas/annexe", AdminToken, new { address, secret = "sixteen-octets!!" });

        status.Should().Be(HttpStatusCode.BadRequest);
        json.GetProperty("parameter").GetString().Should().Be("address");
        json.GetProperty("detail").GetString().Should().Contain($"'{address}'").And.Contain(said);
        (await SendAsync(HttpMethod.Get, "/api/admin/nas", AdminToken)).Json.EnumerateArray().Should().BeEmpty();
    }

    [Test]
    public async Task Nas_ANameMixingScriptsBesideItsLookAlike_Answers409NamingTheCodePointAndTheExistingName()
    {
        (await SendAsync(HttpMethod.Put, "/api/admin/nas/borne-1", AdminToken, new { address = "192.0.2.21", secret = "sixteen-octets!!" })).Status.Should().Be(HttpStatusCode.OK);

        // A new user's check: "bornе-1" with a Cyrillic е (U+0435) was saved beside borne-1.
        var (status, json) = await SendAsync(HttpMethod.Put, "/api/admin/nas/born%D0%B5-1", AdminToken, new { address = "192.0.2.22", secret = "sixteen-octets!!" });

        status.Should().Be(HttpStatusCode.Conflict);
        json.GetProperty("parameter").GetString().Should().Be("name");
        json.GetProperty("detail").GetString().Should().Contain("'е' (U+0435) is a Cyrillic letter among Latin letters").And.Contain("the existing terminal borne-1");
        (await SendAsync(HttpMethod.Get, "/api/admin/nas", AdminToken)).Json.EnumerateArray().Should().ContainSingle();
    }

    [Test]
    public async Task Nas_ExplicitNullCoordinates_ClearThem_AbsentOnesKeepThem()
    {
        (await SendAsync(HttpMethod.Put, "/api/admin/nas/borne-carte", AdminToken, new { address = "192.0.2.31", secret = "sixteen-octets!!", latitude = 45.9, longitude = 6.1 }))
            .Status.Should().Be(HttpStatusCode.OK);

        var kept = await SendAsync(HttpMethod.Put, "/api/admin/nas/borne-carte", AdminToken, new { tenant = "ville" });
        // A new user's check: a terminal once placed on the map could not be taken off it.
        var cleared = await SendAsync(HttpMethod.Put, "/api/admin/nas/borne-carte", AdminToken, new { latitude = (double?)null, longitude = (double?)null });

        kept.Json.GetProperty("latitude").GetDouble().Should().Be(45.9, "an absent member keeps its value");
        cleared.Status.Should().Be(HttpStatusCode.OK);
        cleared.Json.GetProperty("latitude").ValueKind.Should().Be(JsonValueKind.Null);
        cleared.Json.GetProperty("longitude").ValueKind.Should().Be(JsonValueKind.Null);
        var listed = (await SendAsync(HttpMethod.Get, "/api/admin/nas", AdminToken)).Json.EnumerateArray().Single();
        listed.GetProperty("latitude").ValueKind.Should().Be(JsonValueKind.Null);
        listed.GetProperty("tenant").GetString().Should().Be("ville");
    }

    [Test]
    public async Task Nas_ShortSecret_IsSavedWithAWarning_ALongOneAndNoneWithout()
    {
        var shortOne = await SendAsync(HttpMethod.Put, "/api/admin/nas/kiosque", AdminToken, new { address = "192.0.2.11", secret = "abc" });

        shortOne.Status.Should().Be(HttpStatusCode.OK, "a terminal's existing secret may be short: saved all the same");
        var warning = shortOne.Json.GetProperty("warning");
        warning.GetProperty("code").GetString().Should().Be("short_secret");
        warning.GetProperty("octets").GetInt32().Should().Be(3);
        warning.GetProperty("recommendedOctets").GetInt32().Should().Be(16);
        warning.GetProperty("message").GetString().Should().Contain("kiosque").And.Contain("RFC 2865 §3").And.NotContain("abc");

        var longOne = await SendAsync(HttpMethod.Put, "/api/admin/nas/kiosque", AdminToken, new { secret = "sixteen-octets!!" });
        longOne.Json.TryGetProperty("warning", out _).Should().BeFalse("16 octets is what RFC 2865 §3 recommends");
        var noSecret = await SendAsync(HttpMethod.Put, "/api/admin/nas/kiosque", AdminToken, new { tenant = "ville-exemple" });
        noSecret.Json.TryGetProperty("warning", out _).Should().BeFalse("no secret was sent");
        var list = await SendAsync(HttpMethod.Get, "/api/admin/nas", AdminToken);
        list.Json.EnumerateArray().Where(n => n.TryGetProperty("warning", out _)).Should().BeEmpty("a list never holds a warning");
        await SendAsync(HttpMethod.Delete, "/api/admin/nas/kiosque", AdminToken);
    }

    // The deletion disconnected first, then deleted: between the two the account still existed, so a terminal could log
    // its device on again (MAC authentication) at once. Now, as the portal's: deleted (and audited) first, then cut,
    // the device's session found through the devices listed before they went; the answer waits for the terminal.
    [Test]
    public async Task DeletingAUser_DeletesFirst_ThenDisconnectsItsOpenSessions_AndAuditsBoth()
    {
        var accountAtRequest = "not asked";
        await using var nas = new TestNas(NasSecret, request =>
        {
            accountAtRequest = _db.PasswordHashAsync("alice").GetAwaiter().GetResult() is null ? "deleted" : "still there";
            return TestNas.Ack(request);
        });
        (await SendAsync(HttpMethod.Put, "/api/admin/nas/mediatheque", AdminToken, new { address = "127.0.0.1", secret = NasSecret, coaPort = nas.Port })).Status.Should().Be(HttpStatusCode.OK);
        (await SendAsync(HttpMethod.Post, "/api/admin/users", AdminToken, new { login = "alice", password = "correct horse" })).Status.Should().Be(HttpStatusCode.Created);
        (await SendAsync(HttpMethod.Post, "/api/admin/devices", AdminToken, new { mac = "aa:bb:cc:dd:ee:01", user = "alice" })).Status.Should().Be(HttpStatusCode.Created);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        await _db.AddSessionsAsync(
        [
            new HotspotSession { Nas = "mediatheque", AcctSessionId = "open-1", UserName = "AA-BB-CC-DD-EE-01", Mac = "AA-BB-CC-DD-EE-01", NasIp = "127.0.0.1", StartedUnixMs = now - 60_000, UpdatedUnixMs = now },
        ]);

        var (status, json) = await SendAsync(HttpMethod.Delete, "/api/admin/users/alice", AdminToken);

        status.Should().Be(HttpStatusCode.OK);
        var disconnection = json.GetProperty("disconnections").EnumerateArray().Should().ContainSingle().Subject;
        disconnection.GetProperty("acctSessionId").GetString().Should().Be("open-1");
        disconnection.GetProperty("outcome").GetString().Should().Be("acked");
        accountAtRequest.Should().Be("deleted", "RADIUS must refuse the account before its session is cut, or the terminal logs it on again");
        var audit = (await SendAsync(HttpMethod.Get, "/api/admin/audit", DpoToken)).Json.EnumerateArray().ToList();
        var deleted = audit.Should().ContainSingle(e => e.GetProperty("action").GetString() == "user.delete").Subject.GetProperty("details");
        deleted.GetProperty("login").GetString().Should().Be("alice");
        deleted.GetProperty("sessions").GetString().Should().Be("1");
        var cut = audit.Should().ContainSingle(e => e.GetProperty("action").GetString() == "session.disconnect").Subject.GetProperty("details");
        cut.GetProperty("login").GetString().Should().Be("alice");
        cut.GetProperty("acct_session_id").GetString().Should().Be("open-1");
        cut.GetProperty("outcome").GetString().Should().Be("Acked");
    }

    [Test]
    public async Task BlockingAUser_DisconnectsItsOpenSessionsAtTheTerminal()
    {
        await using var nas = new TestNas(NasSecret, TestNas.Ack);
        (await SendAsync(HttpMethod.Put, "/api/admin/nas/mediatheque", AdminToken, new { address = "127.0.0.1", secret = NasSecret, coaPort = nas.Port })).Status.Should().Be(HttpStatusCode.OK);
        (await SendAsync(HttpMethod.Post, "/api/admin/users", AdminToken, new { login = "alice", password = "correct horse" })).Status.Should().Be(HttpStatusCode.Created);
        (await SendAsync(HttpMethod.Post, "/api/admin/devices", AdminToken, new { mac = "aa:bb:cc:dd:ee:01", user = "alice" })).Status.Should().Be(HttpStatusCode.Created);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        // The device's MAC-authenticated session (User-Name is the MAC) and an ended one that must not be touched.
        await _db.AddSessionsAsync(
        [
            new HotspotSession { Nas = "mediatheque", AcctSessionId = "open-1", UserName = "AA-BB-CC-DD-EE-01", Mac = "AA-BB-CC-DD-EE-01", NasIp = "127.0.0.1", StartedUnixMs = now - 60_000, UpdatedUnixMs = now },
            new HotspotSession { Nas = "mediatheque", AcctSessionId = "ended-1", UserName = "alice", AccountLogin = "alice", Mac = "AA-BB-CC-DD-EE-01", StartedUnixMs = now - 120_000, UpdatedUnixMs = now - 90_000, StoppedUnixMs = now - 90_000 },
        ]);

        var (status, json) = await SendAsync(HttpMethod.Post, "/api/admin/users/alice/block", AdminToken);

        status.Should().Be(HttpStatusCode.OK);
        json.GetProperty("blocked").GetBoolean().Should().BeTrue();
        var disconnection = json.GetProperty("disconnections").EnumerateArray().Should().ContainSingle().Subject;
        disconnection.GetProperty("acctSessionId").GetString().Should().Be("open-1");
        disconnection.GetProperty("outcome").GetString().Should().Be("acked");
        var request = nas.Requests.Should().ContainSingle().Subject;
        request.RequestAuthenticatorValid.Should().BeTrue();
        request.Text(Alpi.Protocols.Radius.RadiusAttributeType.AcctSessionId).Should().Be("open-1");

        var devices = await SendAsync(HttpMethod.Get, "/api/admin/devices?user=alice", AdminToken);
        devices.Json.EnumerateArray().Single().GetProperty("accountBlocked").GetBoolean().Should().BeTrue();
        (await SendAsync(HttpMethod.Post, "/api/admin/users/nobody/block", AdminToken)).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task UserPasswordAndDeletion_ReplaceTheHash_DeleteTheAccountWithItsDevices_AndAreAudited()
    {
        (await SendAsync(HttpMethod.Post, "/api/admin/users", AdminToken, new { login = "alice", password = "correct horse" })).Status.Should().Be(HttpStatusCode.Created);
        (await SendAsync(HttpMethod.Post, "/api/admin/devices", AdminToken, new { mac = "aa:bb:cc:dd:ee:01", user = "alice" })).Status.Should().Be(HttpStatusCode.Created);

        var put = await SendAsync(HttpMethod.Put, "/api/admin/users/alice/password", AdminToken, new { password = "battery staple" });

        put.Status.Should().Be(HttpStatusCode.NoContent);
        var hash = await _db.PasswordHashAsync("alice");
        HotspotController.Accounts.AccountPasswords.Verify(hash!, "battery staple").Should().BeTrue();
        HotspotController.Accounts.AccountPasswords.Verify(hash!, "correct horse").Should().BeFalse();
        var shortOne = await SendAsync(HttpMethod.Put, "/api/admin/users/alice/password", AdminToken, new { password = "short" });
        shortOne.Status.Should().Be(HttpStatusCode.BadRequest);
        shortOne.Json.GetProperty("detail").GetString().Should().Contain("password: at least 8 characters");
        (await SendAsync(HttpMethod.Put, "/api/admin/users/nobody/password", AdminToken, new { password = "battery staple" })).Status.Should().Be(HttpStatusCode.NotFound);
        (await SendAsync(HttpMethod.Put, "/api/admin/users/alice/password", AdminToken, new { password = "battery staple", login = "bob" })).Status.Should().Be(HttpStatusCode.BadRequest);
        (await SendAsync(HttpMethod.Put, "/api/admin/users/alice/password", DpoToken, new { password = "battery staple" })).Status.Should().Be(HttpStatusCode.Forbidden);
        (await _db.PasswordHashAsync("alice")).Should().Be(hash, "the refused calls changed nothing");

        var (status, json) = await SendAsync(HttpMethod.Delete, "/api/admin/users/alice", AdminToken);

        status.Should().Be(HttpStatusCode.OK);
        json.GetProperty("disconnections").GetArrayLength().Should().Be(0);
        (await SendAsync(HttpMethod.Get, "/api/admin/users", AdminToken)).Json.GetArrayLength().Should().Be(0);
        (await SendAsync(HttpMethod.Get, "/api/admin/devices", AdminToken)).Json.GetArrayLength().Should().Be(0);
        (await SendAsync(HttpMethod.Delete, "/api/admin/users/alice", AdminToken)).Status.Should().Be(HttpStatusCode.NotFound);
        var audit = await SendAsync(HttpMethod.Get, "/api/admin/audit", DpoToken);
        audit.Json.EnumerateArray().Select(e => e.GetProperty("action").GetString()).Should().Contain(["user.password", "user.delete"]);
        audit.Json.GetRawText().Should().NotContain("battery staple");
    }

    [Test]
    public async Task Sessions_ListOpenSearchWithinTheWindowAndDisconnectOne()
    {
        await using var nas = new TestNas(NasSecret, _ => [new TestNas.Reply(Alpi.Protocols.Radius.RadiusCode.DisconnectNak, CoaErrorCause.SessionContextNotFound)]);
        await SendAsync(HttpMethod.Put, "/api/admin/nas/mairie", AdminToken, new { address = "127.0.0.1", secret = NasSecret, coaPort = nas.Port });
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        await _db.AddSessionAsync(new HotspotSession { Nas = "mairie", AcctSessionId = "s/1", UserName = "bob", AccountLogin = "bob", FramedIp = "10.1.0.8", StartedUnixMs = now - 1000, UpdatedUnixMs = now });

        var open = await SendAsync(HttpMethod.Get, "/api/admin/sessions?nas=mairie", AdminToken);
        open.Json.EnumerateArray().Single().GetProperty("ip").GetString().Should().Be("10.1.0.8");
        (await SendAsync(HttpMethod.Get, "/api/admin/sessions/search?user=BOB", AdminToken)).Json.GetArrayLength().Should().Be(1);
        foreach (var typo in new[] { "/api/admin/sessions?usr=alice", "/api/admin/sessions/search?user=bob&nass=mairie" })
        {
            var refused = await SendAsync(HttpMethod.Get, typo, AdminToken);
            refused.Status.Should().Be(HttpStatusCode.BadRequest, "a typo'd filter must not answer the unfiltered connection log ({0})", typo);
            refused.Json.GetProperty("detail").GetString().Should().Contain("unknown query parameter").And.Contain("from, to, ip, mac, user, nas, limit");
        }

        var tooOld = await SendAsync(HttpMethod.Get, "/api/admin/sessions/search?from=2020-01-01T00:00:00Z", AdminToken);
        tooOld.Status.Should().Be(HttpStatusCode.BadRequest);
        tooOld.Json.GetProperty("detail").GetString().Should().Contain("dpo");

        var (status, json) = await SendAsync(HttpMethod.Post, "/api/admin/sessions/mairie/s%2F1/disconnect", AdminToken);

        status.Should().Be(HttpStatusCode.OK);
        json.GetProperty("outcome").GetString().Should().Be("naked");
        json.GetProperty("errorCauseName").GetString().Should().Be("Session Context Not Found");
        (await SendAsync(HttpMethod.Post, "/api/admin/sessions/mairie/unknown/disconnect", AdminToken)).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Sessions_ListAndSearch_AreAudited_WithTheCriteriaAndTheRowCount_NeverTheRowsServed()
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        await _db.AddSessionAsync(new HotspotSession { Nas = "mairie", AcctSessionId = "S1", UserName = "bob", AccountLogin = "bob", Mac = "AA-BB-CC-DD-EE-09", FramedIp = "10.1.0.8", StartedUnixMs = now - 1000, UpdatedUnixMs = now });

        (await SendAsync(HttpMethod.Get, "/api/admin/sessions?nas=mairie", AdminToken)).Json.GetArrayLength().Should().Be(1);
        (await SendAsync(HttpMethod.Get, "/api/admin/sessions/search?user=bob&limit=50", AdminToken)).Json.GetArrayLength().Should().Be(1);

        var list = (await SendAsync(HttpMethod.Get, "/api/admin/audit?action=session.list", DpoToken)).Json.EnumerateArray().Should().ContainSingle().Subject;
        list.GetProperty("actor").GetString().Should().Be("ops-alice");
        list.GetProperty("details").GetRawText().Should().Be("""{"category":"personal-data","outcome":"served","nas":"mairie","limit":"1000","rows":"1","channel":"api","address":"127.0.0.1"}""");
        var search = (await SendAsync(HttpMethod.Get, "/api/admin/audit?action=session.search", DpoToken)).Json.EnumerateArray().Should().ContainSingle().Subject;
        search.GetProperty("actor").GetString().Should().Be("ops-alice");
        var details = search.GetProperty("details");
        details.GetProperty("outcome").GetString().Should().Be("served");
        details.GetProperty("user").GetString().Should().Be("bob");
        details.TryGetProperty("from", out _).Should().BeFalse("what was asked is recorded, not the window's start the search was bounded by");
        details.GetProperty("rows").GetString().Should().Be("1");
        details.GetProperty("limit").GetString().Should().Be("50");
        foreach (var served in new[] { "10.1.0.8", "AA-BB-CC-DD-EE-09", "S1" })
        {
            search.GetRawText().Should().NotContain(served, "the entry records what was asked, not the personal data served");
            list.GetRawText().Should().NotContain(served, "the entry records what was asked, not the personal data served");
        }
    }

    // Each case: a refused read of the sessions, and the start of the reason its audit entry records: STATUS CODE: SENTENCE
    // as the collector writes it, STATUS: SENTENCE when the problem has no code.
    [TestCase("/api/admin/sessions/search?ip=not-an-ip", "session.search", "400 wifi.search.ip: ip: \"not-an-ip\" is not")] // a criterion that does not parse
    [TestCase("/api/admin/sessions/search?ip=010.0.0.1", "session.search", "400 nas.address.octal: ip: ")] // read by inet_aton as another address
    [TestCase("/api/admin/sessions/search?from=2020-01-01T00:00:00Z", "session.search", "400: from: a search covers the last 7 day(s)")] // older than the window: the export's
    [TestCase("/api/admin/sessions?usr=bob", "session.list", "400: unknown query parameter \"usr\"")] // a typo'd filter
    [TestCase("/api/admin/sessions?limit=0", "session.list", "400 wifi.search.limit: limit: \"0\" is not 1 to ")]
    public async Task Sessions_ARefusedRead_IsAuditedAsRefused_WithItsReasonAndTheQueryAsSent(string path, string action, string reason)
    {
        (await SendAsync(HttpMethod.Get, path, AdminToken)).Status.Should().Be(HttpStatusCode.BadRequest);

        var entry = (await SendAsync(HttpMethod.Get, $"/api/admin/audit?action={action}", DpoToken)).Json.EnumerateArray().Should().ContainSingle().Subject;
        entry.GetProperty("actor").GetString().Should().Be("ops-alice");
        var details = entry.GetProperty("details");
        details.GetProperty("category").GetString().Should().Be("personal-data");
        details.GetProperty("outcome").GetString().Should().Be("refused");
        details.GetProperty("reason").GetString().Should().StartWith(reason);
        details.GetProperty("query").GetString().Should().Be(path[(path.IndexOf('?', StringComparison.Ordinal) + 1)..]);
        details.TryGetProperty("rows", out _).Should().BeFalse("nothing was served");
    }

    // Each case: a read of personal data by a token whose role does not allow it (403), and the action its entry records.
    [TestCase("/api/admin/sessions/search?user=bob&limit=50", DpoToken, "dpo", "session.search")] // the brief's case: the connection log without the admin role
    [TestCase("/api/admin/sessions?nas=mairie", DpoToken, "dpo", "session.list")]
    [TestCase("/api/admin/users", DpoToken, "dpo", "user.list")]
    [TestCase("/api/admin/devices?user=bob", DpoToken, "dpo", "device.list")]
    [TestCase("/api/admin/legal-log/export?from=2026-06-01T00:00:00Z&to=2026-06-02T00:00:00Z&ip=10.1.0.7", AdminToken, "admin", "legal_log.export")] // the export is the dpo's
    [TestCase("/api/admin/audit?limit=5", AdminToken, "admin", "audit.list")] // so is the audit log
    public async Task PersonalDataRead_RefusedByTheRole_Answers403_AndIsAuditedAsRefused_BeforeTheAnswer(string path, string token, string role, string action)
    {
        var (status, json) = await SendAsync(HttpMethod.Get, path, token);

        status.Should().Be(HttpStatusCode.Forbidden);
        var entry = (await SendAsync(HttpMethod.Get, $"/api/admin/audit?action={action}", DpoToken)).Json.EnumerateArray()
            .Should().ContainSingle("the refused attempt is recorded, as the DPO asks of every attempt at personal data").Subject;
        entry.GetProperty("actor").GetString().Should().Be(token == DpoToken ? "dpo-martin" : "ops-alice");
        var details = entry.GetProperty("details");
        details.GetProperty("category").GetString().Should().Be("personal-data");
        details.GetProperty("outcome").GetString().Should().Be("refused");
        details.GetProperty("query").GetString().Should().Be(path.Contains('?', StringComparison.Ordinal) ? path[(path.IndexOf('?', StringComparison.Ordinal) + 1)..] : "");
        details.GetProperty("reason").GetString().Should().Be($"403 access.role: {json.GetProperty("detail").GetString()}").And.Contain($"({role})");
        details.GetProperty("channel").GetString().Should().Be("api");
        details.GetProperty("address").GetString().Should().Be("127.0.0.1");
        details.TryGetProperty("rows", out _).Should().BeFalse("nothing was served");
        json.GetProperty("code").GetString().Should().Be("access.role", "the collector's code for a role that does not allow the request");
    }

    [Test]
    public async Task NonPersonalDataEndpoint_RefusedByTheRole_WritesNoReadEntry()
    {
        (await SendAsync(HttpMethod.Get, "/api/admin/nas", DpoToken)).Status.Should().Be(HttpStatusCode.Forbidden);
        (await SendAsync(HttpMethod.Post, "/api/admin/users", DpoToken, new { login = "zoe", password = "correct horse" })).Status.Should().Be(HttpStatusCode.Forbidden);

        (await SendAsync(HttpMethod.Get, "/api/admin/audit", DpoToken)).Json.EnumerateArray()
            .Select(e => e.GetProperty("details").TryGetProperty("category", out var c) ? c.GetString() : null)
            .Should().NotContain("personal-data", "the terminals are not personal data, and a refused change reads nothing");
    }

    [Test]
    public async Task UsersDevicesAndAuditLog_Reads_AreAudited_WithWhatWasAskedAndTheRowCount_OrTheRefusal()
    {
        (await SendAsync(HttpMethod.Post, "/api/admin/users", AdminToken, new { login = "zoe@example.org", password = "correct horse" })).Status.Should().Be(HttpStatusCode.Created);
        (await SendAsync(HttpMethod.Post, "/api/admin/devices", AdminToken, new { mac = "AA-BB-CC-DD-EE-07", user = "zoe@example.org" })).Status.Should().Be(HttpStatusCode.Created);

        (await SendAsync(HttpMethod.Get, "/api/admin/users", AdminToken)).Json.GetArrayLength().Should().Be(1);
        (await SendAsync(HttpMethod.Get, "/api/admin/devices?user=zoe@example.org", AdminToken)).Json.GetArrayLength().Should().Be(1);
        (await SendAsync(HttpMethod.Get, "/api/admin/devices?user=nobody@example.org", AdminToken)).Status.Should().Be(HttpStatusCode.NotFound);
        (await SendAsync(HttpMethod.Get, "/api/admin/devices?usr=zoe", AdminToken)).Status.Should().Be(HttpStatusCode.BadRequest);

        var users = (await SendAsync(HttpMethod.Get, "/api/admin/audit?action=user.list", DpoToken)).Json.EnumerateArray().Should().ContainSingle().Subject;
        users.GetProperty("actor").GetString().Should().Be("ops-alice");
        users.GetProperty("details").GetRawText().Should().Be("""{"category":"personal-data","outcome":"served","rows":"1","channel":"api","address":"127.0.0.1"}""",
            "a listing of every account asks nothing, and the logins served are not repeated");
        var devices = (await SendAsync(HttpMethod.Get, "/api/admin/audit?action=device.list", DpoToken)).Json.EnumerateArray().ToList();
        devices.Select(e => e.GetProperty("details").GetProperty("outcome").GetString()).Should().Equal("refused", "refused", "served"); // newest first
        devices[2].GetProperty("details").GetProperty("user").GetString().Should().Be("zoe@example.org");
        devices[2].GetProperty("details").GetProperty("rows").GetString().Should().Be("1");
        devices[2].GetRawText().Should().NotContain("AA-BB-CC-DD-EE-07", "the MAC served is not repeated");
        devices[1].GetProperty("details").GetProperty("reason").GetString().Should().Be("404: no account has the login nobody@example.org");
        devices[0].GetProperty("details").GetProperty("query").GetString().Should().Be("usr=zoe");
        devices[0].GetProperty("details").GetProperty("reason").GetString().Should().StartWith("400: unknown query parameter \"usr\"");

        (await SendAsync(HttpMethod.Get, "/api/admin/audit?limit=5", DpoToken)).Json.GetArrayLength().Should().Be(5);
        var audit = (await SendAsync(HttpMethod.Get, "/api/admin/audit?action=audit.list", DpoToken)).Json.EnumerateArray().First();
        audit.GetProperty("actor").GetString().Should().Be("dpo-martin");
        audit.GetProperty("details").GetRawText().Should().Be("""{"category":"personal-data","outcome":"served","limit":"5","rows":"5","channel":"api","address":"127.0.0.1"}""",
            "the previous read of the audit log, without an action filter");
    }

    // Each case: a read whose store cannot be read (its table gone), and the table taken away.
    [TestCase("/api/admin/sessions?nas=mairie", "session.list", "sessions")]
    [TestCase("/api/admin/sessions/search?nas=mairie", "session.search", "sessions")]
    [TestCase("/api/admin/users", "user.list", "accounts")]
    public async Task PersonalDataRead_WhoseStoreCannotBeRead_IsAuditedAsFailed(string path, string action, string table)
    {
        await _db.ExecuteAsync($"ALTER TABLE {table} RENAME TO {table}_gone");

        (await SendAsync(HttpMethod.Get, path, AdminToken)).Status.Should().Be(HttpStatusCode.InternalServerError);

        var details = (await SendAsync(HttpMethod.Get, $"/api/admin/audit?action={action}", DpoToken)).Json.EnumerateArray().Should().ContainSingle().Subject.GetProperty("details");
        details.GetProperty("category").GetString().Should().Be("personal-data");
        details.GetProperty("outcome").GetString().Should().Be("failed", "the collector's word for a read whose endpoint threw");
        details.GetProperty("query").GetString().Should().Be(path.Contains('?', StringComparison.Ordinal) ? path[(path.IndexOf('?', StringComparison.Ordinal) + 1)..] : "");
        details.GetProperty("reason").GetString().Should().Contain(table);
    }

    // Each case: a read of personal data, which must not be served when its audit entry cannot be written.
    [TestCase("/api/admin/sessions?nas=mairie", AdminToken)]
    [TestCase("/api/admin/sessions/search?nas=mairie", AdminToken)]
    [TestCase("/api/admin/legal-log/export?from=2026-06-01T00:00:00Z&to=2099-01-01T00:00:00Z&nas=mairie", DpoToken)] // a 500 before: now the same 503
    [TestCase("/api/admin/users", AdminToken)]
    [TestCase("/api/admin/devices", AdminToken)]
    [TestCase("/api/admin/audit", DpoToken)]
    public async Task PersonalDataRead_WhenTheAuditLogCannotBeWritten_Answers503_AndServesNothing(string path, string token)
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        await _db.AddSessionAsync(new HotspotSession { Nas = "mairie", AcctSessionId = "S1", AccountLogin = "bob", FramedIp = "10.1.0.8", StartedUnixMs = now - 1000, UpdatedUnixMs = now });
        (await SendAsync(HttpMethod.Post, "/api/admin/users", AdminToken, new { login = "bob", password = "correct horse" })).Status.Should().Be(HttpStatusCode.Created);
        (await SendAsync(HttpMethod.Post, "/api/admin/devices", AdminToken, new { mac = "AA-BB-CC-DD-EE-07", user = "bob" })).Status.Should().Be(HttpStatusCode.Created);
        await _db.ExecuteAsync("CREATE TRIGGER audit_unwritable BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is full'); END;");
        var failuresBefore = _app.Services.GetRequiredService<AuditStatistics>().WriteFailures;

        using var response = await _http.SendAsync(Request(HttpMethod.Get, path, token));
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        response.Content.Headers.ContentDisposition.Should().BeNull("no CSV attachment is announced");
        JsonDocument.Parse(text).RootElement.GetProperty("code").GetString().Should().Be("access.auditUnavailable", "the collector's code for it");
        _app.Services.GetRequiredService<AuditStatistics>().WriteFailures.Should().Be(failuresBefore + 1, "each entry that cannot be written is counted (audit_failures)");
        JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString().Should().Be("the audit log cannot be written, so personal data is not served; see the controller's log");
        text.Should().NotContain("10.1.0.8").And.NotContain("bob").And.NotContain("AA-BB-CC-DD-EE-07");
    }

    // A value of the wrong JSON type: the member's JSON path and what it should hold, in plain words, never a .NET type name.
    [TestCase("POST", "/api/admin/users", """{"login":5,"password":"correct horse"}""", "login", "a string")]
    [TestCase("PUT", "/api/admin/nas/borne", """{"address":"192.0.2.1","secret":"x","coaPort":"three"}""", "coaPort", "a whole number")]
    [TestCase("PUT", "/api/admin/nas/borne", """{"address":"192.0.2.1","secret":"x","requireMessageAuthenticator":"yes"}""", "requireMessageAuthenticator", "true or false")]
    public async Task Body_WithAWrongType_Answers400Problem_NamingTheMemberAndWhatIsExpected(string method, string path, string body, string member, string expected)
    {
        var (status, mediaType, json) = await SendRawAsync(new HttpMethod(method), path, body);

        status.Should().Be(HttpStatusCode.BadRequest);
        mediaType.Should().Be("application/problem+json");
        json.GetProperty("parameter").GetString().Should().Be(member);
        json.GetProperty("path").GetString().Should().Be("$." + member);
        json.GetProperty("expected").GetString().Should().Be(expected);
        json.GetProperty("detail").GetString().Should().Be($"{member}: expected {expected}");
        json.ToString().Should().NotContain("System.").And.NotContain("Request").And.NotContain("Int32").And.NotContain("Boolean");
    }

    // A member the endpoint does not have (a typo) is refused with its name, never silently ignored.
    [TestCase("POST", "/api/admin/users", """{"login":"zoe@example.org","password":"correct horse","emial":"zoe@example.org"}""", "emial")]
    [TestCase("PUT", "/api/admin/nas/borne", """{"address":"192.0.2.1","secret":"x","coaPrt":3799}""", "coaPrt")]
    public async Task Body_WithAnUnknownMember_Answers400Problem_NamingIt(string method, string path, string body, string member)
    {
        var (status, mediaType, json) = await SendRawAsync(new HttpMethod(method), path, body);

        status.Should().Be(HttpStatusCode.BadRequest);
        mediaType.Should().Be("application/problem+json");
        json.GetProperty("parameter").GetString().Should().Be(member);
        json.GetProperty("detail").GetString().Should().StartWith($"{member}: unknown member; the members here are ");
        (await SendAsync(HttpMethod.Get, "/api/admin/users", AdminToken)).Json.EnumerateArray().Should().BeEmpty("nothing was created");
    }

    // Each: a list endpoint with a typo'd filter or a parameter it does not take, which used to answer the unfiltered list.
    [TestCase("/api/admin/users?login=alice", "login", "none", AdminToken)]
    [TestCase("/api/admin/devices?usr=alice", "usr", "user", AdminToken)]
    [TestCase("/api/admin/nas?tenant=mairie", "tenant", "none", AdminToken)]
    [TestCase("/api/admin/audit?actoin=legal_log.export", "actoin", "limit, action", DpoToken)]
    [TestCase("/api/admin/legal-log/export?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&usr=alice", "usr", "from, to, ip, mac, user, nas, limit", DpoToken)]
    public async Task ListEndpoint_WithAnUnknownQueryParameter_Answers400Problem_NamingItAndTheAcceptedOnes(string path, string parameter, string accepted, string token)
    {
        var (status, mediaType, json) = await SendRawAsync(HttpMethod.Get, path, null, token);

        status.Should().Be(HttpStatusCode.BadRequest);
        mediaType.Should().Be("application/problem+json");
        json.GetProperty("status").GetInt32().Should().Be(400);
        json.GetProperty("parameter").GetString().Should().Be(parameter);
        json.GetProperty("detail").GetString().Should().Be($"unknown query parameter \"{parameter}\"; this endpoint takes {accepted}");
    }

    // Each: a parameter given twice, which used to be read joined ("alice,bob") and to answer an empty list.
    [TestCase("/api/admin/devices?user=alice&user=bob", "user", 2, AdminToken)]
    [TestCase("/api/admin/audit?action=a&action=b", "action", 2, DpoToken)]
    [TestCase("/api/admin/sessions/search?nas=a&nas=b&nas=c", "nas", 3, AdminToken)]
    [TestCase("/api/admin/legal-log/export?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&user=alice&user=bob", "user", 2, DpoToken)]
    public async Task ListEndpoint_WithARepeatedQueryParameter_Answers400Problem_NamingIt(string path, string parameter, int count, string token)
    {
        var (status, mediaType, json) = await SendRawAsync(HttpMethod.Get, path, null, token);

        status.Should().Be(HttpStatusCode.BadRequest, json.ToString());
        mediaType.Should().Be("application/problem+json");
        json.GetProperty("parameter").GetString().Should().Be(parameter);
        json.GetProperty("detail").GetString().Should().Be($"query parameter \"{parameter}\" is given {count} times; it takes one value");
    }

    [Test]
    public async Task ListEndpoint_WithAnUnknownQueryParameter_AndNoToken_StillAnswers401()
    {
        var (status, _, _) = await SendRawAsync(HttpMethod.Get, "/api/admin/users?login=alice", null, token: null);

        status.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task UnknownApiPath_Answers404Problem_NamingIt()
    {
        var (status, mediaType, json) = await SendRawAsync(HttpMethod.Get, "/api/admin/nonexistent", null);

        status.Should().Be(HttpStatusCode.NotFound);
        mediaType.Should().Be("application/problem+json");
        json.GetProperty("instance").GetString().Should().Be("/api/admin/nonexistent");
        json.GetProperty("detail").GetString().Should().StartWith("no API endpoint GET /api/admin/nonexistent");
    }

    // Each case: a refused value, and the member or query parameter "parameter" names (as the collector's problems do).
    [TestCase("PUT", "/api/admin/nas/borne", """{"address":"192.0.2.1","secret":"sixteen-octets!!","coaPort":70000}""", "coaPort")] // "coa port" before
    [TestCase("PUT", "/api/admin/nas/borne", """{"address":"192.0.2.1","secret":"sixteen-octets!!","latitude":45.9}""", "longitude")] // the missing one
    [TestCase("PUT", "/api/admin/nas/borne", """{"address":"not-an-ip","secret":"sixteen-octets!!"}""", "address")]
    [TestCase("PUT", "/api/admin/nas/b%20c", """{"address":"192.0.2.1","secret":"sixteen-octets!!"}""", "name")]
    [TestCase("POST", "/api/admin/users", """{"login":"jean dupont","password":"correct horse"}""", "login")]
    [TestCase("POST", "/api/admin/users", """{"login":"zoe@example.org","password":"short"}""", "password")]
    [TestCase("POST", "/api/admin/devices", """{"mac":"not-a-mac","user":"zoe@example.org"}""", "mac")]
    [TestCase("GET", "/api/admin/sessions/search?ip=not-an-ip", null, "ip")]
    public async Task Refusal_Answers400Problem_WithTheParameterAtFault(string method, string path, string? body, string parameter)
    {
        var (status, mediaType, json) = await SendRawAsync(new HttpMethod(method), path, body);

        status.Should().Be(HttpStatusCode.BadRequest);
        mediaType.Should().Be("application/problem+json");
        json.GetProperty("parameter").GetString().Should().Be(parameter);
        json.GetProperty("detail").GetString().Should().StartWith(parameter + ": ", "the sentence names the member as it is sent");
    }

    [Test]
    public async Task Body_NotJsonMediaType_Answers415Problem_NamingTheBody()
    {
        using var request = Request(HttpMethod.Put, "/api/admin/nas/borne", AdminToken);
        request.Content = new StringContent("""{"address":"192.0.2.1","secret":"sixteen-octets!!"}""", System.Text.Encoding.UTF8, "text/plain");

        using var response = await _http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        json.GetProperty("type").GetString().Should().Be("https://tools.ietf.org/html/rfc9110#section-15.5.16", "the type of a 415, not of a 400");
        json.GetProperty("parameter").GetString().Should().Be("body");
    }

    [Test]
    public async Task Body_NotJson_Answers400Problem_SayingWhere()
    {
        var (status, mediaType, json) = await SendRawAsync(HttpMethod.Post, "/api/admin/users", """{"login": oops}""");

        status.Should().Be(HttpStatusCode.BadRequest);
        mediaType.Should().Be("application/problem+json");
        json.GetProperty("detail").GetString().Should().StartWith("the body is not valid JSON (line 1, octet");
    }

    [Test]
    public async Task QueryValue_OfTheWrongType_Answers400Problem_NamingTheParameter()
    {
        var (status, mediaType, json) = await SendRawAsync(HttpMethod.Get, "/api/admin/audit?limit=lots", null, DpoToken);

        status.Should().Be(HttpStatusCode.BadRequest);
        mediaType.Should().Be("application/problem+json");
        json.GetProperty("parameter").GetString().Should().Be("limit");
        json.GetProperty("detail").GetString().Should().Be("limit: \"lots\" is not a valid value");
    }

    private async Task<(HttpStatusCode Status, string? MediaType, JsonElement Json)> SendRawAsync(HttpMethod method, string path, string? body, string? token = AdminToken)
    {
        using var request = Request(method, path, token);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
