using System.Diagnostics;
using System.Globalization;

namespace Alpi.Testing;

/// <summary>
/// A real InfluxDB 1.x server (Debian package <c>influxdb</c>, 1.6.7) started on a free 127.0.0.1 port with a
/// configuration written in a temp folder (meta, data and WAL there; the RPC bind address moved off 8088; no
/// reporting, no self-monitoring), ready once <c>/ping</c> answers 204. <see cref="Stop"/> and <see cref="StartAgainAsync"/>
/// simulate an outage on the same port and data. See ../shared/PEERS.md.
/// </summary>
public sealed class InfluxDbServer : IDisposable
{
    /// <summary>The path of the influxd binary.</summary>
    public const string Executable = "/usr/bin/influxd";

    private readonly TempDirectory _folder;
    private readonly string _config;
    private Process? _process;

    private InfluxDbServer(TempDirectory folder, string config, int port)
    {
        _folder = folder;
        _config = config;
        Port = port;
    }

    /// <summary>The HTTP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The base URL, <c>http://127.0.0.1:PORT</c>.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Starts influxd and waits until <c>/ping</c> answers (at most 20 s).</summary>
    /// <param name="port">The HTTP port on 127.0.0.1 (one that a test already gave a collector, say); a free one when null.</param>
    /// <exception cref="InvalidOperationException">influxd is not installed or did not start; the message says which.</exception>
    public static async Task<InfluxDbServer> StartAsync(int? port = null)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: install the Debian package influxdb (test.sh does).");
        }

        var folder = new TempDirectory("alpi-influxdb");
        var httpPort = port ?? FreePort.Tcp();
        var rpcPort = FreePort.Tcp();
        var config = Path.Combine(folder.Path, "influxdb.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            reporting-enabled = false
            bind-address = "127.0.0.1:{rpcPort}"
            [meta]
              dir = "{folder.Path}/meta"
            [data]
              dir = "{folder.Path}/data"
              wal-dir = "{folder.Path}/wal"
              query-log-enabled = false
            [monitor]
              store-enabled = false
            [http]
              bind-address = "127.0.0.1:{httpPort}"
              log-enabled = false
            [continuous_queries]
              enabled = false
            """));
        var server = new InfluxDbServer(folder, config, httpPort);
        try
        {
            await server.StartAgainAsync();
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>Starts influxd again after <see cref="Stop"/> with the same port and data, and waits until <c>/ping</c> answers.</summary>
    /// <exception cref="InvalidOperationException">influxd exited or did not answer within 20 s.</exception>
    public async Task StartAgainAsync()
    {
        _process = PeerProcess.Start(new ProcessStartInfo(Executable, ["run", "-config", _config]));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Environment.TickCount64 + 20_000;
        while (Environment.TickCount64 < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"influxd exited with code {_process.ExitCode} at start");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Url + "/ping"));
                if (response.StatusCode == System.Net.HttpStatusCode.NoContent)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"influxd did not answer /ping on {Url} within 20 s");
    }

    /// <summary>Stops influxd (killed, as a crash would), keeping its data.</summary>
    public void Stop()
    {
        if (_process is not null)
        {
            PeerProcess.Stop(_process);
            _process = null;
        }
    }

    /// <summary>Stops influxd and deletes its data.</summary>
    public void Dispose()
    {
        Stop();
        _folder.Dispose();
    }
}
