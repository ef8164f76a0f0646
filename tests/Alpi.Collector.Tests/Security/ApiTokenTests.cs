using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Alpi.Collector.Security;
using Alpi.Collector.Security.Tokens;
using Alpi.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.Collector.Tests.Security;

/// <summary>Scripts with bearer tokens from the settings: a <c>read</c> token reads and cannot act; an <c>admin</c> token given by its hash acts.</summary>
[TestFixture]
[Category("Integration")]
public sealed class ApiTokenTests
{
    private const string ReadToken = "read-token-0123456789abcdef0123456789abcdef";
    private const string AdminToken = "admin-token-0123456789abcdef0123456789abcdef";
    private CollectorHarness _collector = null!;

    [OneTimeSetUp]
    public async Task StartCollector() => _collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
    {
        ["Collector:Security:Tokens:grafana:Token"] = ReadToken,
        ["Collector:Security:Tokens:grafana:Scope"] = "read",
        ["Collector:Security:Tokens:ops-script:Hash"] = ApiTokenRegistry.Hash(AdminToken),
        ["Collector:Security:Tokens:ops-script:Scope"] = "admin",
    });

    [OneTimeTearDown]
    public async Task StopCollector() => await _collector.DisposeAsync();

    [Test]
    public async Task ReadToken_ReadsTheApi()
    {
        using var client = SecurityClients.WithToken(_collector, ReadToken);

        using var response = await client.GetAsync(new Uri("/api/hosts", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetStringAsync(new Uri("/api/security/me", UriKind.Relative)))
            .Should().Be("""{"name":"token:grafana","role":"viewer","authentication":"token","policies":["alpi.read"]}""");
    }

    [TestCase("POST", "/api/alerts/1/ack", """{"by":"script"}""")]
    [TestCase("POST", "/api/silences", """{"matchers":{"host":"x"},"duration":"1h","by":"script"}""")]
    [TestCase("GET", "/api/oncall", null)]
    [TestCase("GET", "/api/security/audit", null)]
    public async Task ReadToken_CannotActNorReadPersonalData(string method, string path, string? body)
    {
        using var client = SecurityClients.WithToken(_collector, ReadToken);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().Should().Be("the token's scope does not allow this (role viewer)");
        problem.GetProperty("error").GetString().Should().Be("the token's scope does not allow this (role viewer)", "the documented error member is kept");
        // A new user's check (issue 8): this refusal had no code while every other one has.
        problem.GetProperty("code").GetString().Should().Be("access.scope");
        problem.GetProperty("args").ToString().Should().Be("""{"scope":"read","role":"viewer"}""");
    }

    [Test]
    public async Task AdminTokenGivenByItsHash_Acknowledges_WithoutAnOriginHeader()
    {
        using var client = SecurityClients.WithToken(_collector, AdminToken);

        using var response = await client.PostAsync(new Uri("/api/alerts/999/ack", UriKind.Relative), new StringContent("""{"by":"script"}""", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound, "the request reached the endpoint: there is no alert 999");
    }

    [TestCase("Bearer not-a-configured-token-0123456789abcdef", "Bearer realm=\"alpi\", error=\"invalid_token\"")]
    [TestCase("Basic YWRtaW46YWRtaW4=", "Bearer realm=\"alpi\"")]
    public async Task UnknownCredentials_Answer401_WithTheChallenge(string authorization, string challenge)
    {
        var before = _collector.Services.GetRequiredService<SecurityStatistics>().InvalidTokens;
        using var client = new HttpClient { BaseAddress = new Uri(_collector.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/hosts", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be(challenge);
        if (authorization.StartsWith("Bearer", StringComparison.Ordinal))
        {
            _collector.Services.GetRequiredService<SecurityStatistics>().InvalidTokens.Should().Be(before + 1);
        }
    }
}
