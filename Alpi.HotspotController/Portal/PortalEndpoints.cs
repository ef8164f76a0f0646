using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;

namespace Alpi.HotspotController.Portal;

/// <summary>
/// The captive portal's HTTP endpoints. Pages are server-rendered HTML, French by default, without script.
/// <list type="table">
/// <item><term><c>GET /</c></term><description>CoovaChilli UAM landing (<c>res</c>, <c>uamip</c>, <c>uamport</c>, <c>challenge</c>, <c>mac</c>…, <c>md</c>); without a UAM query, a home page</description></item>
/// <item><term><c>POST /portal/login</c>, <c>POST /portal/register</c></term><description>the forms of the landing page; on success a 303 to the terminal's <c>/logon</c></description></item>
/// <item><term><c>GET /portal/account</c>, <c>POST /portal/account/{login,logout,devices/remove,delete}</c></term><description>the account page</description></item>
/// <item><term><c>GET /portal/verify-email?token=…</c></term><description>the e-mail verification link (when SMTP is configured)</description></item>
/// <item><term><c>GET /portal/terms</c>, <c>GET /portal/privacy</c></term><description>terms of use, RGPD art. 13 notice</description></item>
/// <item><term><c>GET /portal/lang/{fr|en}?return=/local/path</c></term><description>the language switch</description></item>
/// <item><term><c>GET /portal/api/captive</c></term><description>RFC 8908 Captive Portal API (<see cref="CaptivePortalApi"/>)</description></item>
/// <item><term><c>GET /portal/assets/{file}</c></term><description>the style sheet</description></item>
/// </list>
/// </summary>
public static class PortalEndpoints
{
    private static readonly EmbeddedFileProvider Assets = new(typeof(PortalEndpoints).Assembly, "Alpi.HotspotController.Portal.Assets");

    /// <summary>Maps the portal's endpoints; the services come from <see cref="PortalServiceCollectionExtensions.AddAlpiPortal"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    public static IEndpointRouteBuilder MapAlpiPortal(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // Citizens are anonymous here whatever other endpoints of the host require (the account page checks its own cookie).
        var portal = endpoints.MapGroup("").AllowAnonymous();
        portal.MapGet("/", (HttpContext c, PortalHandlers h) => h.LandingAsync(c));
        portal.MapPost("/portal/login", (HttpContext c, PortalHandlers h) => h.LoginAsync(c));
        portal.MapPost("/portal/register", (HttpContext c, PortalHandlers h) => h.RegisterAsync(c));
        portal.MapGet("/portal/account", (HttpContext c, PortalHandlers h) => h.AccountAsync(c));
        portal.MapPost("/portal/account/login", (HttpContext c, PortalHandlers h) => h.AccountLoginAsync(c));
        portal.MapPost("/portal/account/logout", (HttpContext c, PortalHandlers h) => h.AccountLogoutAsync(c));
        portal.MapPost("/portal/account/devices/remove", (HttpContext c, PortalHandlers h) => h.RemoveDeviceAsync(c));
        portal.MapPost("/portal/account/delete", (HttpContext c, PortalHandlers h) => h.DeleteAccountAsync(c));
        portal.MapGet("/portal/verify-email", (HttpContext c, PortalHandlers h) => h.VerifyEmailAsync(c));
        portal.MapGet("/portal/terms", (HttpContext c, PortalHandlers h) => h.TermsAsync(c));
        portal.MapGet("/portal/privacy", (HttpContext c, PortalHandlers h) => h.PrivacyAsync(c));
        portal.MapGet("/portal/lang/{lang}", (HttpContext c, string lang, PortalHandlers h) => h.SwitchLanguage(c, lang));
        portal.MapGet("/portal/api/captive", (HttpContext c, CaptivePortalApi api) => api.HandleAsync(c));
        portal.MapGet("/portal/assets/{file}", (string file) => Asset(file));
        return endpoints;
    }

    private static IResult Asset(string file)
    {
        var info = Assets.GetFileInfo(file);
        if (!info.Exists || file.Contains('/', StringComparison.Ordinal) || !file.EndsWith(".css", StringComparison.Ordinal))
        {
            return Results.NotFound();
        }

        return Results.Stream(info.CreateReadStream(), "text/css; charset=utf-8");
    }
}
