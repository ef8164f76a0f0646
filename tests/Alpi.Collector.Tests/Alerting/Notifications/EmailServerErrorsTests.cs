using Alpi.Collector.Alerting;
using Alpi.Collector.Alerting.Notifications;
using Alpi.Collector.Alerting.Notifications.Email;
using Alpi.Collector.Tests.Alerting.Notifications.Channels;
using Alpi.Testing;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Tests.Alerting.Notifications;

/// <summary>
/// An SMTP setting that does not fit the server gives a reason that names the server (host:port) and the setting to
/// check, against the real SMTP sink (no STARTTLS) and a port nothing listens on.
/// </summary>
public class EmailServerErrorsTests
{
    private static EmailNotifier Notifier(int port, EmailSecurity security)
    {
        var options = new CollectorOptions();
        options.Alerting.Email.Host = "127.0.0.1";
        options.Alerting.Email.Port = port;
        options.Alerting.Email.Security = security;
        options.Alerting.Email.To.Add("ops@example.org");
        return new EmailNotifier(Options.Create(options));
    }

    [Test]
    public async Task NotifyAsync_StartTlsAgainstAServerWithout_NamesTheSecuritySettingAndTheServer()
    {
        using var sink = await SmtpSink.StartAsync();

        var result = await Notifier(sink.Port, EmailSecurity.StartTls).NotifyAsync(ChannelFixtures.Message(), CancellationToken.None);

        result.Outcome.Should().NotBe(NotifyOutcome.Delivered);
        result.Reason.Should().Contain($"127.0.0.1:{sink.Port}").And.Contain("STARTTLS").And.Contain("Collector:Alerting:Email:Security");
    }

    [Test]
    public async Task NotifyAsync_ConnectionRefused_NamesHostAndPort()
    {
        var port = FreePort.Tcp();

        var result = await Notifier(port, EmailSecurity.None).NotifyAsync(ChannelFixtures.Message(), CancellationToken.None);

        result.Outcome.Should().Be(NotifyOutcome.Retryable);
        result.Reason.Should().Contain($"127.0.0.1:{port}").And.Contain("Collector:Alerting:Email:Host and Port");
    }

    [Test]
    public async Task NotifyAsync_RightSettings_IsDeliveredToTheSink()
    {
        using var sink = await SmtpSink.StartAsync();

        var result = await Notifier(sink.Port, EmailSecurity.None).NotifyAsync(ChannelFixtures.Message(), CancellationToken.None);

        result.Should().Be(NotifyResult.Delivered);
    }
}
