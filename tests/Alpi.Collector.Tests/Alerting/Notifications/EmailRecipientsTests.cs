using Alpi.Collector.Alerting;
using Alpi.Collector.Alerting.Notifications;
using Alpi.Collector.Alerting.Notifications.Email;
using Alpi.Collector.Tests.Alerting.Notifications.Channels;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Tests.Alerting.Notifications;

/// <summary>
/// Who e-mails go to: the on-call person of the message, else <c>Email:To</c>; with an on-call file, <c>Email:To</c>
/// may stay empty (people's addresses are the recipients), and a message with nobody to go to fails, never is sent.
/// </summary>
public class EmailRecipientsTests
{
    [Test]
    public void Validate_EmptyTo_IsAcceptedWithAnOnCallFile_AndRefusedWithout()
    {
        var validator = new AlertingOptionsValidator();
        var options = new CollectorOptions();
        options.Alerting.Email.Host = "127.0.0.1";

        validator.Validate(null, options).Succeeded.Should().BeTrue("the on-call file's people carry the addresses");

        options.Alerting.OnCallFile = "";
        validator.Validate(null, options).Failures.Should().ContainSingle()
            .Which.Should().StartWith("Collector:Alerting:Email:To must list at least one address");
    }

    [Test]
    public async Task NotifyAsync_NoPersonAndNoTo_FailsNamingTheSetting_WithoutConnecting()
    {
        var options = new CollectorOptions();
        // A port nothing listens on: a connection attempt would be a retryable error, not this failure.
        options.Alerting.Email.Host = "127.0.0.1";
        options.Alerting.Email.Port = Alpi.Testing.FreePort.Tcp();
        var notifier = new EmailNotifier(Options.Create(options));

        var result = await notifier.NotifyAsync(ChannelFixtures.Message(), CancellationToken.None);

        result.Should().Be(NotifyResult.Fail("no recipient: the alert goes to no on-call person with an e-mail address and Collector:Alerting:Email:To is empty"));
    }
}
