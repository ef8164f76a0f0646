using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Security.Headers;

/// <summary>
/// Adds to every response, before anything else runs (so 401, 404 and errors carry them too):
/// <list type="bullet">
/// <item><c>Content-Security-Policy</c>: <see cref="ContentSecurityPolicy"/> — only this server's scripts, styles,
/// images (and the map tile server's, when <c>Collector:Dashboard:MapTilesUrl</c> names one: <see cref="PolicyWithImagesFrom"/>), fonts and fetches; no inline script or style attribute, no plugin, no <c>&lt;base&gt;</c>, forms posted only
/// here, and no framing (<c>frame-ancestors 'none'</c>, CSP Level 3), against cross-site scripting and clickjacking;</item>
/// <item><c>X-Frame-Options: DENY</c>, the same for browsers without CSP Level 2 (RFC 7034);</item>
/// <item><c>X-Content-Type-Options: nosniff</c> (Fetch standard): a file is never run as script unless served as one;</item>
/// <item><c>Referrer-Policy: same-origin</c>: no address of the dashboard leaks to other sites, while same-origin
/// requests keep a meaningful <c>Origin</c> header (with <c>no-referrer</c>, browsers send <c>Origin: null</c> even on
/// same-origin POSTs, which <see cref="OriginCheck"/> would refuse);</item>
/// <item><c>Cross-Origin-Opener-Policy: same-origin</c>, and on HTTPS <c>Strict-Transport-Security: max-age=31536000</c>
/// (RFC 6797);</item>
/// <item><c>Cache-Control: no-store</c> on <c>/api/…</c> and <c>/login</c>: authenticated answers and the login form stay out of caches.</item>
/// </list>
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The Content-Security-Policy sent with every response.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// <see cref="ContentSecurityPolicy"/> with <paramref name="imageSource"/> (a CSP source expression such as
    /// <c>https://tiles.example.org</c>) added to <c>img-src</c>; the policy itself when it is null.
    /// </summary>
    public static string PolicyWithImagesFrom(string? imageSource) =>
        imageSource is null ? ContentSecurityPolicy : ContentSecurityPolicy.Replace("img-src 'self' data:;", $"img-src 'self' data: {imageSource};", StringComparison.Ordinal);

    /// <summary>Adds the middleware.</summary>
    public static IApplicationBuilder UseAlpiSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        string? policy = null;
        return app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            // Read at the first request, not while the pipeline is built: a bad option is the configuration check's to report.
            policy ??= PolicyWithImagesFrom(http.RequestServices.GetService<IOptions<CollectorOptions>>()?.Value.Dashboard.MapTilesOrigin);
            headers.ContentSecurityPolicy = policy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (http.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }

            if (http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || http.Request.Path.StartsWithSegments("/login", StringComparison.OrdinalIgnoreCase))
            {
                headers.CacheControl = "no-store";
            }

            return next(http);
        });
    }
}
