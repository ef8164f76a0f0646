using Alpi.Agent.Collectors;
using Alpi.Agent.Collectors.Cpu;
using Alpi.Agent.Collectors.Disk;
using Alpi.Agent.Collectors.HostFiles;
using Alpi.Agent.Collectors.Mem;
using Alpi.Agent.Collectors.Net;
using Alpi.Agent.Collectors.System;
using Alpi.Agent.Tests.Collectors;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Tests.Terminal;

/// <summary>
/// <c>alpi-agent.sh --once</c> on this machine's real <c>/proc</c> and <c>/sys</c>, under dash (Debian's /bin/sh) and
/// under busybox's ash with busybox's awk, date, stat…: the output must be valid line protocol for our parser, and carry
/// the measurements, tags and field types of the .NET agent's host collectors.
/// </summary>
[Category("Integration")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class ShellMicroAgentOnceTests
{
    private static readonly string[] HostMeasurements = ["cpu", "mem", "swap", "disk", "net", "system"];

    public static IEnumerable<string> Shells()
    {
        yield return "dash";
        yield return "busybox";
    }

    [TestCaseSource(nameof(Shells))]
    public async Task SyntaxCheck_Shell_AcceptsTheScript(string shell)
    {
        var executable = Resolve(shell);
        using var check = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(executable, executable.EndsWith("busybox", StringComparison.Ordinal) ? ["sh", "-n", ShellAgent.ScriptPath] : ["-n", ShellAgent.ScriptPath])
        {
            RedirectStandardError = true,
        })!;
        var errors = await check.StandardError.ReadToEndAsync();
        await check.WaitForExitAsync();

        check.ExitCode.Should().Be(0, errors);
    }

    [TestCaseSource(nameof(Shells))]
    public async Task Once_Shell_EveryLineParsesWithNanosecondTimestampsAndTheHostTag(string shell)
    {
        var (exitCode, output, error) = await ShellAgent.RunAsync(Resolve(shell), ["--once"], new Dictionary<string, string> { ["ALPI_HOST"] = "borne-test" });

        exitCode.Should().Be(0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var parsed = LineProtocolParser.Parse(output, TimestampPrecision.Nanoseconds);
        parsed.Errors.Should().BeEmpty();
        parsed.Points.Should().HaveCount(lines.Length);
        parsed.Points.Select(p => p.Measurement).Distinct().Should().BeEquivalentTo([.. HostMeasurements, "alpi_agent"]);
        parsed.Points.Should().OnlyContain(p => p.GetTag("host") == "borne-test");
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000L;
        parsed.Points.Should().OnlyContain(p => p.Timestamp != null && Math.Abs(p.Timestamp.Value - now) < 600_000_000_000L,
            "timestamps are nanoseconds since the epoch, taken during the run");
        parsed.Points.Single(p => p.Measurement == "cpu" && p.GetTag("cpu") == "cpu-total").Fields.Should().HaveCount(10);
    }

    [TestCaseSource(nameof(Shells))]
    public async Task Once_Shell_HasTheTagsAndFieldTypesOfTheDotNetHostCollectors(string shell)
    {
        var (exitCode, output, error) = await ShellAgent.RunAsync(Resolve(shell), ["--once"], new Dictionary<string, string> { ["ALPI_HOST"] = "borne-test" });
        exitCode.Should().Be(0, error);
        var script = LineProtocolParser.Parse(output, TimestampPrecision.Nanoseconds).Points;
        var dotnet = await CollectDotNetAsync();

        foreach (var measurement in HostMeasurements)
        {
            Shape(script, measurement).Should().BeEquivalentTo(Shape(dotnet, measurement), $"{measurement} has the same tag keys, field names and field types in both agents");
        }
    }

    [Test]
    public async Task Start_InvalidConfiguration_ExitsTwoNamingEveryProblem()
    {
        var (exitCode, _, error) = await ShellAgent.RunAsync("dash", [], new Dictionary<string, string>
        {
            ["ALPI_TENANT"] = "a/b",
            ["ALPI_INTERVAL"] = "0",
            ["ALPI_USERNAME"] = "borne",
        });

        exitCode.Should().Be(2);
        error.Should().Contain("ALPI_TENANT \"a/b\"").And.Contain("ALPI_INTERVAL \"0\"").And.Contain("ALPI_USERNAME and ALPI_PASSWORD");
    }

    private static List<string> Shape(IEnumerable<LinePoint> points, string measurement)
    {
        var selected = points.Where(p => p.Measurement == measurement).ToList();
        selected.Should().NotBeEmpty($"a {measurement} point is published");
        return selected
            .SelectMany(p => p.Tags.Where(t => t.Key != "host").Select(t => "tag " + t.Key).Concat(p.Fields.Select(f => $"field {f.Key} {f.Value.Kind}")))
            .Distinct()
            .ToList();
    }

    private static async Task<List<LinePoint>> CollectDotNetAsync()
    {
        var files = new HostFileSystem("/");
        var sink = new RecordingSink();
        var cpu = new CpuCollector(files);
        await cpu.CollectAsync(new RecordingSink(), CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        IMetricCollector[] collectors =
        [
            cpu, new MemCollector(files), new SwapCollector(files), new DiskCollector(files, new LinuxFileSystemUsage("/")),
            new NetCollector(files), new SystemCollector(files),
        ];
        foreach (var collector in collectors)
        {
            await collector.CollectAsync(sink, CancellationToken.None);
        }

        return sink.Points;
    }

    private static string Resolve(string shell)
    {
        if (shell == "busybox")
        {
            if (ShellAgent.Busybox is null)
            {
                Assert.Ignore("busybox is not installed (Debian package busybox): the busybox run is skipped");
            }

            return ShellAgent.Busybox!;
        }

        return shell;
    }
}
