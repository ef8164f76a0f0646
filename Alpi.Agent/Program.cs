using Alpi.Agent;
using Alpi.Agent.Collection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Alpi.Agent: collects host metrics and publishes them over MQTT.
//   Alpi.Agent            run as a daemon (systemd, Windows service or console)
//   Alpi.Agent --once     collect once and print line protocol on stdout, then exit (like `telegraf --test`)
//   Alpi.Agent snmp get|getnext|walk|bulkwalk [net-snmp flags] host[:port] OID...   query a device by hand
// Every file the agent creates (the disk buffer and its -wal, -shm) is 0600, every folder 0700.
Alpi.Protocols.IO.PrivateFileMode.Apply();
if (args.Length > 0 && args[0] == "snmp")
{
    return await Alpi.Agent.SnmpCommand.SnmpCommandRunner.RunAsync(args[1..], Console.Out, Console.Error, CancellationToken.None);
}

var once = args.Contains("--once");
var settingsArgs = args.Where(a => a != "--once").ToArray();
// An empty builder, then only what the agent uses: what Host.CreateApplicationBuilder adds besides (appsettings.json and
// DOTNET_ variables, the Debug and EventSource logging providers, user secrets) cost a Native AOT agent on a terminal
// 2.2-2.7 MiB resident for nothing (bench/README.md, "Agent footprint"). agent.json is read at start, without a file
// watcher: systemd restarts the agent to apply a change. Logs go to the console (the journal under systemd, which
// AddSystemd formats for), and to the Windows event log when the agent runs as a Windows service.
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = settingsArgs,
    ContentRootPath = AppContext.BaseDirectory,
});
builder.Configuration.SetBasePath(AppContext.BaseDirectory);
builder.Configuration.AddJsonFile("agent.json", optional: true, reloadOnChange: false);
builder.Configuration.AddEnvironmentVariables("ALPI_");
builder.Configuration.AddCommandLine(settingsArgs);
// Every problem of the configuration at once, before any service reads it: each value the binder cannot convert (it
// would stop at the first), beside what the validators find, in the agent's section, its collectors' sections (validated
// otherwise only once the host starts, after its "Hosting failed to start" log and stack trace) and the log levels.
if (StartupConfigurationCheck.Problems(builder.Configuration) is { Count: > 0 } problems)
{
    return await RefuseAsync(problems);
}

builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
builder.Logging.AddConsole();
if (OperatingSystem.IsWindows())
{
    builder.Logging.AddEventLog();
}

builder.Services.AddSystemd();
builder.Services.AddWindowsService();
// A generation-1 collection after each round, and the start-up's memory given back after the second, keep the
// resident memory low and flat (RoundGcPolicy explains why).
builder.Services.AddSingleton(new RoundGcPolicy(enabled: true));
builder.Services.AddAlpiAgent(builder.Configuration.GetSection(AgentOptions.SectionName));

try
{
    if (once)
    {
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<OnceRunner>();
        using var onceHost = builder.Build();
        var points = await onceHost.Services.GetRequiredService<OnceRunner>().RunAsync(Console.Out, CancellationToken.None);
        return points > 0 ? 0 : 1;
    }

    using var host = builder.Build();
    // Checked above already (StartupConfigurationCheck); resolved here too so that anything that check does not know of
    // ends in the catch blocks below (one line each), instead of the host's "Hosting failed to start" and its stack trace.
    _ = host.Services.GetRequiredService<IOptions<LoggerFilterOptions>>().Value;
    _ = host.Services.GetRequiredService<IOptions<AgentOptions>>().Value;
    await host.RunAsync();
    return 0;
}
catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal)
    || (e.Message.StartsWith("Configuration value '", StringComparison.Ordinal) && e.Message.EndsWith("' is not supported.", StringComparison.Ordinal)))
{
    // A value the configuration binder or Microsoft.Extensions.Logging cannot read that StartupConfigurationCheck did not
    // report (it reports --Agent:Interval=soon and --Logging:LogLevel:Default=Verbose): one line, exit code 2, no stack trace.
    return await RefuseAsync([e.Message]);
}
catch (OptionsValidationException e)
{
    // Values read but refused by validators StartupConfigurationCheck does not run: each failure on its line, exit 2.
    return await RefuseAsync(e.Failures);
}

// The configuration's problems on stderr, one line each, and exit code 2 (no stack trace).
static async Task<int> RefuseAsync(IEnumerable<string> problems)
{
    await Console.Error.WriteLineAsync("Alpi.Agent cannot start; the configuration has these problems:");
    foreach (var problem in problems)
    {
        await Console.Error.WriteLineAsync("  - " + problem);
    }

    return 2;
}
