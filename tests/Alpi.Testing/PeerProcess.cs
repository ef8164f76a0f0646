using System.Diagnostics;

namespace Alpi.Testing;

/// <summary>
/// Starting and stopping the real peers' processes (mosquitto, snmpd, the agent): output drained so the peer never
/// blocks on a full pipe, and a stop that kills the whole process tree and tolerates a peer that already exited.
/// </summary>
public static class PeerProcess
{
    /// <summary>Starts <paramref name="info"/> with standard output and error redirected and drained.</summary>
    /// <exception cref="InvalidOperationException">The process did not start.</exception>
    public static Process Start(ProcessStartInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Starts <paramref name="info"/> with standard output and error redirected, each line passed to
    /// <paramref name="onLine"/> (called on a thread-pool thread, one line at a time per stream).
    /// </summary>
    /// <exception cref="InvalidOperationException">The process did not start.</exception>
    public static Process Start(ProcessStartInfo info, Action<string> onLine)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(onLine);
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { onLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { onLine(e.Data); } };
        if (!process.Start())
        {
            process.Dispose();
            throw new InvalidOperationException($"{info.FileName} did not start");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Kills the process tree if still running (waits up to 5 s), then releases the handle.</summary>
    public static void Stop(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }
}
