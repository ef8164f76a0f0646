using Alpi.Protocols.Configuration;
using Alpi.HotspotController.Accounting;
using Alpi.HotspotController.Accounts;
using Alpi.HotspotController.Authentication;
using Alpi.HotspotController.Admin;
using Alpi.HotspotController.Audit;
using Alpi.HotspotController.Coa;
using Alpi.HotspotController.Devices;
using Alpi.HotspotController.LegalLog;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Portal;
using Alpi.HotspotController.Radius;
using Alpi.HotspotController.Sessions;
using Alpi.HotspotController.Storage;
using Alpi.HotspotController.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;

namespace Alpi.HotspotController;

/// <summary>Registers the hotspot controller's services.</summary>
public static class HotspotServiceCollectionExtensions
{
    /// <summary>
    /// Adds the controller, configured from the <c>Hotspot</c> section and validated at start: the state (SQLite or
    /// PostgreSQL, <c>Hotspot:Storage</c>) and its migration (first hosted service), the stores, the RADIUS servers, the portal's services and the jobs.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddAlpiHotspot(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        // Every value the binder cannot convert, or a bare number for a duration, reported with the validators' findings.
        services.AddOptions<HotspotOptions>().BindReportingUnconvertible(configuration.GetSection(HotspotOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HotspotOptions>, HotspotOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HotspotOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HotspotDatabase>();
        services.TryAddSingleton<AccountStore>();
        services.TryAddSingleton<DeviceStore>();
        services.TryAddSingleton<NasClientStore>();
        services.TryAddSingleton<LogonTokenStore>();
        services.TryAddSingleton<VerifiedPasswordCache>();
        services.TryAddSingleton<AuthenticationDataVersion>();
        services.TryAddSingleton<AuthenticationView>();
        services.AddHostedService<HotspotDatabaseMigration>();

        // Portal
        services.AddAlpiPortal();

        // RADIUS: authentication (1812) and accounting (1813) servers, NAS client cache, sessions, counters.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HotspotOptions>, RadiusOptionsValidator>());
        services.TryAddSingleton<SessionStore>();
        services.TryAddSingleton<NasClientRegistry>();
        services.TryAddSingleton<RadiusServerStatistics>();
        services.TryAddSingleton<RadiusDropLog>();
        services.TryAddSingleton<AccessRequestAuthenticator>();
        services.TryAddSingleton<AccountingAnomalyLog>();
        services.TryAddSingleton<AccountingRequestHandler>();
        services.TryAddSingleton<QuotaEnforcer>();
        services.TryAddSingleton<RadiusAuthenticationServer>();
        services.TryAddSingleton<RadiusAccountingServer>();
        services.AddHostedService(sp => sp.GetRequiredService<RadiusAuthenticationServer>());
        services.AddHostedService(sp => sp.GetRequiredService<RadiusAccountingServer>());

        // Administration, CoA, legal log
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HotspotOptions>, CoaOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HotspotOptions>, LegalLogOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HotspotOptions>, AdminOptionsValidator>());
        services.TryAddSingleton<CoaStatistics>();
        services.TryAddSingleton<CoaClient>();
        services.TryAddSingleton<SessionDisconnector>();
        services.TryAddSingleton<AuditStatistics>();
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<ConnectionLogQuery>();
        services.TryAddSingleton<ConnectionLogExport>();
        services.TryAddSingleton<ConnectionLogPurge>();
        services.TryAddSingleton<HotspotAdministration>();
        services.TryAddSingleton<PersonalDataAudit>();
        services.AddAlpiHotspotAdminApi();
        services.AddQuartz(quartz =>
        {
            quartz.ScheduleJob<ConnectionLogPurgeJob>(
                (provider, trigger) => trigger.WithIdentity(ConnectionLogPurgeJob.Key.Name, ConnectionLogPurgeJob.Key.Group)
                    .WithCronSchedule(ValidCronOrDefault(provider.GetRequiredService<IOptions<HotspotOptions>>().Value.LegalLog.PurgeSchedule)),
                (_, job) => job.WithIdentity(ConnectionLogPurgeJob.Key));
            quartz.RunAtStartup(ConnectionLogPurgeJob.Key);
        });
        services.AddQuartzHostedService(quartz => quartz.WaitForJobsToComplete = true);

        // Telemetry: per-terminal line protocol and presence, the controller's own figures, over MQTT to the collector.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HotspotOptions>, TelemetryOptionsValidator>());
        services.TryAddSingleton<TerminalTraffic>();
        services.TryAddSingleton<TelemetryPublisher>();
        services.TryAddSingleton<HotspotTelemetryService>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryPublisher>());
        services.AddHostedService(sp => sp.GetRequiredService<HotspotTelemetryService>());
        return services;
    }

    // An invalid expression is reported by LegalLogOptionsValidator before anything starts; the default keeps
    // the registration itself from throwing first.
    private static string ValidCronOrDefault(string? cron) => CronExpression.TryParse(cron ?? "", out _) ? cron! : new LegalLogOptions().PurgeSchedule;
}
