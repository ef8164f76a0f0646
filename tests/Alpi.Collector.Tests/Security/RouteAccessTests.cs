using System.Net;
using System.Text.RegularExpressions;
using Alpi.Collector.Security.Authorization;
using Alpi.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.Collector.Tests.Security;

/// <summary>
/// Every route of the running collector, as its <see cref="EndpointDataSource"/> lists them (so a route added later is
/// covered without touching this test), called anonymously: only the health check and the login page answer; the API
/// says 401, pages redirect to the login page.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed partial class RouteAccessTests
{
    private static readonly string[] AnonymousRoutes = ["GET /healthz", "GET /login", "POST /login", "GET /login/assets/{file}"];

    private CollectorHarness _collector = null!;

    [OneTimeSetUp]
    public async Task StartCollector() => _collector = await CollectorHarness.StartAsync();

    [OneTimeTearDown]
    public async Task StopCollector() => await _collector.DisposeAsync();

    [Test]
    public async Task AnonymousCall_EveryRoute_Answers401OrRedirectsToLogin_ButHealthAndLoginPage()
    {
        using var anonymous = SecurityClients.Anonymous(_collector);
        var routes = Routes();
        var problems = new List<string>();

        foreach (var (key, method, url) in routes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));
            if (method is not ("GET" or "HEAD"))
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await anonymous.SendAsync(request);
            var location = response.Headers.Location?.OriginalString ?? "";
            var status = (int)response.StatusCode;
            if (AnonymousRoutes.Contains(key))
            {
                if (status is 401 or 403 || location.StartsWith("/login?returnUrl=", StringComparison.Ordinal))
                {
                    problems.Add($"{key} ({method} {url}) must answer without login, answered {status} {location}");
                }
            }
            else if (url.StartsWith("/api", StringComparison.Ordinal) || method is not ("GET" or "HEAD"))
            {
                if (status != 401 || !response.Headers.WwwAuthenticate.ToString().StartsWith("Bearer", StringComparison.Ordinal))
                {
                    problems.Add($"{key} ({method} {url}) answered {status} instead of 401 with WWW-Authenticate: Bearer");
                }
            }
            else if (status != 302 || !location.StartsWith("/login?returnUrl=", StringComparison.Ordinal))
            {
                problems.Add($"{key} ({method} {url}) answered {status} {location} instead of a redirect to /login");
            }
        }

        problems.Should().BeEmpty();
        routes.Should().HaveCountGreaterThanOrEqualTo(29, "the collector maps at least the API, dashboard, login and security routes");
        routes.Select(r => r.Key).Should().Contain(AnonymousRoutes);
    }

    [Test]
    public void Endpoints_AllowAnonymous_OnlyHealthAndLoginPage()
    {
        var anonymous = Endpoints().Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null).SelectMany(e => e.Keys).ToList();

        anonymous.Should().BeEquivalentTo(AnonymousRoutes);
    }

    [Test]
    public void Endpoints_EveryRoute_HasAnExplicitRuleInTheAccessTable()
    {
        // A new route gets a safe default (read for GET, administrator otherwise), but someone must decide: add it to
        // Alpi.Collector/Security/Authorization/RouteAccessRules.cs.
        Endpoints().SelectMany(e => e.Keys).Where(k => !RouteAccessRules.Rules.ContainsKey(k)).Should().BeEmpty();
    }

    [Test]
    public void Endpoints_EachCarriesTheTablesPolicy()
    {
        foreach (var (endpoint, keys) in Endpoints().Where(e => !e.Keys.Any(AnonymousRoutes.Contains)))
        {
            endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy)
                .Should().BeEquivalentTo(keys.Select(k => RouteAccessRules.Rules[k]).Distinct(), string.Join(", ", keys));
        }
    }

    [TestCase("/no-such-page", HttpStatusCode.Found, TestName = "UnknownPage_Anonymous_RedirectsToLogin")]
    [TestCase("/api/no-such-thing", HttpStatusCode.Unauthorized, TestName = "UnknownApiPath_Anonymous_Answers401")]
    public async Task UnknownPath_Anonymous_IsRefusedLikeAKnownOne(string path, HttpStatusCode expected)
    {
        using var anonymous = SecurityClients.Anonymous(_collector);

        using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.Should().Be(expected, "the fallback policy covers paths that match no route, so they reveal nothing");
    }

    [Test]
    public async Task UnknownPath_SignedIn_Answers404()
    {
        using var response = await _collector.Http.GetAsync(new Uri("/api/no-such-thing", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private List<(RouteEndpoint Endpoint, IReadOnlyList<string> Keys)> Endpoints() =>
        _collector.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (e, RouteAccessRules.KeysOf(new RoutePatternText(e.RoutePattern.RawText), e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods)))
            .ToList();

    /// <summary>Each (table key, method, concrete URL) of the running collector; route parameters get a plausible value.</summary>
    private List<(string Key, string Method, string Url)> Routes() =>
        Endpoints().SelectMany(e => e.Keys.Select(k => (k, k[..k.IndexOf(' ', StringComparison.Ordinal)], Concrete(k[(k.IndexOf(' ', StringComparison.Ordinal) + 1)..]))))
            .ToList();

    private static string Concrete(string template) => Parameter().Replace(template, m => m.Groups["constraint"].Value is "long" or "int" ? "1" : "x");

    [GeneratedRegex(@"\{(?<name>[^}:]+)(:(?<constraint>[^}]+))?\}")]
    private static partial Regex Parameter();
}
