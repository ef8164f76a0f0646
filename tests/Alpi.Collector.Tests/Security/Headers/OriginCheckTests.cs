using Alpi.Collector.Security.Headers;
using Microsoft.AspNetCore.Http;

namespace Alpi.Collector.Tests.Security.Headers;

public sealed class OriginCheckTests
{
    private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase) { "https://supervision.example.org" };

    [TestCase("http://127.0.0.1:8080", null, true)]
    [TestCase("HTTP://127.0.0.1:8080", null, true)]                              // origins compare ignoring case
    [TestCase("https://supervision.example.org", null, true)]                   // the public origin behind a proxy
    [TestCase("http://127.0.0.1:8082", null, false)]                            // same site, other port: the captive portal
    [TestCase("http://127.0.0.1", null, false)]                                 // default port is another origin
    [TestCase("https://127.0.0.1:8080", null, false)]                           // other scheme
    [TestCase(null, "http://127.0.0.1:8080/#/alerts", true)]                    // no Origin: the Referer's origin counts
    [TestCase("null", "http://127.0.0.1:8080/", true)]                          // opaque origin with a same-origin Referer
    [TestCase("null", null, false)]                                             // sandboxed frame, privacy mode: unknown
    [TestCase(null, "http://evil.example/http://127.0.0.1:8080", false)]
    [TestCase(null, null, false)]
    public void Refusal_ComparesTheOriginWithThisServers(string? origin, string? referer, bool accepted)
    {
        var request = new DefaultHttpContext().Request;
        request.Scheme = "http";
        request.Host = new HostString("127.0.0.1:8080");
        if (origin is not null)
        {
            request.Headers.Origin = origin;
        }

        if (referer is not null)
        {
            request.Headers.Referer = referer;
        }

        (OriginCheck.Refusal(request, Allowed) is null).Should().Be(accepted);
    }

    [TestCase("POST", "/api/alerts/1/ack", "alpi_session=x", null, true)]
    [TestCase("DELETE", "/api/silences/1", "alpi_session=x", null, true)]
    [TestCase("GET", "/api/hosts", "alpi_session=x", null, false)]              // safe methods change nothing
    [TestCase("POST", "/api/alerts/1/ack", null, null, false)]                  // no session: 401 follows anyway
    [TestCase("POST", "/api/alerts/1/ack", "alpi_session=x", "Bearer t", false)] // a token, not the cookie, authenticates
    [TestCase("POST", "/login", null, null, true)]                              // login CSRF
    public void NeedsCheck_StateChangesCarryingTheSessionAndLogin(string method, string path, string? cookie, string? authorization, bool checkedForOrigin)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = method;
        request.Path = path;
        if (cookie is not null)
        {
            request.Headers.Cookie = cookie;
        }

        if (authorization is not null)
        {
            request.Headers.Authorization = authorization;
        }

        OriginCheck.NeedsCheck(request).Should().Be(checkedForOrigin);
    }
}
