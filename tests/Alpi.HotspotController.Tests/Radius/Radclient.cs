using System.Diagnostics;
using System.Globalization;

namespace Alpi.HotspotController.Tests.Radius;

/// <summary>FreeRADIUS's radclient (Debian freeradius-utils) as the NAS, on 127.0.0.1 (see ../shared/PEERS.md).</summary>
internal static class Radclient
{
    public const string Executable = "/usr/bin/radclient";

    /// <summary>
    /// Sends one request (<paramref name="command"/> <c>auth</c>, <c>acct</c> or <c>status</c>) with
    /// <paramref name="attributes"/> in radclient's syntax and returns its exit code (0 when answered as expected) and
    /// its verbose output (<c>-x</c>: the packets sent and received, attribute by attribute).
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(int port, string command, string attributes, string secret = RadiusHarness.Secret, int retries = 1, double timeoutSeconds = 3)
    {
        if (!File.Exists(Executable))
        {
            Assert.Fail($"{Executable} is not installed: install the Debian package freeradius-utils (./test.sh does)");
        }

        var info = new ProcessStartInfo(Executable,
        [
            "-x", "-r", retries.ToString(CultureInfo.InvariantCulture), "-t", timeoutSeconds.ToString(CultureInfo.InvariantCulture),
            $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", command, secret,
        ])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteLineAsync(attributes);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, await stdout + await stderr);
    }
}
