using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Portal;

/// <summary>Registers the captive portal's services.</summary>
public static class PortalServiceCollectionExtensions
{
    /// <summary>
    /// Adds the portal: its handlers, the UAM form-context protector, the rate limiter, the metrics, the RFC 8908 API,
    /// e-mail verification (sending only when <c>Hotspot:Portal:Smtp:Host</c> is set),
    /// antiforgery, the account-page cookie scheme (<see cref="PortalHandlers.AuthenticationScheme"/>) and Data Protection
    /// with its key ring in <c>&lt;DataDirectory&gt;/portal-keys</c> (shared by every controller on the same data
    /// directory; copy it to the others when several controllers serve the portal).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddAlpiPortal(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HotspotOptions>, PortalOptionsValidator>());
        services.AddDataProtection().SetApplicationName("Alpi.HotspotController");
        // Linux has no DPAPI: the key ring is protected by its directory's mode (0700), as the collector's; the
        // framework's warning that keys are stored unencrypted would only alarm at every first start.
        services.AddLogging(b => b.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error));
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<HotspotOptions>, ILoggerFactory>((keys, hotspot, logging) =>
        {
            // The key ring signs the portal's cookies and anti-forgery tokens: the service user's alone (0700), as the
            // collector's security-keys.
            var directory = Path.Combine(hotspot.Value.DataDirectoryFullPath, "portal-keys");
            Alpi.Protocols.IO.PrivateDirectory.Create(directory);

            keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(directory), logging);
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "alpi_portal_csrf";
            o.FormFieldName = "csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddAuthentication().AddCookie(PortalHandlers.AuthenticationScheme);
        services.AddOptions<CookieAuthenticationOptions>(PortalHandlers.AuthenticationScheme).Configure<IOptions<HotspotOptions>>((cookie, hotspot) =>
        {
            cookie.Cookie.Name = "alpi_portal";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = hotspot.Value.Portal.AccountSessionLifetime;
            cookie.SlidingExpiration = true;
        });
        services.TryAddSingleton<UamFormContextProtector>();
        services.TryAddSingleton<PortalRateLimiter>();
        services.TryAddSingleton<PortalMetrics>();
        services.TryAddSingleton<CaptivePortalApi>();
        services.TryAddSingleton<PortalHandlers>();
        services.TryAddSingleton<EmailVerification>();
        services.AddHostedService(provider => provider.GetRequiredService<EmailVerification>());
        services.AddHostedService<PortalStartupCheck>();
        return services;
    }
}
