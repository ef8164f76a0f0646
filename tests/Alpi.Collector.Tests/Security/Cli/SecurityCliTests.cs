using System.Text.RegularExpressions;
using Alpi.Collector.Security.Accounts;
using Alpi.Collector.Security.Cli;
using Alpi.Collector.Security.Storage;
using Alpi.Collector.Security.Tokens;
using Alpi.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.Collector.Tests.Security.Cli;

/// <summary>The access-control CLI on a temporary data directory, passwords given on standard input as a script would.</summary>
public sealed partial class SecurityCliTests
{
    private TempDirectory _data = null!;

    [SetUp]
    public void CreateDataDirectory() => _data = new TempDirectory("alpi-cli");

    [TearDown]
    public void DeleteDataDirectory() => _data.Dispose();

    [Test]
    public async Task UsersAdd_ReadsThePasswordFromStandardInput_AndTheAccountLogsIn()
    {
        var (code, output, error) = await RunAsync("correct horse battery\n", "users", "add", "alice", "--role", "technician");

        code.Should().Be(0, error);
        output.Should().Be("account alice (technician) created\n");
        (await Store().VerifyLoginAsync("alice", "correct horse battery", CancellationToken.None)).Outcome.Should().Be(LoginOutcome.Success);
        var (_, list, _) = await RunAsync("", "users", "list");
        list.Should().StartWith("NAME   ROLE        CREATED").And.Contain("alice  technician");
    }

    [TestCase("short\n", new[] { "users", "add", "bob", "--role", "viewer" }, 2, "a password has 12 to 128 characters; this one has 5")]
    [TestCase("correct horse battery\n", new[] { "users", "add", "bob", "--role", "boss" }, 2, "role \"boss\" is not one of administrator, technician, viewer, dpo")]
    [TestCase("", new[] { "users", "add", "bob", "--role", "viewer" }, 2, "password for bob was not given")]
    [TestCase("", new[] { "users", "add", "bob" }, 2, "Option '--role' is required")]
    [TestCase("", new[] { "users", "remove", "nobody" }, 1, "no account \"nobody\"")]
    [TestCase("", new[] { "users", "role", "nobody", "viewer" }, 1, "no account \"nobody\"")]
    [TestCase("correct horse battery\n", new[] { "users", "passwd", "nobody" }, 1, "no account \"nobody\"")]
    [TestCase("", new[] { "audit", "list", "--limit", "0" }, 2, "--limit 0 must be between 1 and 10000")]
    [TestCase("", new[] { "tokens", "new", "ci", "--scope", "write" }, 2, "--scope is read or admin")]
    [TestCase("", new[] { "users", "list", "--Collector:Security:MaxFailedLogins=0" }, 2, "Collector:Security:MaxFailedLogins 0 must be between 1 and 100")]
    public async Task BadCommand_ExitsWithItsCode_AndSaysWhy(string input, string[] args, int exitCode, string message)
    {
        var (code, _, error) = await RunAsync(input, args);

        code.Should().Be(exitCode);
        error.Should().Contain(message);
    }

    [Test]
    public async Task UsersAdd_Existing_Exits1()
    {
        await RunAsync("correct horse battery\n", "users", "add", "alice", "--role", "viewer");

        var (code, _, error) = await RunAsync("correct horse battery\n", "users", "add", "ALICE", "--role", "viewer");

        code.Should().Be(1);
        error.Should().Be("error: account \"ALICE\" already exists\n");
    }

    [Test]
    public async Task UsersRemove_LastAdministrator_Exits1_AndIsAudited()
    {
        await RunAsync("correct horse battery\n", "users", "add", "root", "--role", "administrator");

        var (code, _, error) = await RunAsync("", "users", "remove", "root");

        code.Should().Be(1);
        error.Should().Contain("\"root\" is the last enabled administrator");
        var (_, audit, _) = await RunAsync("", "audit", "list", "--category", "administration");
        audit.Should().MatchRegex($@"cli:{Regex.Escape(Environment.UserName)}\s+-\s+administration\s+account\.remove\s+root\s+last_administrator");
    }

    [Test]
    public async Task UsersDisable_ThenEnable_AreAudited_AndListed()
    {
        await RunAsync("correct horse battery\n", "users", "add", "alice", "--role", "technician");

        var (code, output, _) = await RunAsync("", "users", "disable", "alice");
        code.Should().Be(0);
        output.Should().Be("account alice disabled\n");
        (await RunAsync("", "users", "list")).Output.Should().Contain("DISABLED").And.MatchRegex(@"(?m)^alice\s.*\d\d:\d\d:\d\dZ$", "the last column, DISABLED, has the time");

        (await RunAsync("", "users", "enable", "alice")).Output.Should().Be("account alice enabled\n");
        var (_, audit, _) = await RunAsync("", "audit", "list", "--category", "administration");
        audit.Should().Contain("account.disable").And.Contain("account.enable");
    }

    [Test]
    public async Task UsersPasswd_OfTheFirstAdministrator_DeletesTheInitialPasswordFile()
    {
        await RunAsync("correct horse battery\n", "users", "add", "admin", "--role", "administrator");
        var file = new InitialPassword(_data.Path, "admin");
        file.Write("the initial one");

        var (code, output, _) = await RunAsync("my own new password\n", "users", "passwd", "admin");

        code.Should().Be(0);
        output.Should().Be("password of admin changed\n");
        file.Exists.Should().BeFalse();
        (await Store().VerifyLoginAsync("admin", "my own new password", CancellationToken.None)).Outcome.Should().Be(LoginOutcome.Success);
    }

    [Test]
    public async Task UsersAdd_GeneratePassword_PrintsOneThatLogsIn()
    {
        var (code, output, _) = await RunAsync("", "users", "add", "carol", "--role", "dpo", "--generate-password");

        code.Should().Be(0);
        var password = GeneratedPassword().Match(output).Groups[1].Value;
        password.Should().HaveLength(23);
        (await Store().VerifyLoginAsync("carol", password, CancellationToken.None)).Outcome.Should().Be(LoginOutcome.Success);
    }

    [Test]
    public async Task TokensNew_PrintsATokenAndTheHashThatAcceptsIt()
    {
        var (code, output, _) = await RunAsync("", "tokens", "new", "grafana", "--scope", "read");

        code.Should().Be(0);
        var lines = output.Split('\n');
        var token = lines[1].Trim();
        token.Should().MatchRegex("^[0-9a-f]{64}$");
        output.Should().Contain($"\"grafana\": {{ \"Hash\": \"{ApiTokenRegistry.Hash(token)}\", \"Scope\": \"read\" }}");
        output.Should().Contain($"ALPI_Collector__Security__Tokens__grafana__Hash={ApiTokenRegistry.Hash(token)}");
    }

    [Test]
    public async Task TokensHash_ReadsTheTokenFromStandardInput()
    {
        var (code, output, _) = await RunAsync("0123456789abcdef0123456789abcdef\n", "tokens", "hash");

        code.Should().Be(0);
        output.Should().Be(ApiTokenRegistry.Hash("0123456789abcdef0123456789abcdef") + "\n");
    }

    [TestCase(new[] { "users", "list" }, true)]
    [TestCase(new[] { "--Collector:DataDirectory=/srv", "audit", "list" }, true)]
    [TestCase(new[] { "--Collector:Http:Url", "http://127.0.0.1:9000" }, false)]
    [TestCase(new[] { "--Hotspot:Enabled=false" }, false)]
    [TestCase(new string[0], false)]
    public void IsCommand_AVerbFirst_ConfigurationSwitchesAside(string[] args, bool command) => SecurityCli.IsCommand(args).Should().Be(command);

    private AccountStore Store() => new(new SecurityDatabase(_data.Path), new FakeTimeProvider(), 5, TimeSpan.FromMinutes(1));

    private async Task<(int Code, string Output, string Error)> RunAsync(string input, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = await SecurityCli.RunAsync(args, new CliConsole(new StringReader(input), output, error, IsTerminal: false),
            c => c.AddInMemoryCollection(new Dictionary<string, string?> { ["Collector:DataDirectory"] = _data.Path }));
        return (code, output.ToString(), error.ToString());
    }

    [GeneratedRegex("shown once\\): (\\S+)")]
    private static partial Regex GeneratedPassword();
}
