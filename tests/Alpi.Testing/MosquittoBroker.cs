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
    private readonly Process _process;

    private MosquittoBroker(int port, Process process, TempDirectory folder)
    {
        Port = port;
        _process = process;
        _folder = folder;
    }

    /// <summary>The broker's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The path of the mosquitto binary.</summary>
    public const string Executable = "/usr/sbin/mosquitto";

    /// <summary>Starts an anonymous broker and waits until it accepts connections (at most 10 s).</summary>
    /// <exception cref="InvalidOperationException">Mosquitto is not installed or did not start; the message says which.</exception>
    public static async Task<MosquittoBroker> StartAsync()
    {
        var port = FreePort.Tcp();
        var folder = new TempDirectory("alpi-mosquitto");
        var config = Path.Combine(folder.Path, "mosquitto.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            per_listener_settings false
            listener {port} 127.0.0.1
            allow_anonymous true
            set_tcp_nodelay true
            persistence false
            max_queued_messages 100000
            log_dest stderr
            log_type error
            log_type warning
            """));
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
        var broker = new MosquittoBroker(port, process, folder);
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
                return broker;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        broker.Dispose();
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
