using System.Diagnostics;

namespace Alpi.Agent.Tests;

/// <summary>The real agent binary (<c>Alpi.Agent.dll</c>, copied beside the tests) started with a bad configuration.</summary>
public sealed class ProgramTests
{
    [TestCase("--Agent:Interval=bad", "Failed to convert configuration value 'bad' at 'Agent:Interval'")] // the binder's error
    [TestCase("--Logging:LogLevel:Default=Verbose", "Configuration value 'Verbose' is not supported.")] // the logger's error
    [TestCase("--Agent:Interval=00:00:00", "Agent:Interval 00:00:00 must be at least 00:00:01.")] // a validator's refusal
    public async Task Once_AValueThatCannotBeRead_NamesItOnOneLineAndExitsWith2(string setting, string expected)
    {
        var (exitCode, _, stderr) = await RunAsync("--once", setting);

        exitCode.Should().Be(2);
        stderr.Should().Contain("Alpi.Agent cannot start; the configuration has these problems:").And.Contain("  - " + expected);
        stderr.Should().NotContain("Unhandled exception").And.NotContain("   at ");
    }

    [TestCase("--Agent:Interval=soon", "Failed to convert configuration value 'soon' at 'Agent:Interval'")]
    [TestCase("--Logging:LogLevel:Default=Verbose", "Configuration value 'Verbose' is not supported.")]
    [TestCase("--Agent:Interval=00:00:00", "Agent:Interval 00:00:00 must be at least 00:00:01.")]
    public async Task Daemon_AValueThatCannotBeRead_NamesItOnOneLineWithoutTheHostsStackTrace(string setting, string expected)
    {
        using var data = new Alpi.Testing.TempDirectory("alpi-agent-start");
        // The broker's port is never reached: the configuration is refused first.
        var (exitCode, stdout, stderr) = await RunAsync(setting, "--Agent:DataDirectory=" + data.Path, "--Agent:Broker:Port=9");

        exitCode.Should().Be(2);
        stderr.Should().Contain("  - " + expected);
        (stdout + stderr).Should().NotContain("Hosting failed to start").And.NotContain("   at ");
    }

    /// <summary>Runs the agent with <paramref name="arguments"/> until it exits (at most 60 s).</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Alpi.Agent.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        var output = await stdout;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, output, stderr);
    }
}
