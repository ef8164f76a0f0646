using Alpi.Protocols.Configuration;
using Alpi.Agent.Collectors;
using Alpi.Collector.Security.Accounts;
using Alpi.Collector.Security.Audit;
using Alpi.Collector.Security.Authorization;
using Alpi.Collector.Security.Login;
using Alpi.Collector.Security.Storage;
using Alpi.Collector.Security.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Security;

/// <summary>Registers the collector's access control.</summary>
public static class SecurityServiceCollectionExtensions
{
    /// <summary>The authentication scheme that picks the token scheme when an <c>Authorization</c> header is present, else the session cookie.</summary>
    public const string SchemeName = "Alpi";

    /// <summary>
    /// Adds access control, configured from <c>Collector:Security</c> (<see cref="SecurityOptions"/>, validated at start):
    /// the account store and audit log in <c>&lt;DataDirectory&gt;/security.db</c>, ASP.NET Core authentication (session
    /// cookie or bearer token, <see cref="SchemeName"/>), authorization (<see cref="AccessPolicies"/>, with a fallback policy
    /// so that any endpoint requires login unless <see cref="RouteAccessRules"/> says otherwise), the login rate limit,
    /// Data Protection keys in <c>&lt;DataDirectory&gt;/security-keys</c>, the <c>alpi_security</c> self-metrics and the
    /// start-up service (<see cref="SecurityStartup"/>) and what it has to say at the console (<see cref="StartupNotice"/>,
    /// for the host to print once it listens). Needs <see cref="CollectorOptions"/> registered.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddAlpiSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SecurityOptions>().BindReportingUnconvertible(configuration.GetSection(SecurityOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        AddStores(services);
        services.TryAddSingleton<SecurityStatistics>();
        services.TryAddSingleton<ApiTokenRegistry>();
        services.TryAddSingleton<AccountSessionValidator>();
        services.TryAddSingleton<AccountAdministration>();
        services.TryAddSingleton<StartupNotice>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, SecuritySelfCollector>());
        services.AddHostedService<SecurityStartup>();

        services.AddAuthentication(SchemeName)
            .AddPolicyScheme(SchemeName, "Alpi session or token", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.ContainsKey("Authorization") ? ApiTokenAuthenticationHandler.SchemeName : SessionCookie.SchemeName)
            .AddCookie(SessionCookie.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddOptions<CookieAuthenticationOptions>(SessionCookie.SchemeName)
            .Configure<IOptions<SecurityOptions>>((o, s) => SessionCookie.Configure(o, s.Value));
        services.AddAuthorization(AccessPolicies.Configure);
        LoginRateLimit.AddTo(services);

        services.AddDataProtection().SetApplicationName("alpi-collector");
        // Linux has no DPAPI: the key ring is protected by its directory's mode (0700), as documented; the framework's
        // warning that keys are stored unencrypted would only alarm at every first start.
        services.AddLogging(b => b.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error));
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<CollectorOptions>, ILoggerFactory>((o, c, loggers) =>
        {
            var directory = Path.Combine(c.Value.DataDirectoryFullPath, "security-keys");
            Alpi.Protocols.IO.PrivateDirectory.Create(directory);

            o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(directory), loggers);
        });
        return services;
    }

    /// <summary>The database, account store, audit log and initial-password file: what the CLI needs too.</summary>
    internal static void AddStores(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new SecurityDatabase(sp.GetRequiredService<IOptions<CollectorOptions>>().Value.DataDirectoryFullPath));
        services.TryAddSingleton(sp =>
        {
            var security = sp.GetRequiredService<IOptions<SecurityOptions>>().Value;
            return new AccountStore(sp.GetRequiredService<SecurityDatabase>(), sp.GetRequiredService<TimeProvider>(), security.MaxFailedLogins, security.LockoutDuration);
        });
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton(sp => new InitialPassword(sp.GetRequiredService<IOptions<CollectorOptions>>().Value.DataDirectoryFullPath,
            sp.GetRequiredService<IOptions<SecurityOptions>>().Value.BootstrapAdmin));
    }
}
