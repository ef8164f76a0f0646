using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Alpi.Testing;

/// <summary>
/// The collector as its own process (<c>dotnet Alpi.Collector.dll</c> from its build output), so that its memory and CPU
/// are its own: embedded broker and DuckDB store in a temporary folder, no local agent, no hotspot controller, no trap
/// receiver, on free loopback ports.
/// </summary>
internal sealed class CollectorProcess : IDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _data;

    private CollectorProcess(Process process, TempDirectory data, int brokerPort, HttpClient http)
    {
        _process = process;
        _data = data;
        BrokerPort = brokerPort;
        Http = http;
    }

    public int Pid => _process.Id;

    public int BrokerPort { get; }

    public HttpClient Http { get; }

    /// <summary>The collector's build output: <c>--collector PATH</c>, else <c>Alpi.Collector/bin/Release/net10.0/Alpi.Collector.dll</c> of this repository.</summary>
    public static string Locate(string? given)
    {
        if (given is not null)
        {
            return Path.GetFullPath(given);
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Alpi.slnx")))
            {
                var dll = Path.Combine(folder.FullName, "Alpi.Collector", "bin", "Release", "net10.0", "Alpi.Collector.dll");
                return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: dotnet build Alpi.Collector -c Release");
            }
        }

        throw new InvalidOperationException("Alpi.slnx not found above the harness: give --collector PATH/Alpi.Collector.dll");
    }

    public static async Task<CollectorProcess> StartAsync(string dll, IEnumerable<string> extra, IReadOnlyDictionary<string, string> environment)
    {
        var data = new TempDirectory("alpi-scale");
        var brokerPort = FreePort.Tcp();
        var httpPort = FreePort.Tcp();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = data.Path };
        foreach (var argument in new[]
        {
            dll, "--Agent:Enabled=false", "--Hotspot:Enabled=false", "--Collector:Traps:Enabled=false",
            $"--Collector:DataDirectory={data.Path}", $"--Collector:Broker:Port={brokerPort}",
            $"--Collector:Http:Url=http://127.0.0.1:{httpPort}", "--Logging:LogLevel:Default=Warning",
        }.Concat(extra))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = PeerProcess.Start(info, line => Console.WriteLine($"  collector: {line}"));
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        var collector = new CollectorProcess(process, data, brokerPort, http);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                collector.Dispose();
                throw new InvalidOperationException($"the collector exited with code {process.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return collector;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        collector.Dispose();
        throw new InvalidOperationException("the collector did not answer /healthz within 60 s");
    }

    public async Task<JsonElement> HealthAsync()
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
        return document.RootElement.Clone();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // SIGTERM, as systemd stops it; then the whole tree if it lingers.
            Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit();
            _process.WaitForExit(30_000);
        }

        PeerProcess.Stop(_process);
        Http.Dispose();
        _data.Dispose();
    }
}
