using Alpi.Agent;
using Alpi.Collector.Api;
using Alpi.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Alpi.Collector;

/// <summary>
/// Builds the collector process: collector services, the dashboard, the HTTP API and, unless
/// <c>Agent:Enabled</c> is false, a local agent for this machine that publishes to the collector's broker like
/// any other agent. Configuration, later sources winning: <c>collector.json</c> beside the binary, environment
/// variables prefixed <c>ALPI_</c> (<c>ALPI_Collector__Http__Url</c>), command-line switches
/// (<c>--Collector:Broker:Port=1884</c>), then the configure callback (tests).
/// </summary>
public static class CollectorApplication
{
    /// <summary>Creates the application, not yet started.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="configure">Extra configuration applied last, or null.</param>
    public static WebApplication Create(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddJsonFile("collector.json", optional: true, reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables("ALPI_");
        builder.Configuration.AddCommandLine(args);
        configure?.Invoke(builder.Configuration);

        var url = builder.Configuration[$"{CollectorOptions.SectionName}:Http:Url"] ?? new CollectorHttpOptions().Url;
        builder.WebHost.UseUrls(url);
        builder.Services.AddSystemd();
        builder.Services.AddWindowsService();
        builder.Services.AddAlpiCollector(builder.Configuration);
        // The local agent registers after the collector so it starts after the broker and stops before it.
        builder.Services.AddAlpiAgent(builder.Configuration.GetSection(AgentOptions.SectionName));

        var app = builder.Build();
        app.MapAlpiCollectorApi();
        app.MapAlpiDashboard();
        return app;
    }
}
