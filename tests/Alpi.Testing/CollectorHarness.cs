using System.Net.Http.Json;
using System.Text.Json;
using Alpi.Collector;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Alpi.Testing;

/// <summary>
/// A real collector (embedded broker unless told otherwise, DuckDB and SQLite in a temp folder, HTTP API) with
/// its local agent, started in-process on free loopback ports. The API requires login: the harness configures a bearer
/// token of scope <c>admin</c> (<see cref="AdminToken"/>) and <see cref="Http"/> sends it with every request.
/// </summary>
public sealed class CollectorHarness : IAsyncDisposable
{
    private readonly TempDirectory _data = new("alpi-collector");
    private WebApplication? _app;
    private WebApplication? _hotspot;

    private CollectorHarness(int brokerPort, int httpPort, int trapPort)
    {
        BrokerPort = brokerPort;
        HttpPort = httpPort;
        TrapPort = trapPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
    }

    /// <summary>The name of the harness's token (<c>Collector:Security:Tokens:harness</c>); the audit log's actor <c>token:harness</c>.</summary>
    public const string AdminTokenName = "harness";

    /// <summary>A bearer token of scope <c>admin</c> (everything an administrator may do), random per harness.</summary>
    public string AdminToken { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The running collector's services (e.g. its <c>EndpointDataSource</c>), once started.</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("the collector is not started");

    /// <summary>The running collector application (for <see cref="BundledHotspotHarness"/>), once started.</summary>
    public WebApplication Application => _app ?? throw new InvalidOperationException("the collector is not started");

    /// <summary>The broker port the collector and its agent use.</summary>
    public int BrokerPort { get; }

    /// <summary>The SNMP trap receiver's UDP port on 127.0.0.1 (a free port unless <c>Collector:Traps:Port</c> is given).</summary>
    public int TrapPort { get; }

    /// <summary>The HTTP API port.</summary>
    public int HttpPort { get; }

    /// <summary>The base URL of the API and dashboard.</summary>
    public string BaseUrl => $"http://127.0.0.1:{HttpPort}";

    /// <summary>A client for the API, authenticated with <see cref="AdminToken"/>.</summary>
    public HttpClient Http { get; }

    /// <summary>The data folder.</summary>
    public string DataDirectory => _data.Path;

    /// <summary>The bundled hotspot controller's services, or null when it was not asked for.</summary>
    public IServiceProvider? HotspotServices => _hotspot?.Services;

    /// <summary>The bundled hotspot controller's portal and admin API URL, or null.</summary>
    public string? HotspotUrl { get; private set; }

    /// <summary>
    /// Starts a collector. <paramref name="settings"/> override defaults (e.g. <c>Collector:Broker:Embedded=false</c>).
    /// The local agent collects every second unless overridden. With <paramref name="hotspotSettings"/> (empty for the
    /// defaults), a hotspot controller runs in the same process as <c>dotnet run --project Alpi.Collector</c> runs it
    /// (<c>BundledHotspot</c>, attached to the collector), its state under the data folder, RADIUS and its portal on free
    /// loopback ports, no telemetry; the settings override those.
    /// </summary>
    public static async Task<CollectorHarness> StartAsync(IDictionary<string, string?>? settings = null, int? brokerPort = null,
        IDictionary<string, string?>? hotspotSettings = null)
    {
        var trapPort = settings is not null && settings.TryGetValue("Collector:Traps:Port", out var configuredTrapPort) && configuredTrapPort is not null
            ? int.Parse(configuredTrapPort, System.Globalization.CultureInfo.InvariantCulture)
            : FreePort.Udp();
        var harness = new CollectorHarness(brokerPort ?? FreePort.Tcp(), FreePort.Tcp(), trapPort);
        var config = new Dictionary<string, string?>
        {
            ["Collector:DataDirectory"] = harness._data.Path,
            ["Collector:Broker:Port"] = harness.BrokerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Collector:Http:Url"] = harness.BaseUrl,
            ["Collector:Traps:Host"] = "127.0.0.1",
            ["Collector:Traps:Port"] = trapPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Collector:Broker:ClientId"] = "alpi-collector-test-" + Guid.NewGuid().ToString("N")[..8],
            ["Agent:Broker:Port"] = harness.BrokerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Agent:Interval"] = "00:00:01",
            ["Agent:Tenant"] = "test",
            // The local agent's disk buffer beside the collector's files, so that no run replays another's batches.
            ["Agent:DataDirectory"] = harness._data.Path,
            ["Logging:LogLevel:Default"] = "Warning",
            [$"Collector:Security:Tokens:{AdminTokenName}:Token"] = harness.AdminToken,
            [$"Collector:Security:Tokens:{AdminTokenName}:Scope"] = "admin",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        harness._app = CollectorApplication.Create([], c => c.AddInMemoryCollection(config));
        if (hotspotSettings is not null)
        {
            harness.HotspotUrl = $"http://127.0.0.1:{FreePort.Tcp()}";
            var invariant = System.Globalization.CultureInfo.InvariantCulture;
            var hotspot = new Dictionary<string, string?>
            {
                ["Hotspot:DataDirectory"] = System.IO.Path.Combine(harness._data.Path, "hotspot"),
                ["Hotspot:Portal:Url"] = harness.HotspotUrl,
                ["Hotspot:Radius:BindAddress"] = "127.0.0.1",
                ["Hotspot:Radius:AuthPort"] = FreePort.Udp().ToString(invariant),
                ["Hotspot:Radius:AcctPort"] = FreePort.Udp().ToString(invariant),
                ["Hotspot:Telemetry:Enabled"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
            };
            foreach (var (key, value) in hotspotSettings)
            {
                hotspot[key] = value;
            }

            harness._hotspot = BundledHotspot.Create([], harness._app.Configuration, configure: c => c.AddInMemoryCollection(hotspot));
            BundledHotspot.Attach(harness._app, harness._hotspot);
        }

        await harness._app.StartAsync();
        if (harness._hotspot is not null)
        {
            await harness._hotspot.StartAsync();
        }

        return harness;
    }

    /// <summary>GET a JSON document from the API.</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri(path, UriKind.Relative)));
        return document.RootElement.Clone();
    }

    /// <summary>Stops the collector (as Ctrl-C would) and deletes its data.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_hotspot is not null)
        {
            await _hotspot.StopAsync();
            await _hotspot.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Http.Dispose();
        _data.Dispose();
    }
}
