using System.Diagnostics;
using System.Globalization;

namespace Alpi.Testing;

/// <summary>
/// The real agent binary (<c>Alpi.Agent.dll</c>, copied beside the tests) run as a separate process, so a test can
/// kill it (SIGKILL) and watch the broker publish its last will.
/// </summary>
public sealed class AgentProcess : IDisposable
{
    private readonly Process _process;

    private AgentProcess(Process process) => _process = process;

    /// <summary>Starts <c>dotnet Alpi.Agent.dll</c> publishing to 127.0.0.1:<paramref name="brokerPort"/> every second.</summary>
    public static AgentProcess Start(int brokerPort, string tenant, string host)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Alpi.Agent.dll");
        var info = new ProcessStartInfo("dotnet");
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add($"--Agent:Broker:Port={brokerPort.ToString(CultureInfo.InvariantCulture)}");
        info.ArgumentList.Add($"--Agent:Tenant={tenant}");
        info.ArgumentList.Add($"--Agent:Host={host}");
        info.ArgumentList.Add("--Agent:Interval=00:00:01");
        return new AgentProcess(PeerProcess.Start(info));
    }

    /// <summary>Kills the agent at once (no clean MQTT DISCONNECT), as a power cut would.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
    }

    /// <summary>Kills the agent if still running.</summary>
    public void Dispose() => PeerProcess.Stop(_process);
}
