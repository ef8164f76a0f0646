using Alpi.Protocols.Configuration;
using Alpi.Agent.Collectors;
using Alpi.Collector.Alerting;
using Alpi.Collector.Broker;
using Alpi.Collector.Broker.Authentication;
using Alpi.Collector.Ingest;
using Alpi.Collector.Inventory;
using Alpi.Collector.Relational;
using Alpi.Collector.Scheduling;
using Alpi.Collector.SelfMetrics;
using Alpi.Collector.Storage;
using Alpi.Collector.Storage.DuckDb;
using Alpi.Collector.Storage.Influx;
using Alpi.Collector.Storage.Retention;
using Alpi.Collector.Traps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Alpi.Collector;

/// <summary>Registers the collector's services.</summary>
public static class CollectorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the collector: the embedded broker (when configured), the stores (relational state in SQLite or PostgreSQL,
    /// <c>Collector:State</c>; Quartz.NET's job store clustered when <c>Collector:Cluster:Enabled</c>), the MQTT ingest and its writer, the SNMP trap receiver,
    /// the purge of old trap events, the alert engine, and the rollup and purge of time series (<see cref="RetentionServiceCollectionExtensions.AddAlpiRetention"/>), configured from the <c>Collector</c> section of <paramref name="configuration"/> and
    /// validated at start. Hosted services start in this order (broker, stores, writer, ingest, trap publisher, trap receiver, trap retention,
    /// alerting) and stop in reverse, so received
    /// data is stored before the stores close.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddAlpiCollector(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        // A value the binder cannot convert is reported by the validation with the other problems, naming its key.
        services.AddOptions<CollectorOptions>().BindReportingUnconvertible(configuration.GetSection(CollectorOptions.SectionName)).ValidateOnStart()
            .PostConfigure<InternalBrokerUsers>(CollectorClientsAuthenticate);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CollectorOptions>, CollectorOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CollectorOptions>, TrapReceiverOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CollectorOptions>, EmbeddedBrokerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SeriesRegistry(sp.GetRequiredService<IOptions<CollectorOptions>>().Value.Ingest.MaxSeriesPerHost));
        services.TryAddSingleton<Api.Limits.HttpLimitStatistics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CollectorOptions>, StorageOptionsValidator>());
        services.TryAddSingleton<ITimeSeriesStore>(sp => sp.GetRequiredService<IOptions<CollectorOptions>>().Value.Storage.Kind.ToLowerInvariant() switch
        {
            StorageOptions.KindInfluxDb1 => ActivatorUtilities.CreateInstance<InfluxDb1TimeSeriesStore>(sp),
            StorageOptions.KindInfluxDb2 => ActivatorUtilities.CreateInstance<InfluxDb2TimeSeriesStore>(sp),
            _ => ActivatorUtilities.CreateInstance<DuckDbTimeSeriesStore>(sp),
        });
        services.TryAddSingleton(sp => StoreAvailabilityOf(sp.GetRequiredService<IOptions<CollectorOptions>>().Value));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CollectorOptions>, StateOptionsValidator>());
        services.TryAddSingleton<CollectorDatabases>();
        services.TryAddSingleton<HostInventory>();
        services.TryAddSingleton<Administration.BundledHotspotLink>();
        services.TryAddSingleton<Wifi.WifiSessionSearch>();
        services.TryAddSingleton<IngestChannel>();
        services.TryAddSingleton<IngestStatistics>();
        services.TryAddSingleton<MalformedPayloadLog>();
        services.TryAddSingleton<MetricsPayloadReader>();
        services.TryAddSingleton<Ingest.Journal.IngestJournal>();
        services.TryAddSingleton<EmbeddedBrokerIngest>();
        services.TryAddSingleton<IngestReadiness>();
        services.TryAddSingleton<InternalBrokerUsers>();
        services.TryAddSingleton<BrokerSecurityStatistics>();
        services.TryAddSingleton<BrokerAccessPolicy>();
        services.TryAddSingleton<BrokerAccessControl>();
        services.TryAddSingleton<EmbeddedBroker>();
        services.TryAddSingleton<StoreLifecycle>();
        services.TryAddSingleton<IngestWriter>();
        services.TryAddSingleton<MqttIngestService>();
        services.TryAddSingleton<TrapEventStore>();
        services.TryAddSingleton<TrapStatistics>();
        services.TryAddSingleton<TrapDropLog>();
        services.TryAddSingleton<TrapPublisher>();
        services.TryAddSingleton<TrapReceiver>();
        services.TryAddSingleton<TrapRetentionService>();
        // The collector's own figures, published by the local agent like any other metric.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, CollectorSelfCollector>());
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        services.AddHostedService(sp => sp.GetRequiredService<StoreLifecycle>());
        services.AddHostedService(sp => sp.GetRequiredService<IngestWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<MqttIngestService>());
        services.AddHostedService(sp => sp.GetRequiredService<TrapPublisher>());
        services.AddHostedService(sp => sp.GetRequiredService<TrapReceiver>());
        services.AddHostedService(sp => sp.GetRequiredService<TrapRetentionService>());
        // The scheduler's store first: the components' AddQuartz calls (alerting, storage) compose with it.
        services.AddAlpiScheduling(configuration);
        services.AddAlpiAlerting(configuration);
        services.AddAlpiRetention(configuration);
        return services;
    }

    /// <summary>The time-series store's kind, where it is and the key that says so, for its <see cref="StoreAvailability"/>.</summary>
    private static StoreAvailability StoreAvailabilityOf(CollectorOptions options) => options.Storage.Kind.ToLowerInvariant() switch
    {
        StorageOptions.KindInfluxDb1 => new(StorageOptions.KindInfluxDb1, options.Storage.InfluxDb1.Url, "Collector:Storage:InfluxDb1:Url"),
        StorageOptions.KindInfluxDb2 => new(StorageOptions.KindInfluxDb2, options.Storage.InfluxDb2.Url, "Collector:Storage:InfluxDb2:Url"),
        _ => new(StorageOptions.KindDuckDb, Path.Combine(options.DataDirectoryFullPath, "timeseries.duckdb"), "Collector:DataDirectory"),
    };

    /// <summary>
    /// When the embedded broker requires authentication, the collector's own MQTT clients (ingest, trap publisher, alert
    /// subscriber and notifier) log in as the generated user <see cref="InternalBrokerUsers.Collector"/>, unless
    /// <c>Collector:Broker:Username</c> names a user of the password file.
    /// </summary>
    private static void CollectorClientsAuthenticate(CollectorOptions options, InternalBrokerUsers users)
    {
        var broker = options.Broker;
        if (broker.Embedded && broker.Authentication.Enabled && broker.Username is null)
        {
            broker.Username = InternalBrokerUsers.Collector;
            broker.Password = users.Issue(InternalBrokerUsers.Collector, InternalBrokerUsers.CollectorRules);
        }
    }
}
