using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;

namespace Alpi.Dashboard;

/// <summary>
/// Serves the dashboard: a single page (<c>/</c>) with its scripts (JavaScript modules), styles, the uPlot charting
/// library and the Leaflet map library (npm packages embedded at build time), and the login page (<c>/login</c>, with <c>/login/assets/login.css</c> and <c>login.js</c>), all embedded in
/// this assembly. The page reads and writes the host's JSON API (see the README, "The dashboard"): <c>/api/live</c>,
/// <c>/api/hosts</c>, <c>/api/series</c>, <c>/api/query</c>, <c>/api/latest</c>, <c>/api/alerts…</c> (and <c>…/ack</c>),
/// <c>/api/silences</c>, <c>/api/oncall</c>, <c>/api/maintenance</c>, <c>/api/security/me</c> (who is signed in, read once at
/// start), <c>/api/wifi/map</c>, for the data-protection officer <c>/api/wifi/sessions/search</c>, and for administrators
/// <c>/api/security/users</c>, <c>/api/alerts/rules</c> (and <c>…/validate</c>), <c>/api/admin/snmp</c> and
/// <c>/api/admin/nas</c>; the page's logout button posts a form to <c>POST /logout</c>; the login page posts an HTML form
/// (<c>username</c>, <c>password</c>, <c>returnUrl</c>) to <c>POST /login</c> and shows the error named by <c>?error=invalid|throttled</c>.
/// Whoever maps the dashboard must provide those endpoints, and decides who may reach each route (the login page and its
/// two files must be reachable without login).
/// </summary>
public static class DashboardEndpoints
{
    private static readonly EmbeddedFileProvider Files = new(typeof(DashboardEndpoints).Assembly, "Alpi.Dashboard.wwwroot");

    /// <summary>
    /// The validator of every file: the assembly's module version id, new at each build, so a browser revalidates its
    /// copy with <c>If-None-Match</c> and gets 304 until the dashboard changes (RFC 9110 §8.8.3, §13.1.2).
    /// </summary>
    private static readonly string ETag = $"\"{typeof(DashboardEndpoints).Assembly.ManifestModule.ModuleVersionId:N}\"";

    /// <summary>
    /// The build's version segment of the asset addresses the page uses (<c>/assets/{Version}/{file}</c>): the module
    /// version id in 32 hexadecimal digits. An address holding it never changes content, so the browser keeps the file
    /// for a year without asking again (RFC 8246 <c>immutable</c>); the next build's page uses new addresses.
    /// </summary>
    public static string Version { get; } = typeof(DashboardEndpoints).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    /// <summary>
    /// The page (<c>index.html</c>) with every <c>"/assets/</c> address turned into <c>"/assets/{Version}/</c>, read and
    /// rewritten once. The modules import one another by relative address (<c>./core.js</c>), so the whole module
    /// graph is fetched under the version segment too.
    /// </summary>
    private static readonly Lazy<byte[]> VersionedPage = new(() =>
    {
        using var reader = new StreamReader(Files.GetFileInfo("index.html").CreateReadStream());
        return System.Text.Encoding.UTF8.GetBytes(reader.ReadToEnd().Replace("\"/assets/", $"\"/assets/{Version}/", StringComparison.Ordinal));
    });

    /// <summary>The files of the login page, the only ones served under <c>/login/assets/</c>.</summary>
    private static readonly HashSet<string> LoginFiles = new(StringComparer.Ordinal) { "login.css", "login.js" };

    /// <summary>
    /// Maps <c>/</c>, <c>/assets/{version}/{file}</c> (what the page uses: cached for a year when the version is this
    /// build's), <c>/assets/{file}</c> (revalidated at each use), <c>GET /login</c> and <c>/login/assets/{file}</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    public static IEndpointRouteBuilder MapAlpiDashboard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/", (HttpContext http) => Cached(http, Caching.Revalidated) ?? Results.Bytes(VersionedPage.Value, "text/html; charset=utf-8"));
        endpoints.MapGet("/assets/{version}/{file}", (HttpContext http, string version, string file) =>
            Serve(http, file, version == Version ? Caching.Immutable : Caching.Revalidated));
        endpoints.MapGet("/assets/{file}", (HttpContext http, string file) => Serve(http, file, Caching.Revalidated));
        endpoints.MapGet("/login", (HttpContext http) => Serve(http, "login.html", Caching.Host));
        endpoints.MapGet("/login/assets/{file}", (HttpContext http, string file) => LoginFiles.Contains(file) ? Serve(http, file, Caching.Host) : Results.NotFound());
        return endpoints;
    }

    /// <summary>How a file may be kept by the browser.</summary>
    private enum Caching
    {
        /// <summary>The host's rules (the login page's files).</summary>
        Host,

        /// <summary><c>Cache-Control: no-cache</c> and the build's <see cref="ETag"/>: 304 when the browser's copy is current.</summary>
        Revalidated,

        /// <summary>
        /// <c>Cache-Control: private, max-age=31536000, immutable</c> (RFC 8246; behind the login, so no shared cache
        /// keeps it): a file of this build's page, under <see cref="Version"/>. Another version (a tab opened before an
        /// upgrade loading a file later) gets today's file <see cref="Revalidated"/>.
        /// </summary>
        Immutable,
    }

    /// <summary>Sets the caching headers of <paramref name="caching"/>; the 304 answer when the browser's copy is current, else null.</summary>
    private static IResult? Cached(HttpContext http, Caching caching)
    {
        switch (caching)
        {
            case Caching.Immutable:
                http.Response.Headers.CacheControl = "private, max-age=31536000, immutable";
                return null;
            case Caching.Revalidated:
                http.Response.Headers.CacheControl = "no-cache";
                http.Response.Headers.ETag = ETag;
                return http.Request.Headers.IfNoneMatch.ToString() == ETag ? Results.StatusCode(StatusCodes.Status304NotModified) : null;
            default:
                return null;
        }
    }

    /// <summary>The embedded file with its media type, 404 when there is none; cached as <paramref name="caching"/> says.</summary>
    private static IResult Serve(HttpContext http, string file, Caching caching)
    {
        var info = Files.GetFileInfo(file);
        if (!info.Exists || file.Contains('/', StringComparison.Ordinal))
        {
            return Results.NotFound();
        }

        if (Cached(http, caching) is { } notModified)
        {
            return notModified;
        }

        var contentType = Path.GetExtension(file) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".map" => "application/json",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        return Results.Stream(info.CreateReadStream(), contentType);
    }
}
