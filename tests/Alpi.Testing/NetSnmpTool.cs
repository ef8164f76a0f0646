using System.Diagnostics;

namespace Alpi.Testing;

/// <summary>Runs net-snmp's command-line tools (snmpget, snmpbulkwalk, snmptrap, snmpinform) without MIB files.</summary>
public static class NetSnmpTool
{
    /// <summary>Runs <paramref name="tool"/> with <paramref name="args"/> (at most 60 s).</summary>
    /// <returns>The exit code and standard output.</returns>
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var info = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["MIBS"] = "";
        info.Environment["MIBDIRS"] = "/dev/null";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        await error;
        return (process.ExitCode, await output);
    }
}
