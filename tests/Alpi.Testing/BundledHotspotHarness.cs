using Alpi.Collector;
using Alpi.Collector.Broker.Authentication;
using Alpi.HotspotController.Nas;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.Testing;

/// <summary>
/// The hotspot controller bundled with a running <see cref="CollectorHarness"/> as <c>Alpi.Collector</c>'s Program does
/// (<see cref="BundledHotspot.Create"/> and <see cref="BundledHotspot.Attach"/>): its telemetry goes to the collector's
/// broker every second, RADIUS listens on free 127.0.0.1 UDP ports, its state is in a temp folder, and one NAS client,
/// <see cref="NasName"/> of tenant <see cref="Tenant"/>, answers for 127.0.0.1 (radclient) with secret
/// <see cref="Secret"/> at <see cref="Latitude"/>, <see cref="Longitude"/>. Stopped and deleted on dispose.
/// </summary>
public sealed class BundledHotspotHarness : IAsyncDisposable
{
    /// <summary>The NAS client's shared secret.</summary>
    public const string Secret = "testing123";

    /// <summary>The NAS client's (terminal's) name.</summary>
    public const string NasName = "borne-mediatheque";

    /// <summary>The NAS client's tenant.</summary>
    public const string Tenant = "cigale";

    /// <summary>The terminal's latitude (WGS 84 degrees).</summary>
    public const double Latitude = 45.1885;

    /// <summary>The terminal's longitude (WGS 84 degrees).</summary>
    public const double Longitude = 5.7245;

    private readonly TempDirectory _data = new("alpi-bundled-hotspot");
    private WebApplication? _app;

    private BundledHotspotHarness(int authPort, int acctPort)
    {
        AuthPort = authPort;
        AcctPort = acctPort;
    }

    /// <summary>RADIUS authentication port on 127.0.0.1.</summary>
    public int AuthPort { get; }

    /// <summary>RADIUS accounting port on 127.0.0.1.</summary>
    public int AcctPort { get; }

    /// <summary>The controller's services.</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("the controller is not started");

    /// <summary>Starts the controller beside <paramref name="collector"/> and attaches it.</summary>
    public static async Task<BundledHotspotHarness> StartAsync(CollectorHarness collector)
    {
        ArgumentNullException.ThrowIfNull(collector);
        var harness = new BundledHotspotHarness(FreePort.Udp(), FreePort.Udp());
        string[] args =
        [
            .. HotspotTestHost.Settings(harness._data.Path, harness.AuthPort, harness.AcctPort).Select(s => $"--{s.Key}={s.Value}"),
            "--Hotspot:Telemetry:Enabled=true",
            "--Hotspot:Telemetry:Tenant=test",
            "--Hotspot:Telemetry:Host=cigale-controller",
            "--Hotspot:Telemetry:Interval=00:00:01",
            "--Hotspot:Telemetry:Broker:MaxReconnectDelay=00:00:01",
        ];
        harness._app = BundledHotspot.Create(args, collector.Services.GetRequiredService<IConfiguration>(),
            collector.Services.GetRequiredService<InternalBrokerUsers>());
        await harness._app.StartAsync();
        await HotspotTestHost.AddNasAsync(harness.Services, new NasClient
        {
            Name = NasName, Address = "127.0.0.1", Secret = Secret, Tenant = Tenant, GroupName = "mediatheques", Latitude = Latitude, Longitude = Longitude,
        });
        BundledHotspot.Attach(collector.Application, harness._app);
        return harness;
    }

    /// <summary>Stops the controller and deletes its data.</summary>
    public ValueTask DisposeAsync() => HotspotTestHost.StopAsync(_app, _data);
}
