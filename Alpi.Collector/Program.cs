using Alpi.Collector;
using Alpi.Collector.Security.Cli;
using Alpi.HotspotController;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Alpi.Collector: embedded MQTT broker, ingest, time-series store, HTTP API, dashboard, a local agent and, unless
// --Hotspot:Enabled=false, the hotspot controller (RADIUS and captive portal).
//   dotnet run --project Alpi.Collector          (embedded defaults; data under ./data/)
//   dotnet run --project Alpi.Collector -- users add alice --role technician   (access control CLI: a known verb first)
//   dotnet run --project Alpi.Collector -- notify test [--channel email] [--to ops@example.org]   (try the notification channels)
// Every file the process creates (DuckDB and its .wal, SQLite, the ingest journal) is 0600, every folder 0700.
Alpi.Protocols.IO.PrivateFileMode.Apply();
if (SecurityCli.IsCommand(args))
{
    return await SecurityCli.RunAsync(args, CliConsole.Standard);
}

if (Alpi.Collector.Alerting.Notifications.Cli.NotifyCli.IsCommand(args))
{
    return await Alpi.Collector.Alerting.Notifications.Cli.NotifyCli.RunAsync(args, CliConsole.Standard);
}

WebApplication app;
WebApplication? hotspot;
try
{
    app = CollectorApplication.Create(args);
    hotspot = BundledHotspot.IsEnabled(app.Configuration) ? BundledHotspot.Create(args, app.Configuration, app.Services.GetRequiredService<Alpi.Collector.Broker.Authentication.InternalBrokerUsers>()) : null;
    if (hotspot is not null)
    {
        BundledHotspot.Attach(app, hotspot);
    }
}
catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
{
    // A switch read with the binder alone while the services are registered (Agent:Enabled, Hotspot:Enabled); the collector's
    // own sections leave such a value to the validation below, which names it with every other problem (ConfigurationConversion).
    await Console.Error.WriteLineAsync("Alpi.Collector cannot start; the configuration has these problems:");
    await Console.Error.WriteLineAsync("  - " + e.Message);
    return 2;
}

await using var collectorApp = app;
await using var hotspotApp = hotspot;
var problems = CollectorApplication.ValidateConfiguration(app).Concat(hotspot is null ? [] : HotspotApplication.ValidateConfiguration(hotspot.Services)).ToList();
if (problems.Count > 0)
{
    await Console.Error.WriteLineAsync("Alpi.Collector cannot start; the configuration has these problems:");
    foreach (var problem in problems)
    {
        await Console.Error.WriteLineAsync("  - " + problem);
    }

    return 2;
}

// Before anything listens or opens a store: a second collector on the same data directory stops here, in one sentence.
var dataDirectory = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CollectorOptions>>().Value.DataDirectoryFullPath;
using var dataLock = DataDirectoryLock.TryAcquire(dataDirectory);
if (dataLock is null)
{
    await Console.Error.WriteLineAsync($"Alpi.Collector cannot start: another collector uses the data directory {dataDirectory} (it holds {DataDirectoryLock.FileName}). Stop it, or choose another directory with --Collector:DataDirectory=PATH.");
    return 2;
}

try
{
    // The collector starts first, so the controller's telemetry finds the embedded broker; Ctrl-C (or SIGTERM) stops
    // the controller first, so that its offline status still reaches the collector, then the collector.
    await app.StartAsync();
    Console.WriteLine($"Alpi dashboard: {string.Join(", ", app.Urls)}");
    if (hotspot is not null)
    {
        await hotspot.StartAsync();
        Console.WriteLine($"Alpi captive portal and hotspot admin API: {string.Join(", ", hotspot.Urls)} (RADIUS: see the log; --Hotspot:Enabled=false to leave it out)");
    }

    // Last, as the README shows it: the first administrator's password (or the reminder), what the technician reads.
    app.Services.GetRequiredService<Alpi.Collector.Security.StartupNotice>().WriteTo(Console.Out);

    var stopping = new TaskCompletionSource();
    using (app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
    using (hotspot?.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
    {
        await stopping.Task;
    }

    if (hotspot is not null)
    {
        await hotspot.StopAsync();
    }

    await app.StopAsync();
}
catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) || e.InnerException is System.Net.Sockets.SocketException)
{
    await Console.Error.WriteLineAsync($"Alpi.Collector cannot listen: {e.Message}. Choose other ports with --Collector:Http:Url=http://127.0.0.1:PORT, --Collector:Broker:Port=PORT or --Hotspot:Portal:Url=http://127.0.0.1:PORT (or --Hotspot:Enabled=false).");
    return 2;
}
catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
{
    await Console.Error.WriteLineAsync($"Alpi.Collector cannot listen: the MQTT port is in use ({e.Message}). Choose another with --Collector:Broker:Port=PORT.");
    return 2;
}
catch (DuckDB.NET.Data.DuckDBException e) when (e.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
{
    await Console.Error.WriteLineAsync($"Alpi.Collector cannot open its store: another collector uses the same data directory ({e.Message}). Stop it, or choose another directory with --Collector:DataDirectory=PATH.");
    return 2;
}

return 0;
