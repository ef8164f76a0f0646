using Alpi.HotspotController;
using Alpi.HotspotController.LegalLog;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.Collector;

/// <summary>
/// The hotspot controller run in the collector's process by <c>dotnet run --project Alpi.Collector</c>, so that the
/// product's one command on embedded defaults also serves RADIUS (127.0.0.1:1812/1813) and the captive portal
/// (<c>http://127.0.0.1:8082</c>), with its state in <c>./data/hotspot.db</c> and its terminals' metrics published to
/// the collector's embedded broker (they appear as hosts in the dashboard). <c>--Hotspot:Enabled=false</c> leaves it
/// out. In production each daemon runs as its own service (<c>install/</c>); test harnesses build the collector with
/// <see cref="CollectorApplication.Create"/>, which never bundles it.
/// </summary>
public static class BundledHotspot
{
    /// <summary>True unless <c>Hotspot:Enabled</c> is false in the collector's configuration.</summary>
    /// <exception cref="InvalidOperationException">The value is not a boolean (the message names the key).</exception>
    public static bool IsEnabled(IConfiguration collectorConfiguration) =>
        (collectorConfiguration ?? throw new ArgumentNullException(nameof(collectorConfiguration))).GetValue("Hotspot:Enabled", true);

    /// <summary>
    /// Builds the controller from the same command line, its telemetry following the collector's broker address and
    /// port unless <c>Hotspot:Telemetry:Broker:Host</c> or <c>Port</c> is given on the command line or in an
    /// <c>ALPI_</c> environment variable: the values of <c>hotspot.json</c> (the stand-alone controller's defaults,
    /// 127.0.0.1:1883) yield to the collector's, so that <c>--Collector:Broker:Port=1884</c> moves both.
    /// </summary>
    /// <param name="args">The collector's command-line arguments (<c>--Hotspot:…</c> switches apply to the controller).</param>
    /// <param name="collectorConfiguration">The collector's configuration, for the broker address.</param>
    public static WebApplication Create(string[] args, IConfiguration collectorConfiguration)
    {
        ArgumentNullException.ThrowIfNull(collectorConfiguration);
        var explicitSettings = new ConfigurationBuilder().AddEnvironmentVariables("ALPI_").AddCommandLine(args).Build();
        return HotspotApplication.Create(args, builder =>
        {
            var following = new Dictionary<string, string?>();
            if (explicitSettings["Hotspot:Telemetry:Broker:Host"] is null)
            {
                var host = collectorConfiguration["Collector:Broker:Host"] ?? new CollectorBrokerOptions().Host;
                following["Hotspot:Telemetry:Broker:Host"] = host is "0.0.0.0" or "::" ? "127.0.0.1" : host;
            }

            if (explicitSettings["Hotspot:Telemetry:Broker:Port"] is null)
            {
                following["Hotspot:Telemetry:Broker:Port"] = collectorConfiguration["Collector:Broker:Port"]
                    ?? new CollectorBrokerOptions().Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            // Added last: over hotspot.json; the explicit settings were left out above.
            builder.AddInMemoryCollection(following);
        });
    }

    /// <summary>
    /// Gives the collector's API the controller's connection log (<see cref="Wifi.WifiSessionSearch"/>, behind
    /// <c>GET /api/wifi/sessions/search</c>), once both applications are built.
    /// </summary>
    /// <param name="collector">The collector from <see cref="CollectorApplication.Create"/>.</param>
    /// <param name="hotspot">The controller from <see cref="Create"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Attach(WebApplication collector, WebApplication hotspot)
    {
        ArgumentNullException.ThrowIfNull(collector);
        ArgumentNullException.ThrowIfNull(hotspot);
        collector.Services.GetRequiredService<Wifi.WifiSessionSearch>().Attach(hotspot.Services.GetRequiredService<ConnectionLogQuery>());
    }
}
