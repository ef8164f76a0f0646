using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Alpi.Testing;

/// <summary>
/// The real agent binary (<c>Alpi.Agent.dll</c>, copied beside the tests) run as a separate process, so a test can
/// kill it (SIGKILL) and watch the broker publish its last will, or restart it on the same disk buffer.
/// </summary>
public sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly TempDirectory? _ownData;
    private readonly ConcurrentQueue<string> _output;

    private AgentProcess(Process process, TempDirectory? ownData, ConcurrentQueue<string> output)
    {
        _process = process;
        _ownData = ownData;
        _output = output;
    }

    /// <summary>
    /// Starts <c>dotnet Alpi.Agent.dll</c> publishing to 127.0.0.1:<paramref name="brokerPort"/> every second, its
    /// data (disk buffer) in a temporary folder deleted on dispose.
    /// </summary>
    public static AgentProcess Start(int brokerPort, string tenant, string host)
    {
        var data = new TempDirectory("alpi-agent");
        return Start(brokerPort, tenant, host, data.Path, [], data);
    }

    /// <summary>
    /// Starts <c>dotnet Alpi.Agent.dll</c> publishing to 127.0.0.1:<paramref name="brokerPort"/> every second with its
    /// <c>Agent:DataDirectory</c> in <paramref name="dataDirectory"/> (kept on dispose, so that another agent can
    /// start on the same disk buffer) and <paramref name="switches"/> added to its command line
    /// (<c>--Agent:Buffer:MaxMiB=0.01</c>). Its standard output and error are kept in <see cref="Output"/>.
    /// </summary>
    public static AgentProcess Start(int brokerPort, string tenant, string host, string dataDirectory, IEnumerable<string> switches) =>
        Start(brokerPort, tenant, host, dataDirectory, switches, ownData: null);

    /// <summary>The lines the agent wrote on standard output and error so far (console log), in order per stream.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>Kills the agent at once (SIGKILL: no clean MQTT DISCONNECT, no flush), as a power cut would.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
    }

    /// <summary>
    /// Stops the agent as systemd does (SIGTERM: the agent flushes, publishes its offline status and disconnects) and
    /// waits up to <paramref name="timeout"/> for it to exit; its <see cref="Output"/> stays readable.
    /// </summary>
    /// <returns>True when the agent exited within the time-out.</returns>
    public bool Terminate(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        // WaitForExit with a time-out returns at the exit, before the last lines of redirected output are delivered;
        // without one it also waits for the end of both streams.
        _process.WaitForExit();
        return true;
    }

    /// <summary>Kills the agent if still running.</summary>
    public void Dispose()
    {
        PeerProcess.Stop(_process);
        _ownData?.Dispose();
    }

    private static AgentProcess Start(int brokerPort, string tenant, string host, string dataDirectory, IEnumerable<string> switches, TempDirectory? ownData)
    {
        ArgumentNullException.ThrowIfNull(switches);
        var dll = Path.Combine(AppContext.BaseDirectory, "Alpi.Agent.dll");
        var info = new ProcessStartInfo("dotnet");
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add($"--Agent:Broker:Port={brokerPort.ToString(CultureInfo.InvariantCulture)}");
        info.ArgumentList.Add($"--Agent:Tenant={tenant}");
        info.ArgumentList.Add($"--Agent:Host={host}");
        info.ArgumentList.Add("--Agent:Interval=00:00:01");
        info.ArgumentList.Add($"--Agent:DataDirectory={dataDirectory}");
        foreach (var option in switches)
        {
            info.ArgumentList.Add(option);
        }

        var output = new ConcurrentQueue<string>();
        return new AgentProcess(PeerProcess.Start(info, output.Enqueue), ownData, output);
    }
}
