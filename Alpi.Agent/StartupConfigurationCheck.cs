using Alpi.Agent.Collectors.Gateway;
using Alpi.Agent.Collectors.HostFiles;
using Alpi.Agent.Collectors.Snmp;
using Alpi.Agent.Collectors.Wireless;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Agent;

/// <summary>
/// The standalone agent's configuration checked in one go before its host is built: every value the binder cannot
/// convert (<see cref="ConvertibleBinding"/>) and every problem the validators find, in the <c>Agent</c> section
/// (<see cref="AgentOptionsValidator"/>), in the sections of the collectors the host would register (<c>Agent:Snmp</c>
/// when it lists devices, and on Linux <c>HostFiles</c>, <c>Agent:Wireless</c>, <c>Agent:Gateway</c>, as
/// <see cref="AgentServiceCollectionExtensions.AddAlpiAgent"/> registers them) and in the log levels. Without it the binder
/// stops at the first unconvertible value, and the collectors' sections, validated only once the host starts, come out
/// after the host's "Hosting failed to start" log and its stack trace.
/// </summary>
internal static class StartupConfigurationCheck
{
    /// <summary>
    /// Each problem of <paramref name="configuration"/> (the root: agent.json, <c>ALPI_</c> variables, switches), one line
    /// each naming its key (and its value where the value is the problem); empty when the agent can start.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="configuration"/> is null.</exception>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        problems.AddRange(LogLevels(configuration));

        var agent = configuration.GetSection(AgentOptions.SectionName);
        Validate(new AgentOptionsValidator(), ConvertibleBinding.Bind(agent, () => new AgentOptions(), (c, o) => c.Bind(o), problems), problems);

        var snmp = agent.GetSection(SnmpPollingOptions.SectionName);
        if (snmp.GetSection(nameof(SnmpPollingOptions.Devices)).GetChildren().Any())
        {
            Validate(new SnmpPollingOptionsValidator(snmp.Path), ConvertibleBinding.Bind(snmp, () => new SnmpPollingOptions(), (c, o) => c.Bind(o), problems), problems);
        }

        if (OperatingSystem.IsLinux())
        {
            var hostFiles = ConvertibleBinding.Bind(configuration.GetSection(HostFileSystemOptions.SectionName), () => new HostFileSystemOptions(), (c, o) => c.Bind(o), problems);
            if (hostFiles.RootProblem is { } root)
            {
                problems.Add(root);
            }

            Validate(new WirelessOptionsValidator(), ConvertibleBinding.Bind(configuration.GetSection(WirelessOptions.SectionPath), () => new WirelessOptions(), (c, o) => c.Bind(o), problems), problems);
            Validate(new HotspotGatewayOptionsValidator(), ConvertibleBinding.Bind(configuration.GetSection(HotspotGatewayOptions.SectionPath), () => new HotspotGatewayOptions(), (c, o) => c.Bind(o), problems), problems);
        }

        return problems;
    }

    private static void Validate<T>(IValidateOptions<T> validator, T options, List<string> problems)
        where T : class
    {
        if (validator.Validate(Options.DefaultName, options) is { Failed: true, Failures: { } failures })
        {
            problems.AddRange(failures);
        }
    }

    /// <summary>
    /// The values under <c>Logging:LogLevel</c> and <c>Logging:&lt;provider&gt;:LogLevel</c> that Microsoft.Extensions.Logging
    /// cannot read (it throws "Configuration value '…' is not supported.", naming neither the key nor the choices): read as
    /// that library does (<c>LoggerFilterConfigureOptions</c>: <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/>
    /// ignoring case, an empty value left out).
    /// </summary>
    private static IEnumerable<string> LogLevels(IConfiguration configuration) =>
        configuration.GetSection("Logging").GetChildren()
            .Select(child => child.Key.Equals("LogLevel", StringComparison.OrdinalIgnoreCase) ? child : child.GetSection("LogLevel"))
            .SelectMany(section => section.GetChildren())
            .Where(level => !string.IsNullOrEmpty(level.Value) && !Enum.TryParse<LogLevel>(level.Value, ignoreCase: true, out _))
            .Select(level => $"{level.Path}: \"{level.Value}\" is not one of {string.Join(", ", Enum.GetNames<LogLevel>())}");
}
