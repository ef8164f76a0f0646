using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace Alpi.Collector.Administration;

/// <summary>
/// Where a configuration value comes from, for people: the collector reads <c>collector.json</c>, then the <c>ALPI_</c>
/// environment variables, then the command line (later sources win, <see cref="CollectorApplication"/>), so that the
/// administration view can say "configured in /opt/alpi/collector.json" beside what it shows read-only.
/// </summary>
public static class ConfigurationSources
{
    /// <summary>
    /// The source that gives <paramref name="key"/> its value: the JSON file's full path, <c>environment variables (ALPI_)</c>,
    /// <c>command line</c>, <c>in-memory settings</c>, or the provider's own description; null when no source has the key.
    /// </summary>
    /// <param name="configuration">The collector's configuration (its root, which knows the providers).</param>
    /// <param name="key">A full key, <c>Agent:Snmp:Devices:0:Name</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string? Of(IConfiguration configuration, string key)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(key);
        if (configuration is not IConfigurationRoot root)
        {
            return null;
        }

        // The last provider that has the key is the one whose value is used.
        foreach (var provider in root.Providers.Reverse())
        {
            if (provider.TryGet(key, out _))
            {
                return Describe(provider);
            }
        }

        return null;
    }

    private static string Describe(IConfigurationProvider provider) => provider switch
    {
        JsonConfigurationProvider json => json.Source.FileProvider?.GetFileInfo(json.Source.Path ?? "").PhysicalPath ?? json.Source.Path ?? "a JSON file",
        EnvironmentVariablesConfigurationProvider => "environment variables (ALPI_)",
        CommandLineConfigurationProvider => "command line",
        MemoryConfigurationProvider => "in-memory settings",
        _ => provider.ToString() ?? provider.GetType().Name,
    };
}
