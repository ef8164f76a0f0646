using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Alpi.Testing;

/// <summary>
/// A real Mosquitto 2.0 broker (Debian package <c>mosquitto</c>) started on a free 127.0.0.1 port with its
/// configuration in a temp folder, stopped on dispose: anonymous, with <c>set_tcp_nodelay true</c> (without it
/// QoS 1 crawls, see ../shared/PEERS.md), or on a configuration the test wrote (authentication, ACL, TLS).
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    private readonly TempDirectory _folder;
    private Process _process;

    private readonly string _configFile;

    private MosquittoBroker(int port, Process process, TempDirectory folder, string configFile)
    {
        Port = port;
        _process = process;
        _folder = folder;
        _configFile = configFile;
    }

    /// <summary>The broker's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The path of the mosquitto binary.</summary>
    public const string Executable = "/usr/sbin/mosquitto";

    /// <summary>Starts an anonymous broker and waits until it accepts connections (at most 10 s).</summary>
    /// <exception cref="InvalidOperationException">Mosquitto is not installed or did not start; the message says which.</exception>
    public static Task<MosquittoBroker> StartAsync() => StartAsync(persistence: false);

    /// <summary>
    /// Starts the broker and waits until it accepts connections (at most 10 s). With <paramref name="persistence"/>,
    /// sessions and their queued QoS 1 messages are saved in the broker's folder when it stops
    /// (<see cref="StopAsync"/>) and restored by <see cref="RestartAsync"/>, as a production broker would.
    /// </summary>
    /// <exception cref="InvalidOperationException">Mosquitto is not installed or did not start; the message says which.</exception>
    public static async Task<MosquittoBroker> StartAsync(bool persistence)
    {
        var port = FreePort.Tcp();
        var folder = new TempDirectory("alpi-mosquitto");
        var config = Path.Combine(folder.Path, "mosquitto.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            per_listener_settings false
            listener {port} 127.0.0.1
            allow_anonymous true
            set_tcp_nodelay true
            persistence {(persistence ? "true" : "false")}
            max_queued_messages 100000
            log_dest stderr
            log_type error
            log_type warning
            """));
        if (persistence)
        {
            // Saved on SIGTERM into the temp folder; as root mosquitto would switch to its own user, who cannot write there.
            await File.AppendAllTextAsync(config, $"\npersistence_location {folder.Path}/\nuser root\n");
        }

        return await StartAsync(folder, config, port);
    }

    /// <summary>
    /// Starts mosquitto on <paramref name="configFile"/>, a configuration the caller wrote in <paramref name="folder"/>
    /// (with the password, ACL, certificate and persistence files it names), and waits until 127.0.0.1:<paramref name="port"/>
    /// accepts connections (at most 10 s). Run as root, mosquitto reads those files after dropping to the
    /// <c>mosquitto</c> user, so the folder is given to that user first. The broker owns <paramref name="folder"/> and
    /// deletes it on dispose.
    /// </summary>
    /// <exception cref="InvalidOperationException">Mosquitto is not installed, exited at start (its configuration or a
    /// file it names is wrong: see <paramref name="folder"/>'s log if the configuration logs to a file) or did not listen.</exception>
    public static async Task<MosquittoBroker> StartAsync(TempDirectory folder, string configFile, int port)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: install the Debian package mosquitto (the README's test command does).");
        }

        if (Environment.IsPrivilegedProcess)
        {
            using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", "mosquitto:", folder.Path]) { UseShellExecute = false })!;
            await chown.WaitForExitAsync();
        }

        var process = PeerProcess.Start(new ProcessStartInfo(Executable, ["-c", configFile]));
        var broker = new MosquittoBroker(port, process, folder, configFile);
        try
        {
            await WaitListeningAsync(process, port);
            return broker;
        }
        catch (InvalidOperationException)
        {
            broker.Dispose();
            throw;
        }
    }

    /// <summary>Stops the broker as its service would (SIGTERM), waits until it has exited (at most 10 s); the port stays reserved for <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Starts the stopped broker again on the same port with the same configuration (and saved sessions, when persistent).</summary>
    /// <exception cref="InvalidOperationException">It did not start.</exception>
    public async Task RestartAsync()
    {
        await StopAsync();
        _process.Dispose();
        _process = PeerProcess.Start(new ProcessStartInfo(Executable, ["-c", _configFile]));
        await WaitListeningAsync(_process, Port);
    }

    private static async Task WaitListeningAsync(Process process, int port)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (Environment.TickCount64 < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited with code {process.ExitCode} at start");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"mosquitto did not listen on 127.0.0.1:{port} within 10 s");
    }

    /// <summary>The process id of mosquitto.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Stops the broker.</summary>
    public void Dispose()
    {
        PeerProcess.Stop(_process);
        _folder.Dispose();
    }
}
