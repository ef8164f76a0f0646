using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Alpi.Collector.Security;
using Alpi.Collector.Security.Headers;
using Alpi.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.Collector.Tests.Security;

/// <summary>The login form, the session cookie, lockout, cross-site refusals, logout and the security headers, over real HTTP.</summary>
[TestFixture]
[Category("Integration")]
public sealed class LoginTests
{
    private CollectorHarness _collector = null!;

    private SecurityStatistics Statistics => _collector.Services.GetRequiredService<SecurityStatistics>();

    [OneTimeSetUp]
    public async Task StartCollector()
    {
        // Many logins from 127.0.0.1 in this fixture: the per-address rate limit is tested apart.
        _collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Collector:Security:LoginAttemptsPerWindow"] = "1000",
            ["Collector:Security:MaxFailedLogins"] = "3",
        });
        foreach (var name in new[] { "alice", "bob", "carol", "dave", "erin", "frank" })
        {
            await SecurityClients.CreateAccountAsync(_collector, name, "technician");
        }
    }

    [OneTimeTearDown]
    public async Task StopCollector() => await _collector.DisposeAsync();

    [Test]
    public async Task Login_RightPassword_SetsAStrictHttpOnlyCookie_AndReturnsToThePageAsked()
    {
        using var client = SecurityClients.Anonymous(_collector, new CookieContainer());
        var before = Statistics.Logins;

        using var response = await SecurityClients.PostLoginAsync(client, "ALICE", SecurityClients.PasswordOf("alice"), "/#/host/test/srv");

        response.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        response.Headers.Location!.OriginalString.Should().Be("/#/host/test/srv");
        var cookie = response.Headers.GetValues("Set-Cookie").Single();
        cookie.Should().StartWith("alpi_session=").And.Contain("samesite=strict").And.Contain("httponly").And.Contain("path=/");
        cookie.Should().NotContain("expires", "a browser-session cookie: closing the browser ends it");
        (await client.GetAsync(new Uri("/api/hosts", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        Statistics.Logins.Should().Be(before + 1);
    }

    [TestCase("//evil.example/phish")]
    [TestCase("/\\evil.example")]
    [TestCase("https://evil.example/")]
    public async Task Login_ReturnUrlElsewhere_GoesHome(string returnUrl)
    {
        using var client = SecurityClients.Anonymous(_collector, new CookieContainer());

        using var response = await SecurityClients.PostLoginAsync(client, "alice", SecurityClients.PasswordOf("alice"), returnUrl);

        response.Headers.Location!.OriginalString.Should().Be("/");
    }

    [TestCase("alice", "wrong password!!")]
    [TestCase("nobody", "whatever password")]
    public async Task Login_Refused_SaysTheSameWhateverTheReason_AndCounts(string name, string password)
    {
        using var client = SecurityClients.Anonymous(_collector, new CookieContainer());
        var before = Statistics.LoginFailures;

        using var response = await SecurityClients.PostLoginAsync(client, name, password, "/#/x");

        response.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        response.Headers.Location!.OriginalString.Should().Be("/login?error=invalid&returnUrl=%2F%23%2Fx");
        response.Headers.Contains("Set-Cookie").Should().BeFalse();
        Statistics.LoginFailures.Should().Be(before + 1);
    }

    [Test]
    public async Task Login_ThirdFailureInARow_LocksTheAccount_UntilAnAdministratorUnlocksIt()
    {
        using var client = SecurityClients.Anonymous(_collector, new CookieContainer());
        var lockouts = Statistics.Lockouts;
        for (var i = 0; i < 3; i++)
        {
            (await SecurityClients.PostLoginAsync(client, "bob", "not bob's password")).Dispose();
        }

        using (var locked = await SecurityClients.PostLoginAsync(client, "bob", SecurityClients.PasswordOf("bob")))
        {
            locked.Headers.Location!.OriginalString.Should().StartWith("/login?error=invalid", "a locked account refuses even its password");
        }

        Statistics.Lockouts.Should().Be(lockouts + 1);
        using (var unlock = await _collector.Http.PatchAsJsonAsync(new Uri("/api/security/users/bob", UriKind.Relative), new { unlock = true }))
        {
            unlock.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var again = await SecurityClients.PostLoginAsync(client, "bob", SecurityClients.PasswordOf("bob"));
        again.Headers.Location!.OriginalString.Should().Be("/");
    }

    [TestCase("http://127.0.0.1:8082", TestName = "Login_FromTheCaptivePortalsOrigin_IsRefused")]
    [TestCase("https://evil.example", TestName = "Login_FromAnotherSite_IsRefused")]
    public async Task Login_FromAnotherOrigin_IsRefused(string origin)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_collector.BaseUrl) };
        client.DefaultRequestHeaders.Add("Origin", origin);
        var before = Statistics.CrossSiteRefused;

        using var response = await SecurityClients.PostLoginAsync(client, "alice", SecurityClients.PasswordOf("alice"));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Contain($"Origin {origin} is not this server's origin");
        Statistics.CrossSiteRefused.Should().Be(before + 1);
    }

    [Test]
    public async Task Login_FromAScriptWithoutOrigin_Answers403Problem_SayingHowAScriptSignsIn()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_collector.BaseUrl) };
        client.DefaultRequestHeaders.Accept.ParseAdd("*/*");

        using var response = await SecurityClients.PostLoginAsync(client, "alice", SecurityClients.PasswordOf("alice"));
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json", "curl sends Accept: */*");
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("status").GetInt32().Should().Be(403);
        problem.GetProperty("parameter").GetString().Should().Be("Origin");
        problem.GetProperty("detail").GetString().Should().StartWith("sign-in refused: neither an Origin nor a Referer header")
            .And.Contain($"curl -H 'Origin: {_collector.BaseUrl}'").And.Contain("bearer token");
        problem.GetProperty("error").GetString().Should().Be(problem.GetProperty("detail").GetString(),
            "error holds detail's sentence unchanged, as in every other problem (a new user's check found them differing)");
    }

    [Test]
    public async Task Login_FromABrowserFormOfAnotherOrigin_Answers403Page_WithTheOriginEncoded()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_collector.BaseUrl) };
        client.DefaultRequestHeaders.Add("Origin", "https://evil.example<b>");
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        using var response = await SecurityClients.PostLoginAsync(client, "alice", SecurityClients.PasswordOf("alice"));
        var page = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        page.Should().Contain("<h1>Cross-site request refused</h1>").And.Contain("This sign-in was refused")
            .And.Contain("https://evil.example&lt;b&gt;").And.NotContain("evil.example<b>")
            .And.Contain("href=\"/login\"").And.Contain($"Origin: {_collector.BaseUrl}");
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
    }

    [TestCase(null, null, HttpStatusCode.Forbidden, TestName = "StateChange_WithSessionAndNoOriginNorReferer_IsRefused")]
    [TestCase("https://evil.example", null, HttpStatusCode.Forbidden, TestName = "StateChange_WithSessionFromAnotherSite_IsRefused")]
    [TestCase("null", "https://evil.example/page", HttpStatusCode.Forbidden, TestName = "StateChange_WithSessionOpaqueOriginForeignReferer_IsRefused")]
    [TestCase("SELF", null, HttpStatusCode.NotFound, TestName = "StateChange_WithSessionFromThisOrigin_Passes")]
    [TestCase(null, "SELF/#/alerts", HttpStatusCode.NotFound, TestName = "StateChange_WithSessionNoOriginButOwnReferer_Passes")]
    public async Task StateChange_WithSession_IsCheckedForItsOrigin(string? origin, string? referer, HttpStatusCode expected)
    {
        using var client = await SecurityClients.LoginAsync(_collector, "carol");
        client.DefaultRequestHeaders.Remove("Origin");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/alerts/999/ack", UriKind.Relative))
        {
            Content = new StringContent("""{"by":"carol"}""", Encoding.UTF8, "application/json"),
        };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin.Replace("SELF", _collector.BaseUrl, StringComparison.Ordinal));
        }

        if (referer is not null)
        {
            request.Headers.Referrer = new Uri(referer.Replace("SELF", _collector.BaseUrl, StringComparison.Ordinal));
        }

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(expected);
    }

    [Test]
    public async Task Logout_EndsTheSession()
    {
        using var client = await SecurityClients.LoginAsync(_collector, "dave");

        using var logout = await client.PostAsync(new Uri("/logout", UriKind.Relative), null);

        logout.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        logout.Headers.Location!.OriginalString.Should().Be("/login?loggedOut=1");
        (await client.GetAsync(new Uri("/api/hosts", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task PasswordChangedByAnAdministrator_EndsTheAccountsSessions()
    {
        using var client = await SecurityClients.LoginAsync(_collector, "erin");
        (await client.GetAsync(new Uri("/api/hosts", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        using (var change = await _collector.Http.PatchAsJsonAsync(new Uri("/api/security/users/erin", UriKind.Relative), new { password = "a new password for erin" }))
        {
            change.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await client.GetAsync(new Uri("/api/hosts", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the cookie carries the old security stamp");
        (await client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Found);
    }

    [Test]
    public async Task AccountDisabledByAnAdministrator_EndsItsSessions_RefusesItsPassword_UntilEnabledAgain()
    {
        using var client = await SecurityClients.LoginAsync(_collector, "frank");

        using (var disable = await _collector.Http.PatchAsJsonAsync(new Uri("/api/security/users/frank", UriKind.Relative), new { disabled = true }))
        {
            disable.StatusCode.Should().Be(HttpStatusCode.OK);
            var account = await disable.Content.ReadFromJsonAsync<JsonElement>();
            account.GetProperty("disabled").GetBoolean().Should().BeTrue();
            account.GetProperty("disabledAt").ValueKind.Should().Be(JsonValueKind.String);
        }

        (await client.GetAsync(new Uri("/api/hosts", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "its session ended");
        using var anonymous = SecurityClients.Anonymous(_collector, new CookieContainer());
        using (var refused = await SecurityClients.PostLoginAsync(anonymous, "frank", SecurityClients.PasswordOf("frank")))
        {
            refused.Headers.Location!.OriginalString.Should().StartWith("/login?error=invalid", "a disabled account refuses even its password, with the same answer");
        }

        using (var enable = await _collector.Http.PatchAsJsonAsync(new Uri("/api/security/users/frank", UriKind.Relative), new { disabled = false }))
        {
            (await enable.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disabled").GetBoolean().Should().BeFalse();
        }

        using var again = await SecurityClients.LoginAsync(_collector, "frank");
        (await again.GetAsync(new Uri("/api/hosts", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [TestCase("/healthz", false, HttpStatusCode.OK)]
    [TestCase("/login", false, HttpStatusCode.OK)]
    [TestCase("/api/hosts", false, HttpStatusCode.Unauthorized)]
    [TestCase("/", false, HttpStatusCode.Found)]
    [TestCase("/", true, HttpStatusCode.OK)]
    [TestCase("/api/no-such-thing", true, HttpStatusCode.NotFound)]
    public async Task EveryAnswer_CarriesTheSecurityHeaders(string path, bool signedIn, HttpStatusCode status)
    {
        using var client = signedIn ? SecurityClients.WithToken(_collector, _collector.AdminToken) : SecurityClients.Anonymous(_collector);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.Should().Be(status);
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Be(SecurityHeaders.ContentSecurityPolicy).And.Contain("frame-ancestors 'none'");
        response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
        response.Headers.GetValues("X-Frame-Options").Single().Should().Be("DENY");
        response.Headers.GetValues("Referrer-Policy").Single().Should().Be("same-origin");
    }

    [Test]
    public async Task LoginPage_AndItsFiles_AreServedWithoutLogin_ButNoOtherDashboardFile()
    {
        using var client = SecurityClients.Anonymous(_collector);

        var page = await client.GetStringAsync(new Uri("/login", UriKind.Relative));
        page.Should().Contain("<label for=\"username\"").And.Contain("<label for=\"password\"").And.Contain("action=\"/login\"");
        (await client.GetAsync(new Uri("/login/assets/login.js", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync(new Uri("/login/assets/login.css", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync(new Uri("/login/assets/app.js", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync(new Uri("/assets/app.js", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Found);
    }
}
