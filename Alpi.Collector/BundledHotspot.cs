using Alpi.Collector.Broker.Authentication;
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
    /// <summary>The log level key of the generic host's start-up lines (<c>Microsoft.Hosting.Lifetime</c>).</summary>
    private const string HostLifetimeLogLevel = "Logging:LogLevel:Microsoft.Hosting.Lifetime";

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
    /// <param name="internalUsers">
    /// The collector's generated broker users: when its embedded broker requires authentication and the controller's
    /// telemetry goes to it without a user name of its own, the controller logs in as <see cref="InternalBrokerUsers.Hotspot"/>.
    /// </param>
    /// <param name="configure">Extra configuration of the controller applied last (tests), or null.</param>
    public static WebApplication Create(string[] args, IConfiguration collectorConfiguration, InternalBrokerUsers? internalUsers = null,
        Action<IConfigurationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(collectorConfiguration);
        return HotspotApplication.Create(args, builder =>
        {
            var configuration = (IConfiguration)builder;
            var defaults = new Dictionary<string, string?>();
            // hotspot.json (copied beside the collector) names 127.0.0.1:1883, the default embedded broker; only a value set
            // elsewhere (environment, command line) keeps the controller off the collector's broker.
            if (SetBeyondHotspotJson(configuration, "Hotspot:Telemetry:Broker:Host") is null)
            {
                var host = collectorConfiguration["Collector:Broker:Host"] ?? new CollectorBrokerOptions().Host;
                defaults["Hotspot:Telemetry:Broker:Host"] = host is "0.0.0.0" or "::" ? "127.0.0.1" : host;
            }

            // Only a port the collector can use: an invalid Collector:Broker:Port is the collector's problem to name, not a
            // Hotspot:Telemetry:Broker:Port the person never set.
            if (SetBeyondHotspotJson(configuration, "Hotspot:Telemetry:Broker:Port") is null && collectorConfiguration["Collector:Broker:Port"] is { } port
                && int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535)
            {
                defaults["Hotspot:Telemetry:Broker:Port"] = port;
            }

            // The collector prints the controller's address itself ("Alpi captive portal …"): the controller's own host
            // would repeat "Now listening on", "Application started. Press Ctrl+C to shut down." and the content root
            // after the collector's. A level set on the command line or in the environment still wins.
            if (SetBeyondHotspotJson(configuration, HostLifetimeLogLevel) is null)
            {
                defaults[HostLifetimeLogLevel] = "Warning";
            }

            if (internalUsers is not null && TelemetryGoesToAuthenticatingEmbeddedBroker(configuration, collectorConfiguration))
            {
                // In memory only, like the collector's own generated credentials; never logged.
                defaults["Hotspot:Telemetry:Broker:Username"] = InternalBrokerUsers.Hotspot;
                defaults["Hotspot:Telemetry:Broker:Password"] = internalUsers.Issue(InternalBrokerUsers.Hotspot, InternalBrokerUsers.HotspotRules);
            }

            builder.AddInMemoryCollection(defaults);
            configure?.Invoke(builder);
        });
    }

    private static bool TelemetryGoesToAuthenticatingEmbeddedBroker(IConfiguration hotspot, IConfiguration collector)
    {
        var collectorPort = collector["Collector:Broker:Port"] ?? new CollectorBrokerOptions().Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var port = SetBeyondHotspotJson(hotspot, "Hotspot:Telemetry:Broker:Port");
        return collector.GetValue("Collector:Broker:Embedded", true)
            && collector.GetValue("Collector:Broker:Authentication:Enabled", false)
            && hotspot["Hotspot:Telemetry:Broker:Username"] is null
            && SetBeyondHotspotJson(hotspot, "Hotspot:Telemetry:Broker:Host") is null or "127.0.0.1" or "::1" or "localhost"
            && (port is null || port == collectorPort)
            && !hotspot.GetValue("Hotspot:Telemetry:Broker:UseTls", false);
    }

    /// <summary>The value of <paramref name="key"/> from any configuration source but the shipped <c>hotspot.json</c>, or null.</summary>
    private static string? SetBeyondHotspotJson(IConfiguration configuration, string key)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return configuration[key];
        }

        string? value = null;
        foreach (var provider in root.Providers)
        {
            if (provider is FileConfigurationProvider file && Path.GetFileName(file.Source.Path) == "hotspot.json")
            {
                continue;
            }

            if (provider.TryGet(key, out var found))
            {
                value = found; // later sources win, as in the configuration itself
            }
        }

        return value;
    }

    /// <summary>
    /// Gives the collector the bundled controller's services (<see cref="Administration.BundledHotspotLink"/>), so that
    /// the dashboard's administrators manage its NAS clients under the collector's access control and the
    /// data-protection officer searches its connection log (<see cref="Wifi.WifiSessionSearch"/>, behind
    /// <c>GET /api/wifi/sessions/search</c>). Call once both applications are built, before or after they start.
    /// </summary>
    /// <param name="collector">The collector from <see cref="CollectorApplication.Create"/>.</param>
    /// <param name="hotspot">The controller from <see cref="Create"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">A controller is attached already.</exception>
    public static void Attach(WebApplication collector, WebApplication hotspot)
    {
        ArgumentNullException.ThrowIfNull(collector);
        ArgumentNullException.ThrowIfNull(hotspot);
        collector.Services.GetRequiredService<Administration.BundledHotspotLink>().Attach(hotspot.Services);
    }
}
