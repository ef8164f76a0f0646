using Alpi.Protocols.Configuration;
using Alpi.Collector.Alerting.Escalation;
using Alpi.Collector.Alerting.Evaluation;
using Alpi.Collector.Alerting.Evaluation.RecentPoints;
using Alpi.Collector.Alerting.Maintenance;
using Alpi.Collector.Alerting.OnCall;
using Alpi.Collector.Alerting.History;
using Alpi.Collector.Alerting.Notifications;
using Alpi.Collector.Alerting.Notifications.Channels.Mqtt;
using Alpi.Collector.Alerting.Notifications.Channels.Sms;
using Alpi.Collector.Alerting.Notifications.Channels.Webhook;
using Alpi.Collector.Alerting.Notifications.Email;
using Alpi.Collector.Alerting.Rules;
using Alpi.Collector.Ingest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;

namespace Alpi.Collector.Alerting;

/// <summary>Registers the alert engine (called by <c>AddAlpiCollector</c>, after the stores and the ingest).</summary>
public static class AlertingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the alert engine: rules (<see cref="RuleSetProvider"/>), state (<see cref="AlertStore"/>), the
    /// <see cref="AlertingService"/>, the evaluation tick as a Quartz.NET job, the ingest hook, the trap-event
    /// subscriber, the <see cref="NotificationDispatcher"/> and the e-mail channel when <c>Collector:Alerting:Email:Host</c>
    /// is set. Extension points: register more <see cref="IAlertNotifier"/>s, <see cref="INotificationFilter"/>s, or
    /// replace the <see cref="IAlertNotificationRouter"/> before this call. The default router is the
    /// <see cref="EscalationRouter"/> (policies and on-call schedules of the on-call file; every channel for alerts
    /// without a policy), and the <see cref="MaintenanceFilter"/> holds back what maintenance windows and silences cover.
    /// With <c>Collector:Cluster:Enabled</c> the rules read the time-series store (<see cref="StoreAlertDataSource"/>)
    /// and nothing is evaluated at ingest: the evaluation tick, a clustered Quartz.NET job, runs on one collector at a
    /// time.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddAlpiAlerting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var alerting = new AlertingOptions();
        ConfigurationConversion.BindConvertible(configuration.GetSection($"{CollectorOptions.SectionName}:Alerting"), alerting);
        var clustered = Scheduling.SchedulingServiceCollectionExtensions.IsClustered(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CollectorOptions>, AlertingOptionsValidator>());
        services.TryAddSingleton<RuleSetProvider>();
        services.TryAddSingleton<AlertStore>();
        services.TryAddSingleton<RecentPointsWindow>();
        if (clustered)
        {
            // The tick may run on any collector: it reads the shared time-series store and the inventory every
            // collector merges from the shared database, not this collector's share of the recent points.
            services.TryAddSingleton<IAlertDataSource>(sp => new StoreAlertDataSource(sp.GetRequiredService<Storage.ITimeSeriesStore>(), sp.GetRequiredService<Inventory.HostInventory>()));
        }
        else
        {
            services.TryAddSingleton<IAlertDataSource>(sp => sp.GetRequiredService<RecentPointsWindow>());
        }

        services.TryAddSingleton<OnCallConfigProvider>();
        services.TryAddSingleton<EscalationPolicies>();
        services.TryAddSingleton<MaintenanceRegistry>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationFilter, MaintenanceFilter>());
        services.TryAddSingleton<IAlertNotificationRouter, EscalationRouter>();
        services.TryAddSingleton(sp => new EscalationScheduler(sp.GetRequiredService<EscalationPolicies>(), sp.GetServices<INotificationFilter>(),
            sp.GetRequiredService<IAlertNotificationRouter>() as EscalationRouter));
        services.TryAddSingleton<NotificationDispatcher>();
        services.TryAddSingleton(sp => new AlertingService(
            sp.GetRequiredService<RuleSetProvider>(), sp.GetRequiredService<AlertStore>(), sp.GetRequiredService<IAlertDataSource>(),
            sp.GetRequiredService<IAlertNotificationRouter>(), sp.GetServices<INotificationFilter>(), sp.GetRequiredService<IOptions<CollectorOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<AlertingService>>(),
            sp.GetRequiredService<NotificationDispatcher>(), sp.GetRequiredService<OnCallConfigProvider>(), sp.GetRequiredService<EscalationScheduler>(),
            sp.GetRequiredService<MaintenanceRegistry>()));
        services.TryAddSingleton<IngestEvaluationTrigger>();
        services.TryAddSingleton<TrapEventSubscriber>();
        AddAlertNotifiers(services, alerting);
        services.AddHostedService(sp => sp.GetRequiredService<AlertingService>());
        if (!alerting.Enabled)
        {
            // The API and /healthz still answer (no alerts, enabled false).
            return services;
        }

        // The window first: the ingest-time evaluation, told next, reads the points it has just added. Clustered,
        // neither: only the collector that runs a tick evaluates (a step of every collector at each ingest would
        // queue them all behind the engine's turn).
        if (!clustered)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IIngestObserver, RecentPointsWindow>(sp => sp.GetRequiredService<RecentPointsWindow>()));
        }

        if (alerting.EvaluateOnIngest && !clustered)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IIngestObserver, IngestEvaluationTrigger>(sp => sp.GetRequiredService<IngestEvaluationTrigger>()));
        }

        services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<IngestEvaluationTrigger>());
        services.AddHostedService(sp => sp.GetRequiredService<TrapEventSubscriber>());
        var interval = alerting.EvaluationInterval >= TimeSpan.FromMilliseconds(100) ? alerting.EvaluationInterval : TimeSpan.FromMilliseconds(100);
        services.AddQuartz(q =>
        {
            q.AddJob<AlertEvaluationJob>(j => j.WithIdentity(AlertEvaluationJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(AlertEvaluationJob.Key).WithIdentity("alert-evaluation-tick", "alerting")
                .StartNow().WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever()));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>
    /// Adds the notification channels that <paramref name="alerting"/> configures, each an <see cref="IAlertNotifier"/>:
    /// e-mail when <c>Email:Host</c> is set, a webhook per <c>Webhooks:NAME</c>, SMS when <c>Sms:Url</c> is set, MQTT when
    /// <c>Mqtt:Enabled</c>; the engine's and <c>notify test</c>'s (<see cref="Notifications.Cli.NotifyCli"/>) alike.
    /// Needs <see cref="IOptions{TOptions}"/> of <see cref="CollectorOptions"/> registered.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void AddAlertNotifiers(IServiceCollection services, AlertingOptions alerting)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(alerting);
        if (!string.IsNullOrWhiteSpace(alerting.Email.Host))
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertNotifier, EmailNotifier>());
        }

        AddHttpChannels(services, alerting);
        if (alerting.Mqtt.Enabled)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertNotifier, MqttNotifier>());
        }
    }

    private static void AddHttpChannels(IServiceCollection services, AlertingOptions alerting)
    {
        if (alerting.Webhooks.Count == 0 && string.IsNullOrWhiteSpace(alerting.Sms.Url))
        {
            return;
        }

        const string client = "alpi-alerting";
        services.AddHttpClient(client, c => c.Timeout = alerting.Delivery.AttemptTimeout + TimeSpan.FromSeconds(1));
        foreach (var (name, webhook) in alerting.Webhooks)
        {
            services.AddSingleton<IAlertNotifier>(sp => new WebhookNotifier(name, webhook, sp.GetRequiredService<IHttpClientFactory>().CreateClient(client)));
        }

        if (!string.IsNullOrWhiteSpace(alerting.Sms.Url))
        {
            services.AddSingleton<IAlertNotifier>(sp => new SmsNotifier(sp.GetRequiredService<IOptions<CollectorOptions>>(), sp.GetRequiredService<IHttpClientFactory>().CreateClient(client)));
        }
    }
}
