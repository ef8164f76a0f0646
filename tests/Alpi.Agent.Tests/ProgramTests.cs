using System.Diagnostics;

namespace Alpi.Agent.Tests;

/// <summary>The real agent binary (<c>Alpi.Agent.dll</c>, copied beside the tests) started with a bad configuration.</summary>
public sealed class ProgramTests
{
    [TestCase("--Agent:Interval=bad", "Agent:Interval: \"bad\" is not a duration such as 00:05:00 (hh:mm:ss) or 1.00:00:00 (a day)")] // the binder cannot convert it
    [TestCase("--Logging:LogLevel:Default=Verbose", "Logging:LogLevel:Default: \"Verbose\" is not one of Trace, Debug, Information, Warning, Error, Critical, None")] // the logger cannot read it
    [TestCase("--Agent:Interval=00:00:00", "Agent:Interval 00:00:00 must be at least 00:00:01.")] // a validator's refusal
    public async Task Once_AValueThatCannotBeRead_NamesItOnOneLineAndExitsWith2(string setting, string expected)
    {
        var (exitCode, _, stderr) = await RunAsync("--once", setting);

        exitCode.Should().Be(2);
        stderr.Should().Contain("Alpi.Agent cannot start; the configuration has these problems:").And.Contain("  - " + expected);
        stderr.Should().NotContain("Unhandled exception").And.NotContain("   at ");
    }

    [TestCase("--Agent:Interval=soon", "Agent:Interval: \"soon\" is not a duration such as 00:05:00 (hh:mm:ss) or 1.00:00:00 (a day)")]
    [TestCase("--Logging:LogLevel:Default=Verbose", "Logging:LogLevel:Default: \"Verbose\" is not one of Trace, Debug, Information, Warning, Error, Critical, None")]
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

    [Test]
    public async Task Daemon_TwoUnconvertibleValuesAndAPortOutOfRange_ListsAllThreeAndExitsWith2()
    {
        using var data = new Alpi.Testing.TempDirectory("alpi-agent-start");
        // The binder alone stops at the first value it cannot convert, hiding the second and the validator's refusal.
        var (exitCode, stdout, stderr) = await RunAsync(
            "--Agent:Interval=soon", "--Agent:QueueLimit=many", "--Agent:Broker:Port=70000", "--Agent:DataDirectory=" + data.Path);

        exitCode.Should().Be(2);
        ProblemLines(stderr).Should().BeEquivalentTo(
            "Agent:Interval: \"soon\" is not a duration such as 00:05:00 (hh:mm:ss) or 1.00:00:00 (a day)",
            "Agent:QueueLimit: \"many\" is not a whole number",
            "Agent:Broker:Port 70000 must be between 1 and 65535.");
        (stdout + stderr).Should().NotContain("Hosting failed").And.NotContain("   at ");
    }

    [Test]
    public async Task Daemon_BadValuesInTheSnmpAndWirelessSections_AreListedBeforeTheHostStarts()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("The wireless collector is registered on Linux only.");
        }

        using var data = new Alpi.Testing.TempDirectory("alpi-agent-start");
        // These sections were validated only when the host started: the host's failure log and a stack trace came first,
        // and the first unconvertible value hid everything else.
        var (exitCode, stdout, stderr) = await RunAsync(
            "--Agent:Snmp:Devices:0:Name=switch", "--Agent:Snmp:Devices:0:Address=192.0.2.1",
            "--Agent:Snmp:Devices:0:Retries=abc", "--Agent:Snmp:MaxConcurrency=0",
            "--Agent:Wireless:CommandTimeout=soon", "--Agent:Broker:Port=abc", "--Agent:DataDirectory=" + data.Path);

        exitCode.Should().Be(2);
        ProblemLines(stderr).Should().BeEquivalentTo(
            "Agent:Broker:Port: \"abc\" is not a whole number",
            "Agent:Snmp:Devices:0:Retries: \"abc\" is not a whole number",
            "Agent:Snmp:MaxConcurrency 0 must be at least 1.",
            "Agent:Wireless:CommandTimeout: \"soon\" is not a duration such as 00:05:00 (hh:mm:ss) or 1.00:00:00 (a day)");
        (stdout + stderr).Should().NotContain("Hosting failed").And.NotContain("   at ");
    }

    // Each section was validated only when the host started, after its "Hosting failed to start" log and a stack trace.
    [TestCase("--Agent:Snmp:MaxConcurrency=0", "Agent:Snmp:MaxConcurrency 0 must be at least 1.")] // SNMP polling, a validator's refusal
    [TestCase("--Agent:Snmp:Devices:0:Timeout=2s", "Agent:Snmp:Devices:0:Timeout: \"2s\" is not a duration such as 00:05:00 (hh:mm:ss) or 1.00:00:00 (a day)")] // SNMP polling, unconvertible
    [TestCase("--Agent:Gateway:ProcessName=/usr/sbin/chilli", "Agent:Gateway:ProcessName must be a process name (chilli), not empty and without '/'.")] // gateway (Linux)
    public async Task Daemon_ABadValueInACollectorsSection_IsOneLineWithoutTheHostsFailureLog(string setting, string expected)
    {
        if (setting.Contains("Gateway", StringComparison.Ordinal) && !OperatingSystem.IsLinux())
        {
            Assert.Ignore("The gateway collector is registered on Linux only.");
        }

        using var data = new Alpi.Testing.TempDirectory("alpi-agent-start");
        var (exitCode, stdout, stderr) = await RunAsync(
            setting, "--Agent:Snmp:Devices:0:Name=switch", "--Agent:Snmp:Devices:0:Address=192.0.2.1",
            "--Agent:DataDirectory=" + data.Path, "--Agent:Broker:Port=9");

        exitCode.Should().Be(2);
        ProblemLines(stderr).Should().Equal(expected);
        (stdout + stderr).Should().NotContain("Hosting failed").And.NotContain("   at ");
    }

    [Test]
    public async Task Once_ABadValueInTheSnmpSection_IsListedWithTheOthers()
    {
        var (exitCode, stdout, stderr) = await RunAsync(
            "--once", "--Agent:Snmp:Devices:0:Name=switch", "--Agent:Snmp:Devices:0:Address=192.0.2.1",
            "--Agent:Snmp:Devices:0:Interval=hourly", "--Agent:Interval=00:00:00");

        exitCode.Should().Be(2);
        ProblemLines(stderr).Should().BeEquivalentTo(
            "Agent:Interval 00:00:00 must be at least 00:00:01.",
            "Agent:Snmp:Devices:0:Interval: \"hourly\" is not a duration such as 00:05:00 (hh:mm:ss) or 1.00:00:00 (a day)");
        (stdout + stderr).Should().NotContain("   at ");
    }

    /// <summary>The problems the agent listed on stderr, without their "  - " bullets.</summary>
    private static List<string> ProblemLines(string stderr) =>
        stderr.Split('\n').Where(l => l.StartsWith("  - ", StringComparison.Ordinal)).Select(l => l[4..].TrimEnd('\r')).ToList();

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
