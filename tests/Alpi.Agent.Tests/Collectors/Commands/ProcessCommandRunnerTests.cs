using Alpi.Agent.Collectors.Commands;

namespace Alpi.Agent.Tests.Collectors.Commands;

/// <summary>The real runner against real processes (<c>/bin/sh</c>, coreutils).</summary>
[Category("Integration")]
public class ProcessCommandRunnerTests
{
    private readonly ProcessCommandRunner _runner = new();

    [Test]
    public async Task Run_CommandWritingBothStreams_ReturnsThemAndTheExitStatus()
    {
        var result = await _runner.RunAsync("sh", ["-c", "printf 'a\\tb\\n'; printf 'oops\\n' >&2; exit 3"], TimeSpan.FromSeconds(10), CancellationToken.None);

        result.Outcome.Should().Be(CommandOutcome.Completed);
        result.ExitCode.Should().Be(3);
        result.StandardOutput.Should().Be("a\tb\n");
        result.StandardError.Should().Be("oops\n");
        result.Succeeded.Should().BeFalse();
        result.Describe().Should().Be("exit status 3: oops");
    }

    [Test]
    public async Task Run_ArgumentsWithSpacesAndQuotes_ArePassedWithoutAShell()
    {
        var result = await _runner.RunAsync("printf", ["%s|", "two words", "it's", "$HOME"], TimeSpan.FromSeconds(10), CancellationToken.None);

        result.Succeeded.Should().BeTrue();
        result.StandardOutput.Should().Be("two words|it's|$HOME|");
    }

    [Test]
    public async Task Run_Always_SetsLcAllToC()
    {
        var result = await _runner.RunAsync("sh", ["-c", "echo \"$LC_ALL\""], TimeSpan.FromSeconds(10), CancellationToken.None);

        result.StandardOutput.Should().Be("C\n");
    }

    [Test]
    public async Task Run_MissingCommand_ReturnsNotFoundWithoutThrowing()
    {
        var result = await _runner.RunAsync("alpi-no-such-command", [], TimeSpan.FromSeconds(10), CancellationToken.None);

        result.Outcome.Should().Be(CommandOutcome.NotFound);
        result.Describe().Should().Be("not found");
    }

    [Test]
    public async Task Run_CommandOutlivingTheTimeout_IsKilledWithItsChildren()
    {
        using var marker = new Alpi.Testing.TempDirectory("alpi-runner");
        var pidFile = Path.Join(marker.Path, "child.pid");

        var result = await _runner.RunAsync("sh", ["-c", $"sleep 60 & echo $! > '{pidFile}'; wait"], TimeSpan.FromMilliseconds(300), CancellationToken.None);

        result.Outcome.Should().Be(CommandOutcome.TimedOut);
        var child = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var gone = await Alpi.Testing.Eventually.WaitAsync<object>(
            () => Task.FromResult<object?>(Directory.Exists($"/proc/{child}") ? null : new object()), TimeSpan.FromSeconds(10));
        gone.Should().NotBeNull("the sleep child is killed with the shell");
    }

    [Test]
    public async Task Run_OutputLongerThanTheLimit_IsCutAndNotASuccess()
    {
        var result = await _runner.RunAsync("sh", ["-c", "head -c 1100000 /dev/zero | tr '\\0' a"], TimeSpan.FromSeconds(20), CancellationToken.None);

        result.Truncated.Should().BeTrue();
        result.StandardOutput.Length.Should().Be(ProcessCommandRunner.MaxOutputChars);
        result.Succeeded.Should().BeFalse();
    }

    [Test]
    public void Locate_NameOrPath_FindsTheExecutable()
    {
        _runner.Locate("sh").Should().EndWith("/sh");
        _runner.Locate("/bin/sh").Should().Be("/bin/sh");
        _runner.Locate("/no/such/iw").Should().BeNull();
        _runner.Locate("alpi-no-such-command").Should().BeNull();
    }
}
