using Alpi.Collector.Security.Accounts;
using Alpi.Collector.Security.Audit;
using Alpi.Collector.Security.Authorization;
using Alpi.Collector.Security.Headers;
using Alpi.Collector.Security.Login;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Security;

/// <summary>Puts access control into the collector's HTTP pipeline and maps its endpoints.</summary>
public static class SecurityApplicationExtensions
{
    /// <summary>
    /// Adds, in this order: security headers on every response (<see cref="SecurityHeaders"/>), routing, authentication,
    /// the cross-site check (<see cref="OriginCheck"/>), the login rate limit, authorization, and the audit of API
    /// requests (<see cref="AuditMiddleware"/>). Call before mapping endpoints.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> is null.</exception>
    public static WebApplication UseAlpiSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAlpiSecurityHeaders();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAlpiOriginCheck();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAlpiAudit();
        return app;
    }

    /// <summary>
    /// A route group through which every endpoint of the collector is mapped, so that <see cref="RouteAccessRules"/>
    /// applies to all of them; the security endpoints (login, logout, accounts, audit) are already mapped in it.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> is null.</exception>
    public static RouteGroupBuilder MapAlpiProtectedRoutes(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var routes = app.MapGroup("").WithAlpiAccessRules(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RouteAccessRules)));
        routes.MapAlpiLogin();
        routes.MapAlpiAccountApi();
        routes.MapAlpiAuditApi();
        return routes;
    }
}
