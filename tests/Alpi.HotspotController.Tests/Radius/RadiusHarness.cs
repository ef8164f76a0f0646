using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Radius;
using Alpi.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alpi.HotspotController.Tests.Radius;

/// <summary>
/// The hotspot controller started in-process (<see cref="HotspotApplication.Create"/>) on free 127.0.0.1 ports with its
/// state in a temp folder, and NAS client <see cref="NasName"/> (127.0.0.1, secret <see cref="Secret"/>, group
/// <see cref="NasGroup"/>) stored as <c>nas add</c> would. Stopped and deleted on dispose.
/// </summary>
internal sealed class RadiusHarness : IAsyncDisposable
{
    public const string Secret = "testing123";
    public const string NasName = "borne-place";
    public const string NasGroup = "libraries";

    private readonly TempDirectory _data = new("alpi-hotspot-radius");
    private WebApplication? _app;

    private RadiusHarness(int authPort, int acctPort)
    {
        AuthPort = authPort;
        AcctPort = acctPort;
    }

    public int AuthPort { get; }

    public int AcctPort { get; }

    public IServiceProvider Services => _app!.Services;

    public RadiusServerStatistics Statistics => Get<RadiusServerStatistics>();

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Starts a controller; <paramref name="settings"/> override the defaults; <paramref name="storeNas"/> false to leave the database without NAS clients.</summary>
    public static async Task<RadiusHarness> StartAsync(IDictionary<string, string?>? settings = null, bool storeNas = true)
    {
        var harness = new RadiusHarness(FreePort.Udp(), FreePort.Udp());
        var config = new Dictionary<string, string?>(HotspotTestHost.Settings(harness._data.Path, harness.AuthPort, harness.AcctPort));
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        harness._app = HotspotApplication.Create([], c => c.AddInMemoryCollection(config));
        await harness._app.StartAsync();
        if (storeNas)
        {
            await HotspotTestHost.AddNasAsync(harness.Services, new NasClient { Name = NasName, Address = "127.0.0.1", Secret = Secret, GroupName = NasGroup });
        }

        return harness;
    }

    public ValueTask DisposeAsync() => HotspotTestHost.StopAsync(_app, _data);
}
