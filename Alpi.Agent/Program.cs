using Alpi.Agent;
using Alpi.Agent.Collection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Alpi.Agent: collects host metrics and publishes them over MQTT.
//   Alpi.Agent            run as a daemon (systemd, Windows service or console)
//   Alpi.Agent --once     collect once and print line protocol on stdout, then exit (like `telegraf --test`)
//   Alpi.Agent snmp get|getnext|walk|bulkwalk [net-snmp flags] host[:port] OID...   query a device by hand
if (args.Length > 0 && args[0] == "snmp")
{
    return await Alpi.Agent.SnmpCommand.SnmpCommandRunner.RunAsync(args[1..], Console.Out, Console.Error, CancellationToken.None);
}

var once = args.Contains("--once");
// No file watcher on the configuration (a thread and an inotify instance for the agent's lifetime): agent.json is
// read at start, as systemd restarts the agent to apply a change.
var hostConfiguration = new ConfigurationManager();
hostConfiguration.AddInMemoryCollection([new("hostBuilder:reloadConfigOnChange", "false")]);
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args.Where(a => a != "--once").ToArray(),
    ContentRootPath = AppContext.BaseDirectory,
    Configuration = hostConfiguration,
});
builder.Configuration.AddJsonFile("agent.json", optional: true, reloadOnChange: false);
builder.Configuration.AddEnvironmentVariables("ALPI_");
builder.Configuration.AddCommandLine(args.Where(a => a != "--once").ToArray());
builder.Services.AddSystemd();
builder.Services.AddWindowsService();
builder.Services.AddAlpiAgent(builder.Configuration.GetSection(AgentOptions.SectionName));

if (once)
{
    builder.Logging.ClearProviders();
    builder.Services.AddSingleton<OnceRunner>();
    using var onceHost = builder.Build();
    var points = await onceHost.Services.GetRequiredService<OnceRunner>().RunAsync(Console.Out, CancellationToken.None);
    return points > 0 ? 0 : 1;
}

using var host = builder.Build();
await host.RunAsync();
return 0;
