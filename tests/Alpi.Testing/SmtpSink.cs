using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Alpi.Testing;

/// <summary>
/// A real SMTP server that keeps what it receives: Postfix's <c>smtp-sink</c> (Debian package <c>postfix</c>; postfix
/// itself is never started) on a free 127.0.0.1 port, writing one file per message into a temp folder. It offers no
/// STARTTLS and fails AUTH (../shared/PEERS.md), so clients connect in plain SMTP without credentials.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    /// <summary>The smtp-sink binary.</summary>
    public const string Executable = "/usr/sbin/smtp-sink";

    private readonly TempDirectory _folder;
    private readonly Process _process;

    private SmtpSink(int port, Process process, TempDirectory folder)
    {
        Port = port;
        _process = process;
        _folder = folder;
    }

    /// <summary>The sink's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Starts the sink and waits until it accepts connections (at most 10 s).</summary>
    /// <exception cref="InvalidOperationException">smtp-sink is missing or did not start.</exception>
    public static async Task<SmtpSink> StartAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: install the Debian package postfix (test.sh does; postfix itself is not started).");
        }

        var port = FreePort.Tcp();
        var folder = new TempDirectory("alpi-smtp-sink");
        // smtp-sink drops to "nobody" after opening its socket: the folder must be writable by it.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        }

        var args = new List<string>();
        if (Environment.UserName == "root")
        {
            args.AddRange(["-u", "nobody"]);
        }

        args.AddRange(["-d", Path.Combine(folder.Path, "%Y%m%d%H%M%S."), "-h", "sink", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}"), "256"]);
        var process = PeerProcess.Start(new ProcessStartInfo(Executable, args));
        var sink = new SmtpSink(port, process, folder);
        var deadline = Environment.TickCount64 + 10_000;
        while (Environment.TickCount64 < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"smtp-sink exited with code {process.ExitCode} at start");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return sink;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        sink.Dispose();
        throw new InvalidOperationException($"smtp-sink did not listen on 127.0.0.1:{port} within 10 s");
    }

    /// <summary>The messages received so far (whole SMTP transactions as smtp-sink dumps them), oldest first.</summary>
    public IReadOnlyList<string> Messages()
    {
        var result = new List<string>();
        foreach (var file in new DirectoryInfo(_folder.Path).GetFiles().OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            try
            {
                result.Add(File.ReadAllText(file.FullName));
            }
            catch (IOException)
            {
                // Still being written: seen at the next call.
            }
        }

        return result;
    }

    /// <summary>Stops the sink and deletes its folder.</summary>
    public void Dispose()
    {
        PeerProcess.Stop(_process);
        _folder.Dispose();
    }
}
