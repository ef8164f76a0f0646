using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Alpi.Collector.Api;

/// <summary>
/// What the HTTP API answers where no endpoint of ours writes the answer, for paths under <c>/api/</c> (and
/// <c>/api</c>), case-insensitively; the dashboard's pages and assets keep the server's own answers.
/// <list type="bullet">
/// <item>An error status answered without a body (routing's 405 for a known path with another method, an endpoint's bare
/// 404, any 4xx or 5xx without content) gets an RFC 9457 problem body (<see cref="ApiProblems"/>: <c>detail</c> naming the
/// method and path, and for a 405 the methods the path takes, from routing's <c>Allow</c> header).</item>
/// <item>A <c>HEAD</c> request on an API path or <c>/healthz</c> is answered as the <c>GET</c> (status and headers, access
/// rules and audit those of the <c>GET</c>) without a body (RFC 9110 §9.3.2): minimal APIs map <c>GET</c> only. Not the
/// live stream (<see cref="LiveStreamPath"/>), which answers 405.</item>
/// </list>
/// Not covered: Kestrel's own refusals of a request it cannot parse (414 URI Too Long, 431 Request Header Fields Too
/// Large, 400 for a malformed request line) are written by the server before any middleware runs, and keep their empty
/// bodies. Source: RFC 9457 §3, RFC 9110 §9.3.2 (HEAD), §15.5.6 (405 and <c>Allow</c>).
/// </summary>
internal static class ApiStatusAnswers
{
    /// <summary>
    /// Answers <c>HEAD</c> on API paths and <c>/healthz</c> as <c>GET</c> without a body; call first, before the other
    /// middleware (compression, security, routing), so that all of them see a <c>GET</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> is null.</exception>
    public static WebApplication UseAlpiApiHead(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (http, next) =>
        {
            if (!HttpMethods.IsHead(http.Request.Method) || !(IsApiPath(http.Request.Path) || http.Request.Path.Equals("/healthz", StringComparison.OrdinalIgnoreCase))
                || http.Request.Path.StartsWithSegments(LiveStreamPath, StringComparison.OrdinalIgnoreCase))
            {
                await next(http);
                return;
            }

            http.Request.Method = HttpMethods.Get;
            var body = http.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
            http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null, body));
            try
            {
                await next(http);
            }
            finally
            {
                http.Features.Set(body);
            }
        });
        return app;
    }

    /// <summary>
    /// Gives an API answer of 400 to 599 that has no body a problem body (<see cref="ApiProblems.WriteAsync(Microsoft.AspNetCore.Http.HttpResponse, int, string, string?)"/>); call
    /// before the middleware and endpoints whose bodiless answers it completes (security, routing).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> is null.</exception>
    public static WebApplication UseAlpiApiStatusProblems(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseStatusCodePages(context =>
        {
            var http = context.HttpContext;
            if (!IsApiPath(http.Request.Path))
            {
                return Task.CompletedTask; // a page or an asset: the server's own empty answer, as before
            }

            var status = http.Response.StatusCode;
            return ApiProblems.WriteAsync(http.Response, status, Detail(http, status), null);
        });
        return app;
    }

    /// <summary>
    /// The live stream (server-sent events): a <c>GET</c> there never ends, and its headers go out only with its first
    /// flush, which a body-less <c>HEAD</c> would never send; <c>HEAD</c> there is answered 405 (<c>Allow: GET</c>) at once.
    /// </summary>
    public const string LiveStreamPath = "/api/live";

    /// <summary>True for <c>/api</c> and every path under <c>/api/</c>, case-insensitively (as routing matches them).</summary>
    public static bool IsApiPath(PathString path) =>
        path.Value is { } value && (value.Equals("/api", StringComparison.OrdinalIgnoreCase) || value.StartsWith("/api/", StringComparison.OrdinalIgnoreCase));

    private static string Detail(HttpContext http, int status)
    {
        var (method, path) = (http.Request.Method, http.Request.PathBase + http.Request.Path);
        return status switch
        {
            StatusCodes.Status405MethodNotAllowed => http.Response.Headers.Allow.ToString() is { Length: > 0 } allow
                ? $"method {method} is not allowed on {path}; it takes {allow}"
                : $"method {method} is not allowed on {path}",
            StatusCodes.Status404NotFound => $"nothing found for {method} {path}",
            _ => $"{method} {path} was answered {status} {ApiProblems.TitleOf(status)}",
        };
    }
}
