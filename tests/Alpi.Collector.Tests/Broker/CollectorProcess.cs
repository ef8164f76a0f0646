using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Broker;

/// <summary>
/// The real collector binary (<c>Alpi.Collector.dll</c>, beside the tests) as a separate process on an external broker
/// (or its embedded one, <see cref="StartEmbeddedAsync"/>),
/// without its local agent, hotspot controller, trap receiver or alert engine, so that a test can kill it (SIGKILL, as a
/// crash or power cut would) and start it again with the same client id and data folder, as systemd would.
/// </summary>
internal sealed class CollectorProcess : IAsyncDisposable
{
    private readonly List<string> _arguments;
    private readonly Dictionary<string, string> _environment;
    private readonly TempDirectory _data = new("alpi-collector-process");
    private readonly ConcurrentQueue<string> _output = new();
    private readonly HttpClient _http;
    private Process? _process;

    private CollectorProcess(string name, int httpPort, List<string> arguments, Dictionary<string, string> environment)
    {
        Name = name;
        _arguments = arguments;
        _environment = environment;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(5) };
    }

    /// <summary>A name for messages.</summary>
    public string Name { get; }

    /// <summary>
    /// Starts a collector on the broker at 127.0.0.1:<paramref name="brokerPort"/> as the shipped collector user, with
    /// <paramref name="settings"/> on top (e.g. <c>Collector:Broker:ClientId</c>, <c>Collector:Storage:Kind</c>), and waits
    /// until <c>/healthz</c> says it is subscribed (at most 60 s).
    /// </summary>
    public static Task<CollectorProcess> StartAsync(string name, int brokerPort, IReadOnlyDictionary<string, string> settings)
    {
        var all = new Dictionary<string, string>
        {
            ["Collector:Broker:Embedded"] = "false",
            ["Collector:Broker:Host"] = "127.0.0.1",
            ["Collector:Broker:Port"] = brokerPort.ToString(CultureInfo.InvariantCulture),
            ["Collector:Broker:Username"] = ShippedMosquitto.CollectorUser,
        };
        // The password goes through the environment, as in the systemd unit's EnvironmentFile, not the command line.
        return StartCoreAsync(name, all, settings, new Dictionary<string, string> { ["ALPI_Collector__Broker__Password"] = ShippedMosquitto.CollectorPassword });
    }

    /// <summary>
    /// Starts a collector with its embedded broker on 127.0.0.1:<paramref name="brokerPort"/> (no authentication) and its
    /// DuckDB store, with <paramref name="settings"/> on top, and waits until <c>/healthz</c> says it is subscribed (at most 60 s).
    /// </summary>
    public static Task<CollectorProcess> StartEmbeddedAsync(string name, int brokerPort, IReadOnlyDictionary<string, string> settings)
    {
        var all = new Dictionary<string, string>
        {
            ["Collector:Broker:Embedded"] = "true",
            ["Collector:Broker:Host"] = "127.0.0.1",
            ["Collector:Broker:Port"] = brokerPort.ToString(CultureInfo.InvariantCulture),
        };
        return StartCoreAsync(name, all, settings, []);
    }

    /// <summary>The collector's data folder (<c>Collector:DataDirectory</c>), kept across restarts.</summary>
    public string DataDirectory => _data.Path;

    private static async Task<CollectorProcess> StartCoreAsync(
        string name, Dictionary<string, string> all, IReadOnlyDictionary<string, string> settings, Dictionary<string, string> environment)
    {
        var httpPort = FreePort.Tcp();
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["Collector:Http:Url"] = $"http://127.0.0.1:{httpPort}",
            ["Collector:Traps:Enabled"] = "false",
            ["Collector:Alerting:Enabled"] = "false",
            ["Agent:Enabled"] = "false",
            ["Hotspot:Enabled"] = "false",
            // These tests count the points of the database's default retention policy (no rollup policies).
            ["Collector:Storage:Retention:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        })
        {
            all[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var arguments = all.Select(s => $"--{s.Key}={s.Value}").ToList();
        var collector = new CollectorProcess(name, httpPort, arguments, environment);
        arguments.Add($"--Collector:DataDirectory={collector._data.Path}");
        await collector.StartAgainAsync();
        return collector;
    }

    /// <summary>
    /// Starts the process (again, after <see cref="Kill"/> or <see cref="StopAsync"/>) with the same settings, client id
    /// and data folder, except for <paramref name="changes"/>, and waits until it is subscribed (at most 60 s).
    /// </summary>
    /// <exception cref="InvalidOperationException">It exited or did not get subscribed; the message has its last output.</exception>
    public async Task StartAgainAsync(IReadOnlyDictionary<string, string>? changes = null)
    {
        foreach (var (key, value) in changes ?? new Dictionary<string, string>())
        {
            _arguments.RemoveAll(a => a.StartsWith($"--{key}=", StringComparison.Ordinal));
            _arguments.Add($"--{key}={value}");
        }

        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Alpi.Collector.dll"));
        foreach (var argument in _arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }

        _process?.Dispose();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = Environment.TickCount64 + 60_000;
        while (Environment.TickCount64 < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"collector {Name} exited with {process.ExitCode} at start:\n{Output}");
            }

            if (await TryHealthAsync() is { } health && health.GetProperty("brokerConnected").GetBoolean())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"collector {Name} did not subscribe within 60 s:\n{Output}");
    }

    /// <summary>The points this process stored since it started (<c>/healthz</c> <c>pointsStored</c>).</summary>
    /// <exception cref="InvalidOperationException">The collector does not answer.</exception>
    public async Task<long> PointsStoredAsync() =>
        (await TryHealthAsync() ?? throw new InvalidOperationException($"collector {Name} does not answer /healthz:\n{Output}"))
            .GetProperty("pointsStored").GetInt64();

    /// <summary>
    /// GETs <paramref name="pathAndQuery"/> (an <c>/api</c> route) with <paramref name="bearerToken"/>, one of the
    /// <c>Collector:Security:Tokens</c> given at start, and returns the JSON answer.
    /// </summary>
    /// <exception cref="HttpRequestException">The collector does not answer 2xx.</exception>
    public async Task<JsonElement> GetJsonAsync(string pathAndQuery, string bearerToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(pathAndQuery, UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>Kills the process at once (SIGKILL): no draining, no acknowledgement, no MQTT DISCONNECT.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    /// <summary>Stops the process as systemd does (SIGTERM) and waits for it to exit (at most 30 s).</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
        }
    }

    /// <summary>The last lines the process wrote (standard output and error).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Kills the process if still running and deletes its data folder.</summary>
    public ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            PeerProcess.Stop(_process);
        }

        _http.Dispose();
        _data.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<JsonElement?> TryHealthAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("/healthz", UriKind.Relative));
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return document.RootElement.Clone();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }
}
