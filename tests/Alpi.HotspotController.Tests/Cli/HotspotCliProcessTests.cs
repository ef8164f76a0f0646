using System.Diagnostics;
using Alpi.HotspotController.Nas;
using Alpi.HotspotController.Storage;

namespace Alpi.HotspotController.Tests.Cli;

/// <summary>
/// <c>nas add</c> run as a technician runs it: the controller's real binary (<c>dotnet Alpi.HotspotController.dll nas add
/// …</c>) in its own process, its standard input a pipe. The RADIUS shared secret comes from that pipe (one line, no
/// prompt) or from the environment variable named by <c>--secret-env</c>, never from the command line, where <c>ps</c>
/// and the shell's history would show it: <c>--secret S</c> is refused, saying how to give it.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class HotspotCliProcessTests
{
    private HotspotTestDatabase _db = null!;

    [SetUp]
    public async Task SetUp() => _db = await HotspotTestDatabase.CreateAsync(StorageOptions.Sqlite);

    [TearDown]
    public async Task TearDown() => await _db.DisposeAsync();

    [Test]
    public async Task NasAdd_SecretPipedOnStandardInput_IsStored_WithoutAPrompt()
    {
        var (code, output, error) = await RunAsync("piped shared secret 1\n", null, "nas", "add", "borne-place", "--address", "192.0.2.10");

        code.Should().Be(0, error);
        output.Should().Contain("NAS borne-place (192.0.2.10) saved");
        error.Should().BeEmpty("a piped secret is read without a prompt");
        (await StoredSecretAsync("borne-place")).Should().Be("piped shared secret 1");
    }

    [Test]
    public async Task NasAdd_SecretFromTheNamedEnvironmentVariable_IsStored()
    {
        var environment = new Dictionary<string, string> { ["ALPI_TEST_NAS_SECRET"] = "secret from the environment" };

        var (code, output, error) = await RunAsync("", environment, "nas", "add", "borne-gare", "--address", "192.0.2.11", "--secret-env", "ALPI_TEST_NAS_SECRET");

        code.Should().Be(0, error);
        output.Should().Contain("NAS borne-gare (192.0.2.11) saved");
        (await StoredSecretAsync("borne-gare")).Should().Be("secret from the environment");
    }

    [Test]
    public async Task NasAdd_NamedEnvironmentVariableUnset_IsRefused_NamingIt()
    {
        var (code, _, error) = await RunAsync("piped but not read\n", null, "nas", "add", "borne-port", "--address", "192.0.2.12", "--secret-env", "ALPI_TEST_NAS_SECRET_UNSET");

        code.Should().Be(2);
        error.Should().Contain("the environment variable ALPI_TEST_NAS_SECRET_UNSET that should hold the RADIUS shared secret of borne-port is not set or empty");
        (await StoredSecretAsync("borne-port")).Should().BeNull("nothing was saved");
    }

    [Test]
    public async Task NasAdd_SecretAsAnArgument_IsRefused_SayingHowToGiveIt()
    {
        var (code, output, error) = await RunAsync("piped shared secret\n", null, "nas", "add", "borne-mairie", "--address", "192.0.2.13", "--secret", "on-the-command-line");

        code.Should().Be(2);
        output.Should().BeEmpty();
        error.Should().Contain("--secret is not taken on the command line, where ps and the shell's history show it")
            .And.Contain("printf '%s\\n' \"$SECRET\" | Alpi.HotspotController nas add NAME --address A")
            .And.Contain("--secret-env VARIABLE");
        (await StoredSecretAsync("borne-mairie")).Should().BeNull("nothing was saved");
    }

    [Test]
    public async Task NasAdd_NothingOnStandardInput_IsRefused_SayingHowToGiveIt()
    {
        var (code, _, error) = await RunAsync("", null, "nas", "add", "borne-eglise", "--address", "192.0.2.14");

        code.Should().Be(2);
        error.Should().StartWith("error: the RADIUS shared secret of borne-eglise was not given: type it at the prompt, pipe it as one line on standard input, or name an environment variable");
        (await StoredSecretAsync("borne-eglise")).Should().BeNull("nothing was saved");
    }

    [Test]
    public async Task NasAddHelp_ShowsSecretEnv_NotTheRefusedOption()
    {
        var (code, output, _) = await RunAsync("", null, "nas", "add", "--help");

        code.Should().Be(0);
        output.Should().Contain("--secret-env <VARIABLE>").And.NotContain("--secret <");
    }

    [Test]
    public async Task NasAdd_OnAnEmptyDataFolder_CreatesTheDatabaseReadableByItsUserAlone()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes");
            return;
        }

        using var empty = new Alpi.Testing.TempDirectory("alpi-hotspot-modes");
        var data = Path.Combine(empty.Path, "data");

        var (code, _, error) = await RunWithArgumentsAsync("piped shared secret 2\n", null,
            ["nas", "add", "borne-halle", "--address", "192.0.2.15", $"--Hotspot:DataDirectory={data}"]);

        code.Should().Be(0, error);
        var database = Path.Combine(data, "hotspot.db");
        File.Exists(database).Should().BeTrue("the command created the database");
        File.GetUnixFileMode(database).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite,
            "hotspot.db holds the NAS secrets and the connection log: its user alone reads it, whatever the caller's umask");
        File.GetUnixFileMode(data).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Runs the controller's binary on the test's database with <paramref name="stdin"/> piped (then closed) and waits (at most 60 s) for it to exit.</summary>
    private Task<(int Code, string Output, string Error)> RunAsync(string stdin, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunWithArgumentsAsync(stdin, environment, [.. args, .. _db.Switches]);

    /// <summary>Runs the controller's binary with exactly <paramref name="args"/>, <paramref name="stdin"/> piped (then closed), and waits (at most 60 s) for it to exit.</summary>
    private static async Task<(int Code, string Output, string Error)> RunWithArgumentsAsync(string stdin, IReadOnlyDictionary<string, string>? environment, string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Alpi.HotspotController.dll"));
        foreach (var argument in args)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            return (process.ExitCode, await output, await error);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private async Task<string?> StoredSecretAsync(string name) =>
        (await new NasClientStore(_db.Database).ListAsync(CancellationToken.None)).SingleOrDefault(n => n.Name == name)?.Secret;
}
