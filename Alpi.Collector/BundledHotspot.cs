using Alpi.HotspotController;
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
    /// port unless <c>Hotspot:Telemetry:Broker:*</c> is set.
    /// </summary>
    /// <param name="args">The collector's command-line arguments (<c>--Hotspot:…</c> switches apply to the controller).</param>
    /// <param name="collectorConfiguration">The collector's configuration, for the broker address.</param>
    /// <param name="configure">Extra configuration of the controller applied last (tests), or null.</param>
    public static WebApplication Create(string[] args, IConfiguration collectorConfiguration, Action<IConfigurationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(collectorConfiguration);
        return HotspotApplication.Create(args, builder =>
        {
            var configuration = (IConfiguration)builder;
            var defaults = new Dictionary<string, string?>();
            if (configuration["Hotspot:Telemetry:Broker:Host"] is null)
            {
                var host = collectorConfiguration["Collector:Broker:Host"] ?? new CollectorBrokerOptions().Host;
                defaults["Hotspot:Telemetry:Broker:Host"] = host is "0.0.0.0" or "::" ? "127.0.0.1" : host;
            }

            if (configuration["Hotspot:Telemetry:Broker:Port"] is null && collectorConfiguration["Collector:Broker:Port"] is { } port)
            {
                defaults["Hotspot:Telemetry:Broker:Port"] = port;
            }

            builder.AddInMemoryCollection(defaults);
            configure?.Invoke(builder);
        });
    }

    /// <summary>
    /// Gives the collector the bundled controller's services (<see cref="Administration.BundledHotspotLink"/>), so that
    /// the dashboard's administrators manage its NAS clients under the collector's access control.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">A controller is attached already.</exception>
    public static void Attach(WebApplication collector, WebApplication hotspot)
    {
        ArgumentNullException.ThrowIfNull(collector);
        ArgumentNullException.ThrowIfNull(hotspot);
        collector.Services.GetRequiredService<Administration.BundledHotspotLink>().Attach(hotspot.Services);
    }
}
