using System.Net.Http.Json;
using System.Text.Json;
using Alpi.Collector;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Alpi.Testing;

/// <summary>
/// A real collector (embedded broker unless told otherwise, DuckDB and SQLite in a temp folder, HTTP API) with
/// its local agent, started in-process on free loopback ports.
/// </summary>
public sealed class CollectorHarness : IAsyncDisposable
{
    private readonly TempDirectory _data = new("alpi-collector");
    private WebApplication? _app;

    private CollectorHarness(int brokerPort, int httpPort, int trapPort)
    {
        BrokerPort = brokerPort;
        HttpPort = httpPort;
        TrapPort = trapPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
    }

    /// <summary>The broker port the collector and its agent use.</summary>
    public int BrokerPort { get; }

    /// <summary>The SNMP trap receiver's UDP port on 127.0.0.1 (a free port unless <c>Collector:Traps:Port</c> is given).</summary>
    public int TrapPort { get; }

    /// <summary>The HTTP API port.</summary>
    public int HttpPort { get; }

    /// <summary>The base URL of the API and dashboard.</summary>
    public string BaseUrl => $"http://127.0.0.1:{HttpPort}";

    /// <summary>A client for the API.</summary>
    public HttpClient Http { get; }

    /// <summary>The data folder.</summary>
    public string DataDirectory => _data.Path;

    /// <summary>The running collector's services (its statistics, stores...), for tests that read them in-process.</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The collector is not started.");

    /// <summary>
    /// Starts a collector. <paramref name="settings"/> override defaults (e.g. <c>Collector:Broker:Embedded=false</c>).
    /// The local agent collects every second unless overridden.
    /// </summary>
    public static async Task<CollectorHarness> StartAsync(IDictionary<string, string?>? settings = null, int? brokerPort = null)
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
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        harness._app = CollectorApplication.Create([], c => c.AddInMemoryCollection(config));
        await harness._app.StartAsync();
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
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Http.Dispose();
        _data.Dispose();
    }
}
