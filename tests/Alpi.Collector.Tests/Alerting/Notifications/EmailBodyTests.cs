using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Notifications;
using Alpi.Collector.Alerting.Notifications.Email;
using Alpi.Collector.Tests.Alerting.Notifications.Channels;

namespace Alpi.Collector.Tests.Alerting.Notifications;

/// <summary>The e-mail body leaves out the lines that have nothing to say (no instance, no value, no threshold).</summary>
public class EmailBodyTests
{
    private static string Body(AlertSnapshot alert)
    {
        var email = new EmailOptions();
        email.To.Add("ops@example.org");
        var mail = EmailNotifier.Compose(new NotificationMessage([new AlertNotification(AlertEventKind.Firing, alert, ChannelFixtures.At)], null, "alert:7"), email);
        return mail.TextBody ?? "";
    }

    [Test]
    public void Compose_ThresholdAlert_ShowsInstanceValueAndThreshold()
    {
        var body = Body(ChannelFixtures.Alert());

        body.Should().Contain("Instance:  cpu=cpu-total").And.Contain("Value:     95 (threshold 90)");
    }

    [Test]
    public void Compose_TrapWithoutValueNorTags_OmitsEmptyValueAndInstanceLines()
    {
        var body = Body(ChannelFixtures.Alert() with { Kind = "trap", Instance = "", Value = null, Threshold = null });

        body.Should().NotContain("Instance:").And.NotContain("Value:").And.NotContain("threshold");
        body.Should().Contain("Host:      t/srv1").And.Contain("State:     firing");
    }

    [Test]
    public void Compose_ValueWithoutThreshold_OmitsTheParentheses()
    {
        var body = Body(ChannelFixtures.Alert() with { Threshold = null });

        body.Should().Contain("Value:     95" + Environment.NewLine).And.NotContain("threshold");
    }
}
