using System.Net;
using System.Net.Http.Json;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Security;

/// <summary>HTTP clients of a running collector as a browser or a script would be: anonymous, or logged in with a session cookie.</summary>
internal static class SecurityClients
{
    /// <summary>A client without credentials that does not follow redirects; it sends <c>Origin</c> = the collector's, as a browser on the page would.</summary>
    public static HttpClient Anonymous(CollectorHarness collector, CookieContainer? cookies = null)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer() };
        var client = new HttpClient(handler) { BaseAddress = new Uri(collector.BaseUrl) };
        client.DefaultRequestHeaders.Add("Origin", collector.BaseUrl);
        return client;
    }

    /// <summary>A client with its own bearer token.</summary>
    public static HttpClient WithToken(CollectorHarness collector, string token)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(collector.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The password <see cref="CreateAccountAsync"/> gives an account.</summary>
    public static string PasswordOf(string name) => $"pw-{name}-correct-horse";

    /// <summary>Creates an account through the administration API with the harness's admin token.</summary>
    public static async Task CreateAccountAsync(CollectorHarness collector, string name, string role)
    {
        using var response = await collector.Http.PostAsJsonAsync(new Uri("/api/security/users", UriKind.Relative), new { name, role, password = PasswordOf(name) });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts the login form.</summary>
    public static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string name, string password, string returnUrl = "/") =>
        client.PostAsync(new Uri("/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = name,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        }));

    /// <summary>Logs in through the login form and returns a client carrying the session cookie (and <c>Origin</c>).</summary>
    public static async Task<HttpClient> LoginAsync(CollectorHarness collector, string name, string? password = null)
    {
        var client = Anonymous(collector, new CookieContainer());
        using var response = await PostLoginAsync(client, name, password ?? PasswordOf(name));
        response.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        response.Headers.Location!.OriginalString.Should().Be("/", "{0} logs in", name);
        return client;
    }
}
