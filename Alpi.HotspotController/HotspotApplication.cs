using System.Data.Common;
using Alpi.HotspotController.Admin;
using Alpi.HotspotController.Portal;
using Alpi.HotspotController.Storage;
using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController;

/// <summary>
/// Builds the controller process: RADIUS servers, captive portal and administration API. Configuration, later
/// sources winning: <c>hotspot.json</c> beside the binary, environment variables prefixed <c>ALPI_</c>
/// (<c>ALPI_Hotspot__Radius__AuthPort</c>), command-line switches (<c>--Hotspot:Radius:AuthPort=11812</c>), then the
/// configure callback (tests).
/// </summary>
public static class HotspotApplication
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
        AddConfiguration(builder.Configuration, args);
        configure?.Invoke(builder.Configuration);

        var url = builder.Configuration[$"{HotspotOptions.SectionName}:Portal:Url"] ?? new Portal.PortalOptions().Url;
        builder.WebHost.UseUrls(url);
        builder.Services.AddSystemd();
        builder.Services.AddWindowsService();
        builder.Services.AddAlpiHotspot(builder.Configuration);

        var app = builder.Build();
        app.UseAlpiAdminBadRequests();
        // A path under /api/ that matches no endpoint answers a 404 problem naming it, not an empty 404.
        app.Use((http, next) => http.GetEndpoint() is null && ApiProblem.ForUnmatched(http.Request.Method, http.Request.Path.Value) is { } problem
            ? Results.Json(problem, ApiProblemContext.Readable.ApiProblem, ApiProblem.ContentType, problem.Status).ExecuteAsync(http)
            : next(http));
        app.MapAlpiPortal();
        app.MapAlpiHotspotAdmin();
        return app;
    }

    /// <summary>
    /// Runs the application until it is stopped. When the database cannot be used at start (PostgreSQL unreachable or
    /// refusing, an SQLite file that cannot be opened), writes one line naming it — never its password — and returns
    /// instead of throwing, so that the service manager restarts the controller (systemd <c>Restart=on-failure</c>).
    /// </summary>
    /// <param name="app">The application from <see cref="Create"/>, configuration validated.</param>
    /// <param name="error">Receives the error line.</param>
    /// <returns>0 after a normal stop; 1 when the database could not be used at start.</returns>
    public static async Task<int> RunAsync(WebApplication app, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(error);

        // Read now: RunAsync disposes the services when it ends.
        var database = app.Services.GetRequiredService<HotspotDatabase>().Description;
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (DbException e)
        {
            await error.WriteLineAsync($"Alpi.HotspotController cannot start: the {database} cannot be used ({e.Message}).");
            return 1;
        }
    }

    /// <summary>Adds <c>hotspot.json</c>, the <c>ALPI_</c> environment variables and the command line, in that order (the CLI reads the same sources).</summary>
    public static void AddConfiguration(IConfigurationBuilder configuration, string[] args)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "hotspot.json"), optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables("ALPI_");
        configuration.AddCommandLine(args);
    }

    /// <summary>Checks the configuration at once, so that every problem is reported in one go.</summary>
    /// <returns>Each problem, naming its key; empty when valid.</returns>
    public static IReadOnlyList<string> ValidateConfiguration(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            _ = services.GetRequiredService<IOptions<HotspotOptions>>().Value;
            return [];
        }
        catch (OptionsValidationException e)
        {
            return e.Failures.ToList();
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            return [e.Message];
        }
    }
}
