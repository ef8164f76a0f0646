using System.Diagnostics;
using System.Globalization;
using Alpi.Testing;

namespace Alpi.Agent.Tests.Terminal;

/// <summary>
/// <c>install/terminal/alpi-agent.sh</c> run by a real shell (<c>dash</c>, Debian's <c>/bin/sh</c>, or
/// <c>busybox sh</c> with busybox's applets first on <c>PATH</c>), as a terminal runs it.
/// </summary>
internal static class ShellAgent
{
    /// <summary>The script in the repository (found by walking up from the test binaries).</summary>
    public static string ScriptPath { get; } = FindScript();

    /// <summary>The busybox binary, or null when the Debian package busybox is not installed.</summary>
    public static string? Busybox => File.Exists("/usr/bin/busybox") ? "/usr/bin/busybox" : File.Exists("/bin/busybox") ? "/bin/busybox" : null;

    /// <summary>Runs <c>SHELL script ARGS</c> to its end (at most 60 s) and returns its exit code and outputs.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string shell, IReadOnlyList<string> arguments, IDictionary<string, string>? environment = null)
    {
        var info = StartInfo(shell, arguments, environment);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{shell} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Starts the agent loop in the background; disposing the handle kills it and its children.</summary>
    public static Running Start(string shell, IDictionary<string, string> environment) =>
        new(PeerProcess.Start(StartInfo(shell, [], environment)));

    /// <summary>Sends a signal to one process only (not its children), as <c>kill -s SIGNAL PID</c>.</summary>
    public static async Task SignalAsync(Process process, string signal)
    {
        ArgumentNullException.ThrowIfNull(process);
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal, process.Id.ToString(CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync();
    }

    /// <summary>A running agent: <see cref="Dispose"/> kills its whole process tree (watcher, reader, guard) if still there.</summary>
    internal sealed class Running(Process process) : IDisposable
    {
        public Process Process { get; } = process;

        public void Dispose() => PeerProcess.Stop(Process);
    }

    private static ProcessStartInfo StartInfo(string shell, IReadOnlyList<string> arguments, IDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(shell) { UseShellExecute = false };
        if (shell.EndsWith("busybox", StringComparison.Ordinal))
        {
            // busybox's own applets (awk, date, stat, tr, sed…) first, as on a terminal.
            info.ArgumentList.Add("sh");
            info.Environment["PATH"] = BusyboxApplets() + ":" + Environment.GetEnvironmentVariable("PATH");
        }

        info.ArgumentList.Add(ScriptPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["ALPI_CONFIG"] = "/nonexistent/agent.conf";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }

    private static string BusyboxApplets()
    {
        var directory = Path.Join(Path.GetTempPath(), "alpi-busybox-applets");
        if (!File.Exists(Path.Join(directory, "awk")))
        {
            Directory.CreateDirectory(directory);
            using var install = Process.Start(new ProcessStartInfo(Busybox!, ["--install", "-s", directory]))!;
            install.WaitForExit();
        }

        return directory;
    }

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Join(directory.FullName, "install", "terminal", "alpi-agent.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("install/terminal/alpi-agent.sh not found above " + AppContext.BaseDirectory);
    }
}
