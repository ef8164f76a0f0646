using System.Diagnostics;
using System.Globalization;

namespace Alpi.Testing;

/// <summary>
/// FreeRADIUS's radclient (Debian freeradius-utils) as a terminal (NAS) on 127.0.0.1 (../shared/PEERS.md): one request
/// per call. The hotspot controller's tests reach it through their <c>Radclient</c>, which adds their harness's secret.
/// </summary>
public static class RadclientProcess
{
    /// <summary>The executable.</summary>
    public const string Executable = "/usr/bin/radclient";

    /// <summary>
    /// Sends one request (<paramref name="command"/> <c>auth</c>, <c>acct</c> or <c>status</c>) with
    /// <paramref name="attributes"/> in radclient's syntax (<c>Acct-Status-Type = Start, Acct-Session-Id = "s1"</c>) and
    /// returns its exit code (0 when answered as expected) and its verbose output (<c>-x</c>: the packets sent and
    /// received, attribute by attribute). radclient sends the request <paramref name="retries"/> times at most (its
    /// <c>-r</c>), waiting <paramref name="timeoutSeconds"/> seconds for each answer (its <c>-t</c>).
    /// </summary>
    /// <exception cref="FileNotFoundException">radclient is not installed.</exception>
    /// <exception cref="TimeoutException">radclient has not exited within 30 seconds.</exception>
    public static async Task<(int ExitCode, string Output)> RunAsync(int port, string command, string attributes, string secret, int retries = 2, double timeoutSeconds = 3)
    {
        if (!File.Exists(Executable))
        {
            throw new FileNotFoundException($"{Executable} is not installed: install the Debian package freeradius-utils (./test.sh does)", Executable);
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
