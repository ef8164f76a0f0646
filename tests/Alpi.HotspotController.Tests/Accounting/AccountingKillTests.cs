using System.Diagnostics;
using System.Globalization;
using Alpi.HotspotController.Cli;
using Alpi.HotspotController.Tests.Radius;
using Alpi.Testing;
using Microsoft.Data.Sqlite;

namespace Alpi.HotspotController.Tests.Accounting;

/// <summary>
/// RFC 2866 §4.1: an Accounting-Response means "recorded". The real controller binary (<c>Alpi.HotspotController.dll</c>,
/// SQLite state) as a separate process gets accounting Starts and Stops from radclient (a real NAS) and is killed with
/// SIGKILL the moment radclient has all its Accounting-Responses; every session radclient was answered for is then in
/// <c>hotspot.db</c>, opened afresh, with its Stop.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class AccountingKillTests
{
    private const int Sessions = 40;

    [Test]
    public async Task ControllerKilledRightAfterTheAccountingResponses_EverySessionAnsweredIsOnDisk()
    {
        using var data = new TempDirectory("alpi-hotspot-kill");
        var switches = new[] { $"--Hotspot:DataDirectory={data.Path}", "--Hotspot:Telemetry:Enabled=false" };
        using (var input = new StringReader(RadiusHarness.Secret + "\n"))
        using (var output = new StringWriter())
        using (var error = new StringWriter())
        {
            (await HotspotCli.RunAsync(["nas", "add", RadiusHarness.NasName, "--address", "127.0.0.1", .. switches], new Alpi.Protocols.Cli.SecretInput.Source(input, false, error), output, error))
                .Should().Be(0, error.ToString());
        }

        var acctPort = FreePort.Udp();
        using var controller = StartController(switches, FreePort.Udp(), acctPort);
        try
        {
            await WaitForAccountingAsync(controller, acctPort);

            // Starts then Stops: 80 requests, 20 at a time; radclient exits 0 only when every one was answered.
            var requests = Enumerable.Range(0, Sessions).Select(i => Request(i, "Start"))
                .Concat(Enumerable.Range(0, Sessions).Select(i => Request(i, "Stop")));
            var (exit, output) = await Radclient.RunAsync(acctPort, "acct", string.Join("\n\n", requests), retries: 3);
            controller.Kill();
            await controller.WaitForExitAsync();

            exit.Should().Be(0, output);
            output.Split('\n').Count(l => l.Contains("Received Accounting-Response", StringComparison.Ordinal)).Should().Be(2 * Sessions);
        }
        finally
        {
            PeerProcess.Stop(controller);
        }

        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(data.Path, "hotspot.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), count(stopped_unix_ms) FROM sessions WHERE acct_session_id LIKE 'kill-%'";
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue();
        (reader.GetInt64(0), reader.GetInt64(1)).Should().Be(((long)Sessions, (long)Sessions), "every Start and Stop answered is recorded");
    }

    private static string Request(int i, string status) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Acct-Status-Type = {status}, Acct-Session-Id = \"kill-{i}\", User-Name = \"02:00:00:00:09:{i:x2}\", Calling-Station-Id = \"02:00:00:00:09:{i:x2}\", NAS-IP-Address = 127.0.0.1, Acct-Session-Time = {(status == "Stop" ? 60 : 0)}");

    private static Process StartController(string[] switches, int authPort, int acctPort)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Alpi.HotspotController.dll"));
        foreach (var argument in switches.Concat([
            "--Hotspot:Radius:BindAddress=127.0.0.1",
            $"--Hotspot:Radius:AuthPort={authPort}",
            $"--Hotspot:Radius:AcctPort={acctPort}",
            $"--Hotspot:Portal:Url=http://127.0.0.1:{FreePort.Tcp()}",
            "--Logging:LogLevel:Default=Warning",
        ]))
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits (at most 60 s) until the accounting port answers Status-Server.</summary>
    private static async Task WaitForAccountingAsync(Process controller, int acctPort)
    {
        var deadline = Environment.TickCount64 + 60_000;
        while (Environment.TickCount64 < deadline)
        {
            controller.HasExited.Should().BeFalse("the controller must start");
            var (exit, _) = await Radclient.RunAsync(acctPort, "status", "Message-Authenticator = 0x00", timeoutSeconds: 1);
            if (exit == 0)
            {
                return;
            }
        }

        Assert.Fail("the controller's accounting port did not answer Status-Server within 60 s");
    }
}
