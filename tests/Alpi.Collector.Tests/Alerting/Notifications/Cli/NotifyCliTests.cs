using Alpi.Collector.Alerting.Notifications.Cli;
using Alpi.Collector.Security.Cli;
using Alpi.Testing;

namespace Alpi.Collector.Tests.Alerting.Notifications.Cli;

/// <summary>
/// <c>notify test</c> as an administrator runs it after setting up the channels: against the real SMTP sink, a port
/// nothing listens on, and a configuration without channels.
/// </summary>
public class NotifyCliTests
{
    [Test]
    public async Task NotifyTest_EmailToTheSink_IsDeliveredAndSaysSo()
    {
        using var sink = await SmtpSink.StartAsync();

        var (code, output, error) = await RunAsync(Email(sink.Port), "notify", "test", "--to", "astreinte@example.org");

        code.Should().Be(0, error);
        output.Should().Be("email: delivered to astreinte@example.org\n");
        await Eventually.TrueAsync(() => sink.Messages().Count == 1, TimeSpan.FromSeconds(5));
        sink.Messages()[0].Should().Contain("astreinte@example.org").And.Contain("notification-test").And.Contain("notify test");
    }

    [Test]
    public async Task NotifyTest_ASmtpServerThatDoesNotListen_ExitsWith1NamingTheServerAndTheSettings()
    {
        var port = FreePort.Tcp();

        var (code, output, _) = await RunAsync(Email(port), "--Collector:Alerting:Delivery:AttemptTimeout=00:00:05", "notify", "test");

        code.Should().Be(1);
        output.Should().StartWith("email: not delivered (the collector would retry): ")
            .And.Contain($"127.0.0.1:{port}").And.Contain("Collector:Alerting:Email:Host and Port");
    }

    [Test]
    public async Task NotifyTest_NoChannelConfigured_SaysWhichSettingsMakeOne()
    {
        var (code, output, error) = await RunAsync([], "notify", "test");

        code.Should().Be(1);
        output.Should().BeEmpty();
        error.Should().StartWith("no notification channel is configured: set Collector:Alerting:Email:Host");
    }

    [Test]
    public async Task NotifyTest_AChannelNotConfigured_IsABadArgumentNamingTheConfiguredOnes()
    {
        using var sink = await SmtpSink.StartAsync();

        var (code, _, error) = await RunAsync(Email(sink.Port), "notify", "test", "--channel", "sms");

        code.Should().Be(2);
        error.Should().Be("error: \"sms\" is not a configured channel; configured: email\n");
        sink.Messages().Should().BeEmpty("nothing is sent when the command is wrong");
    }

    [Test]
    public async Task NotifyTest_ABadAlertingSetting_IsRefusedAsTheDaemonWouldRefuseIt()
    {
        var (code, _, error) = await RunAsync(Email(FreePort.Tcp()), "--Collector:Alerting:Email:Port=mail", "--Collector:Alerting:Delivery:AttemptTimeout=30", "notify", "test");

        code.Should().Be(2);
        error.Should().Contain("Collector:Alerting:Email:Port: \"mail\" is not a whole number")
            .And.Contain("Collector:Alerting:Delivery:AttemptTimeout: \"30\" is a bare number");
    }

    [TestCase(new[] { "notify", "test" }, true)]
    [TestCase(new[] { "--Collector:Alerting:Email:Host=x", "notify", "test" }, true)]
    [TestCase(new[] { "users", "list" }, false)]
    [TestCase(new string[0], false)]
    public void IsCommand_NotifyFirst_ConfigurationSwitchesAside(string[] args, bool command) => NotifyCli.IsCommand(args).Should().Be(command);

    private static string[] Email(int port) =>
        ["--Collector:Alerting:Email:Host=127.0.0.1", $"--Collector:Alerting:Email:Port={port}", "--Collector:Alerting:Email:Security=None",
         "--Collector:Alerting:Email:To:0=ops@example.org"];

    private static async Task<(int Code, string Output, string Error)> RunAsync(string[] settings, params string[] command)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = await NotifyCli.RunAsync([.. settings, .. command], new CliConsole(new StringReader(""), output, error, IsTerminal: false));
        return (code, output.ToString(), error.ToString());
    }
}
