using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Collectors.Snmp;

/// <summary>Registers SNMP device polling (the <c>snmp</c> collector).</summary>
public static class SnmpPollingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <c>snmp</c> collector configured from <paramref name="section"/> (the <c>Snmp</c> section, see
    /// <see cref="SnmpPollingOptions"/>), validated at start. Calling it twice adds nothing.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The <c>Snmp</c> configuration section.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddAlpiSnmpPolling(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<SnmpPollingOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SnmpPollingOptions>>(new SnmpPollingOptionsValidator(section is IConfigurationSection s ? s.Path : SnmpPollingOptions.SectionName)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricCollector, SnmpDevicePoller>());
        return services;
    }
}
