using Alpi.Collector;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Alpi.Collector: embedded MQTT broker, ingest, time-series store, HTTP API, dashboard and a local agent.
//   dotnet run --project Alpi.Collector          (embedded defaults; data under ./data/)
await using var app = CollectorApplication.Create(args);
app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() =>
    Console.WriteLine($"Alpi dashboard: {string.Join(", ", app.Urls)}"));
await app.RunAsync();
