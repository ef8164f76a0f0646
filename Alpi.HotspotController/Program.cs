using Microsoft.Extensions.Hosting;

// Alpi.HotspotController: RADIUS server and captive portal for the Cigale terminals.
// An empty host for now (issue 4 builds it); it starts, logs and stops cleanly.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSystemd();
builder.Services.AddWindowsService();
using var host = builder.Build();
await host.RunAsync();
