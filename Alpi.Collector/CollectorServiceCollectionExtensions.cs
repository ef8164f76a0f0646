using Alpi.Agent.Collectors;
using Alpi.Collector.Alerting;
using Alpi.Collector.Broker;
using Alpi.Collector.Ingest;
using Alpi.Collector.Inventory;
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
    /// Adds the collector: the embedded broker (when configured), the stores, the MQTT ingest and its writer, the SNMP trap receiver,
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
        services.AddOptions<CollectorOptions>().Bind(configuration.GetSection(CollectorOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CollectorOptions>, CollectorOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CollectorOptions>, TrapReceiverOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SeriesRegistry>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CollectorOptions>, StorageOptionsValidator>());
        services.TryAddSingleton<ITimeSeriesStore>(sp => sp.GetRequiredService<IOptions<CollectorOptions>>().Value.Storage.Kind.ToLowerInvariant() switch
        {
            StorageOptions.KindInfluxDb1 => ActivatorUtilities.CreateInstance<InfluxDb1TimeSeriesStore>(sp),
            StorageOptions.KindInfluxDb2 => ActivatorUtilities.CreateInstance<InfluxDb2TimeSeriesStore>(sp),
            _ => ActivatorUtilities.CreateInstance<DuckDbTimeSeriesStore>(sp),
        });
        services.TryAddSingleton<HostInventory>();
        services.TryAddSingleton<Wifi.WifiSessionSearch>();
        services.TryAddSingleton<IngestChannel>();
        services.TryAddSingleton<IngestStatistics>();
        services.TryAddSingleton<MalformedPayloadLog>();
        services.TryAddSingleton<IngestReadiness>();
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
        services.AddAlpiAlerting(configuration);
        services.AddAlpiRetention(configuration);
        return services;
    }
}
