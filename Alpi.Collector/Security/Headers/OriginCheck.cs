using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Security.Headers;

/// <summary>
/// Cross-site request forgery protection for requests a browser could be tricked into sending with the session
/// cookie. Two layers: the cookie is <c>SameSite=Strict</c>, so browsers do not send it on requests started by another
/// site at all; and every state-changing request (any method but GET, HEAD, OPTIONS, TRACE) that carries the session
/// cookie, and every <c>POST /login</c> (login CSRF), must come from this server's own origin: its <c>Origin</c> header
/// (or, when absent or <c>null</c>, the origin of its <c>Referer</c>) must equal the request's scheme://host[:port] or one
/// of <see cref="SecurityOptions.AllowedOrigins"/> — OWASP's "verifying origin with standard headers". The second layer
/// covers what SameSite does not: "same site" ignores the port, so a page of the captive portal on port 8082 of the same
/// host is same-site with the dashboard on 8080, but not same-origin. Requests with an <c>Authorization</c> header are
/// not checked: the cookie is then ignored, and a browser adds no such header across origins without a CORS preflight,
/// which this server never grants. Unlike an antiforgery token, this needs nothing from the dashboard's scripts.
/// A refusal answers 403 (<see cref="OriginRefusal"/>: a short page for a browser, else a problem with
/// <c>error</c> and <c>parameter</c> <c>Origin</c>, saying how a script signs in), is logged and counted.
/// </summary>
public static partial class OriginCheck
{
    /// <summary>Adds the middleware (after authentication, before authorization).</summary>
    public static IApplicationBuilder UseAlpiOriginCheck(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Read at the first request: the options are validated at start, and a bad value must be reported as such, not thrown here.
        var options = app.ApplicationServices.GetRequiredService<IOptions<SecurityOptions>>();
        var allowed = new Lazy<HashSet<string>>(() => options.Value.AllowedOrigins.Select(o => o.TrimEnd('/')).ToHashSet(StringComparer.OrdinalIgnoreCase));
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OriginCheck));
        var statistics = app.ApplicationServices.GetRequiredService<SecurityStatistics>();
        return app.Use(async (http, next) =>
        {
            if (NeedsCheck(http.Request) && Refusal(http.Request, allowed.Value) is { } problem)
            {
                statistics.CrossSite();
                Log.Refused(logger, http.Request.Method, http.Request.Path, problem);
                await OriginRefusal.WriteAsync(http, problem);
                return;
            }

            await next(http);
        });
    }

    /// <summary>True for a state-changing request that carries the session cookie without an Authorization header, and for <c>POST /login</c>.</summary>
    public static bool NeedsCheck(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            return false;
        }

        if (request.Path.Equals(Login.SessionCookie.LoginPath, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return !request.Headers.ContainsKey("Authorization") && request.Cookies.ContainsKey(Login.SessionCookie.CookieName);
    }

    /// <summary>Why the request's origin is refused, or null when it is this server's or an allowed one.</summary>
    public static string? Refusal(HttpRequest request, IReadOnlySet<string> allowedOrigins)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(allowedOrigins);
        var own = $"{request.Scheme}://{request.Host.Value}";
        string? origin = request.Headers.Origin;
        var source = "Origin";
        if (string.IsNullOrEmpty(origin) || origin == "null")
        {
            source = "Referer";
            origin = Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer) ? referer.GetLeftPart(UriPartial.Authority) : null;
        }

        if (origin is null)
        {
            return "neither an Origin nor a Referer header says where it comes from";
        }

        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase) || allowedOrigins.Contains(origin)
            ? null
            : $"{source} {origin} is not this server's origin {own}";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Cross-site request refused: {Method} {Path}: {Problem}")]
        public static partial void Refused(ILogger logger, string method, string path, string problem);
    }
}
