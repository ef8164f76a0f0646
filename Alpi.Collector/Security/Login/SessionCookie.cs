using System.Security.Claims;
using Alpi.Collector.Security.Accounts;
using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Security.Login;

/// <summary>
/// The dashboard's session cookie (ASP.NET Core cookie authentication): <c>alpi_session</c>, <c>HttpOnly</c>,
/// <c>SameSite=Strict</c>, <c>Path=/</c>, <c>Secure</c> on HTTPS (or always, <see cref="SecurityOptions.SecureCookieAlways"/>),
/// a browser-session cookie whose ticket expires after <see cref="SecurityOptions.SessionIdleTimeout"/> without use
/// (sliding). The ticket is encrypted and signed with ASP.NET Core Data Protection, keys in
/// <c>&lt;DataDirectory&gt;/security-keys</c>. Without a session, API requests (<c>/api/…</c>) and requests other than
/// GET or HEAD answer 401, pages are redirected (302) to <c>/login?returnUrl=…</c>; a role that does not allow the
/// endpoint answers 403. Each request's ticket is checked against the account (<see cref="AccountSessionValidator"/>).
/// </summary>
public static partial class SessionCookie
{
    /// <summary>The authentication scheme's name.</summary>
    public const string SchemeName = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The cookie's name.</summary>
    public const string CookieName = "alpi_session";

    /// <summary>The login page.</summary>
    public const string LoginPath = "/login";

    /// <summary>Fills the cookie options from the security options.</summary>
    public static void Configure(CookieAuthenticationOptions options, SecurityOptions security)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(security);
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.Path = "/";
        options.Cookie.SecurePolicy = security.SecureCookieAlways ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        options.Cookie.IsEssential = true;
        options.ExpireTimeSpan = security.SessionIdleTimeout;
        options.SlidingExpiration = true;
        options.LoginPath = LoginPath;
        options.LogoutPath = "/logout";
        options.AccessDeniedPath = LoginPath;
        options.ReturnUrlParameter = "returnUrl";
        options.Events = new CookieAuthenticationEvents
        {
            OnRedirectToLogin = RedirectToLoginAsync,
            OnRedirectToAccessDenied = AccessDeniedAsync,
            OnValidatePrincipal = ValidatePrincipalAsync,
        };
    }

    /// <summary>True for requests that get 401 rather than a redirect: the API, and any method other than GET and HEAD.</summary>
    public static bool WantsStatusCode(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method));
    }

    /// <summary>The principal of a signed-in account.</summary>
    public static ClaimsPrincipal PrincipalOf(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, account.Name),
                new Claim(ClaimTypes.Role, account.Role),
                new Claim(SecurityClaims.SecurityStamp, account.SecurityStamp),
                new Claim(SecurityClaims.AuthenticationMethod, SecurityClaims.Cookie),
            ], SchemeName));
    }

    private static async Task RedirectToLoginAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.HttpContext.RequestServices.GetRequiredService<SecurityStatistics>().Challenge();
        if (WantsStatusCode(context.Request))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"alpi\"";
            await SecurityResponses.WriteErrorAsync(context.Response, StatusCodes.Status401Unauthorized,
                "authentication required: log in at /login, or send Authorization: Bearer <token>", "Authorization");
            return;
        }

        // The login page and its return address are on this server: a relative redirect keeps any proxy's host.
        var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        context.Response.Redirect(context.Request.PathBase + LoginPath + QueryString.Create("returnUrl", returnUrl));
    }

    private static async Task AccessDeniedAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.HttpContext.RequestServices.GetRequiredService<SecurityStatistics>().Forbid();
        var role = context.HttpContext.User.FindFirstValue(ClaimTypes.Role);
        var refusal = Refusal.Of(RefusalCodes.AccessRole, $"your role ({role}) does not allow this", ("role", role));
        // A refused attempt at personal data is audited too (RGPD art. 5.2), before the 403 leaves.
        await Audit.AuditMiddleware.RefusedByAccessAsync(context.HttpContext, StatusCodes.Status403Forbidden, refusal.Code, refusal.Sentence);
        await SecurityResponses.WriteErrorAsync(context.Response, StatusCodes.Status403Forbidden, refusal, null);
    }

    private static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var name = principal?.FindFirstValue(ClaimTypes.Name);
        var role = principal?.FindFirstValue(ClaimTypes.Role);
        var stamp = principal?.FindFirstValue(SecurityClaims.SecurityStamp);
        var validator = context.HttpContext.RequestServices.GetRequiredService<AccountSessionValidator>();
        if (name is not null && role is not null && stamp is not null
            && await validator.IsCurrentAsync(name, role, stamp, context.HttpContext.RequestAborted))
        {
            return;
        }

        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SessionCookie));
        Log.SessionEnded(logger, name ?? "?");
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(SchemeName);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information,
            Message = "Session of {Account} ended: the account was removed, or its password or role changed")]
        public static partial void SessionEnded(ILogger logger, string account);
    }
}
