using Alpi.HotspotController;
using Alpi.HotspotController.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Alpi.HotspotController: RADIUS server, captive portal and legal connection log for the Cigale terminals.
//   dotnet run --project Alpi.HotspotController          (embedded defaults; state in ./data/hotspot.db, or PostgreSQL: Hotspot:Storage)
//   dotnet run --project Alpi.HotspotController -- users list     (administration CLI: a known verb first)
// Every file the process creates (hotspot.db with the connection log, its -wal and -shm, keys) is 0600, every folder
// 0700: the CLI's commands too, which may create the database.
Alpi.Protocols.IO.PrivateFileMode.Apply();
if (HotspotCli.IsCommand(args))
{
    return await HotspotCli.RunAsync(args, Console.Out, Console.Error);
}

await using var app = HotspotApplication.Create(args);
var problems = HotspotApplication.ValidateConfiguration(app.Services);
if (problems.Count > 0)
{
    await Console.Error.WriteLineAsync("Alpi.HotspotController cannot start; the configuration has these problems:");
    foreach (var problem in problems)
    {
        await Console.Error.WriteLineAsync("  - " + problem);
    }

    return 2;
}

app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() =>
    Console.WriteLine($"Alpi captive portal: {string.Join(", ", app.Urls)}"));
return await HotspotApplication.RunAsync(app, Console.Error);
