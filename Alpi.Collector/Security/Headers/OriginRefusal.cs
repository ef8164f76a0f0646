using System.Net;
using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Alpi.Collector.Security.Headers;

/// <summary>
/// The 403 answer of <see cref="OriginCheck"/>: why the request was refused (its <c>Origin</c> missing or foreign) and
/// what to do, as a short HTML page for a browser (a request whose <c>Accept</c> names <c>text/html</c>, such as a form
/// post) and as an RFC 9457 problem otherwise (<c>application/problem+json</c>, <c>parameter</c> <c>Origin</c>,
/// <c>detail</c> repeated unchanged in <c>error</c> for the collector's <c>{"error","parameter"}</c> shape). For <c>POST /login</c>
/// it says how a script signs in: with the header <c>Origin: &lt;this server's origin&gt;</c> (a curl example), or with a
/// bearer token instead of a session. Every value taken from the request is HTML-encoded in the page.
/// </summary>
internal static class OriginRefusal
{
    /// <summary>The problem's title, the same for every refusal (RFC 9457 §3.1.3).</summary>
    public const string Title = "Cross-site request refused";

    /// <summary>Writes the 403 answer, unless the response has started.</summary>
    /// <param name="http">The refused request.</param>
    /// <param name="reason">Why (<see cref="OriginCheck.Refusal"/>): <c>Origin https://evil.example is not this server's origin …</c>.</param>
    public static Task WriteAsync(HttpContext http, string reason)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(reason);
        if (http.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        var own = $"{http.Request.Scheme}://{http.Request.Host.Value}";
        var login = http.Request.Path.Equals(Login.SessionCookie.LoginPath, StringComparison.OrdinalIgnoreCase);
        var what = login ? "sign-in" : "request";
        var script = login
            ? $"A script signs in by sending the header Origin: {own} (curl -H 'Origin: {own}' --data-urlencode username=NAME --data-urlencode password=PASSWORD {own}/login), or calls the API with a bearer token instead of a session (README, Security)."
            : "A script calls the API with a bearer token instead of a session (README, Security).";
        const string proxy = "Behind a reverse proxy, list the public origin in Collector:Security:AllowedOrigins.";
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        http.Response.Headers.CacheControl = "no-store";
        if (WantsHtml(http.Request))
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            return http.Response.WriteAsync($"""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>{Title}</title></head>
                <body><main>
                <h1>{Title}</h1>
                <p>This {what} was refused because it does not say it comes from this server's own pages: {WebUtility.HtmlEncode(reason)}.</p>
                <p>From a browser, open <a href="/login">{WebUtility.HtmlEncode(own)}/login</a> and sign in there.</p>
                <p>{WebUtility.HtmlEncode(script)}</p>
                <p>{proxy}</p>
                </main></body></html>
                """);
        }

        // One sentence in detail and error, as every other problem of the collector has (ApiProblems).
        var detail = $"{what} refused: {reason}. {script} {proxy}";
        var problem = new ApiProblem(ApiProblem.TypeFor(StatusCodes.Status403Forbidden), Title, StatusCodes.Status403Forbidden, detail)
        {
            Parameter = "Origin",
            Instance = (http.Request.PathBase + http.Request.Path).Value,
            Error = detail,
        };
        return http.Response.WriteAsJsonAsync(problem, ApiProblemContext.Readable.ApiProblem, ApiProblem.ContentType);
    }

    // A browser's navigation or form post names text/html; fetch, curl and scripts do not (curl sends */*).
    private static bool WantsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) && (a.Quality ?? 1) > 0);
}
