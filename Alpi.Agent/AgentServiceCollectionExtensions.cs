using Alpi.Agent.Collection;
using Alpi.Agent.Collectors;
using Alpi.Agent.Collectors.Internal;
using Alpi.Agent.Collectors.Snmp;
using Alpi.Agent.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Alpi.Agent;

/// <summary>Registers the agent's hosted services.</summary>
public static class AgentServiceCollectionExtensions
{
    /// <summary>
    /// Adds the agent: host metric collectors, the collection loop, the store-and-forward <see cref="MetricBacklog"/>
    /// (a SQLite file under <c>Agent:DataDirectory</c> unless <c>Agent:Buffer:Kind=Memory</c>) and the MQTT publisher, configured from
    /// <paramref name="section"/> (the <c>Agent</c> section), validated at start. When <c>Enabled</c> is false the
    /// services are registered but the loops do not run. When the section has an <c>Snmp</c> child with devices, SNMP
    /// device polling is added too (<see cref="SnmpPollingServiceCollectionExtensions.AddAlpiSnmpPolling"/>).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddAlpiAgent(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<AgentOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddAlpiHostCollectors();
        services.TryAddSingleton<MetricBacklog>();
        services.TryAddSingleton<CollectionRound>();
        services.TryAddSingleton(new RoundGcPolicy(enabled: false)); // the standalone agent registers its own first
        services.TryAddSingleton<CollectionLoop>();
        services.TryAddSingleton<MqttPublishLoop>();
        // The round enumerates every collector, this one included: it reads the round's failures lazily.
        services.TryAddSingleton(sp => new Lazy<CollectionRound>(sp.GetRequiredService<CollectionRound>));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, AgentSelfCollector>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, BufferSelfCollector>());
        var snmp = section.GetSection(SnmpPollingOptions.SectionName);
        if (snmp.GetSection("Devices").GetChildren().Any())
        {
            services.AddAlpiSnmpPolling(snmp);
        }
        if (section.GetValue(nameof(AgentOptions.Enabled), true))
        {
            // The publisher starts first (it opens the disk buffer before the first round reads its figures) and
            // stops last, so that its final flush sees every batch the collection loop queued.
            services.AddHostedService(sp => sp.GetRequiredService<MqttPublishLoop>());
            services.AddHostedService(sp => sp.GetRequiredService<CollectionLoop>());
        }

        return services;
    }
}
