using System.Text.Json.Nodes;
using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Notifications;
using Alpi.Collector.Alerting.Notifications.Channels.Webhook;
using Alpi.Collector.Alerting.Notifications.Email;

namespace Alpi.Collector.Tests.Alerting;

/// <summary>
/// What a resolution tells, and to whom: an alert resolved because its data stopped says so (title, e-mail, SMS text,
/// webhook <c>resolvedReason</c>) with its last value and when it was seen, not as a recovery; a resolution goes only
/// where the firing was delivered (Alertmanager's <c>send_resolved</c> to receivers that got the firing); the
/// threshold reported is the firing threshold (never the recovery one), and a resolution's summary shows the value
/// that resolved it.
/// </summary>
[TestFixtureSource(typeof(StateProviders), nameof(StateProviders.Fixtures))]
public sealed class ResolutionNoticeTests(string provider)
{
    private const string TemperatureRule = """
        rules:
          - name: temperature
            kind: threshold
            measurement: sensor
            field: temperature
            function: last
            window: 1m
            above: 40
            severity: critical
            annotations:
              summary: "Temperature {{ value }} on {{ host }} (threshold {{ threshold }})"
        """;

    private AlertingHarness _h = null!;

    [TearDown]
    public async Task TearDown()
    {
        if (_h is not null)
        {
            await _h.DisposeAsync();
        }
    }

    // The tester's 3 a.m. e-mail: "RESOLVED … Value: 72.5 (threshold 50)" for a sensor that had simply stopped sending.
    [Test]
    public async Task NoData_ResolutionSaysSo_WithTheLastValueAndWhenItWasSeen()
    {
        _h = await AlertingHarness.StartAsync(TemperatureRule, provider: provider);
        var seenAt = _h.Time.GetUtcNow();
        Temperature(72.5);
        await _h.TickAsync(TimeSpan.Zero);
        _h.Sent.Should().Equal("firing temperature capteur-2");

        await _h.TickAsync(TimeSpan.FromMinutes(2));
        _h.Sent.Should().Equal("firing temperature capteur-2", "resolved temperature capteur-2");
        var resolved = _h.Channel.Received[^1];

        var title = NotificationMessage.Single(resolved).Title();
        title.Should().StartWith($"RESOLVED (no data since {seenAt:u}, last value 72.5) critical temperature on t/capteur-2", "the title is the e-mail subject and the SMS text");
        var email = EmailNotifier.Compose(resolved, new EmailOptions { To = { "ops@example.org" } });
        email.Subject.Should().StartWith("[Alpi] RESOLVED (no data since ");
        email.TextBody.Should().Contain($"Resolved:  no data in the rule's window; last value 72.5 at {seenAt:u}, not a recovery");

        var json = WebhookPayloads.Notification(resolved);
        json["resolvedReason"]!.GetValue<string>().Should().Be("noData");
        json["alert"]!["lastDataAt"]!.GetValue<string>().Should().Be(seenAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        var history = await _h.HistoryAsync(resolved.Alert.Id);
        history.Should().Contain("resolved: no data for this instance in the rule's window");
    }

    [Test]
    public async Task Recovery_IsARecovery_WithTheResolvingValueInItsSummary()
    {
        _h = await AlertingHarness.StartAsync(TemperatureRule, provider: provider);
        Temperature(45);
        await _h.TickAsync(TimeSpan.Zero);
        Temperature(30, TimeSpan.FromSeconds(10));
        await _h.TickAsync(TimeSpan.Zero);
        _h.Sent.Should().Equal("firing temperature capteur-2", "resolved temperature capteur-2");
        var resolved = _h.Channel.Received[^1];

        // The subject said "Temperature 45 … (threshold 40)" while the body said "Value: 30".
        NotificationMessage.Single(resolved).Title().Should().Be("RESOLVED critical temperature on t/capteur-2: Temperature 30 on capteur-2 (threshold 40)");
        resolved.Alert.Value.Should().Be(30);
        resolved.Alert.Threshold.Should().Be(40);
        WebhookPayloads.Notification(resolved)["resolvedReason"]!.GetValue<string>().Should().Be("recovered");
        EmailNotifier.Compose(resolved, new EmailOptions { To = { "ops@example.org" } }).TextBody.Should().NotContain("no data");
    }

    // Sample rule cpu-busy (below 10, recover 20) reported "threshold":20 and "CPU idle 10.53 % … (threshold 20 %)".
    [Test]
    public async Task Hysteresis_ReportsTheFiringThreshold_NotTheRecoveryOne()
    {
        _h = await AlertingHarness.StartAsync("""
            rules:
              - name: cpu-busy
                kind: threshold
                measurement: cpu
                field: usage_idle
                function: last
                window: 1m
                below: { warning: 10, critical: 3 }
                recover: 20
                annotations:
                  summary: "CPU idle {{ value }} % on {{ host }} (threshold {{ threshold }} %)"
            """, provider: provider);
        _h.Data.Add("t", "srv1", "cpu", "usage_idle", "cpu=cpu-total", _h.Time.GetUtcNow(), 8);
        await _h.TickAsync(TimeSpan.Zero);
        _h.Data.Add("t", "srv1", "cpu", "usage_idle", "cpu=cpu-total", _h.Time.GetUtcNow().AddSeconds(10), 10.53);
        await _h.TickAsync(TimeSpan.FromSeconds(10));

        var held = await _h.SingleOpenAsync("cpu-busy");
        held.State.Should().Be(AlertState.Firing, "10.53 is above 10 but below the recovery threshold 20");
        held.Threshold.Should().Be(10);
        held.Annotations["summary"].Should().Be("CPU idle 10.53 % on srv1 (threshold 10 %)");
    }

    // The tester saw a RESOLVED e-mail for an alert whose FIRING e-mail had failed (notification_failed).
    [Test]
    public async Task Resolution_IsNotSentWhereTheFiringFailed()
    {
        _h = await AlertingHarness.StartAsync(TemperatureRule, provider: provider);
        _h.Channel.Outcomes.Enqueue(NotifyResult.Fail("SMTP 550: mailbox unavailable"));
        Temperature(45);
        await _h.TickAsync(TimeSpan.Zero);
        _h.Channel.Attempts.Should().Be(1);
        _h.Sent.Should().BeEmpty();

        Temperature(30, TimeSpan.FromSeconds(10));
        await _h.TickAsync(TimeSpan.Zero);
        await _h.TickAsync();
        _h.Channel.Attempts.Should().Be(1, "the firing never reached the channel: its resolution is not sent there");
        _h.Sent.Should().BeEmpty();
        var alert = (await _h.AlertsAsync("temperature")).Single();
        alert.State.Should().Be(AlertState.Resolved);
        (await _h.HistoryAsync(alert.Id)).Should().Contain("resolved: not notified to recording: its firing was not delivered there");
    }

    [Test]
    public async Task Resolution_GoesToTheRecipientsThatGotTheFiring_Only()
    {
        _h = await AlertingHarness.StartAsync(TemperatureRule.Replace("severity: critical", "severity: critical\n    policy: ops", StringComparison.Ordinal), provider: provider,
            onCallYaml: """
                people:
                  alice: { recording: alice }
                  bob: { recording: bob }
                policies:
                  - name: ops
                    steps:
                      - { after: 0s, people: [alice, bob] }
                """);
        _h.Channel.Outcomes.Enqueue(NotifyResult.Delivered);
        _h.Channel.Outcomes.Enqueue(NotifyResult.Fail("unknown user"));
        Temperature(45);
        await _h.TickAsync(TimeSpan.Zero);
        _h.SentTo.Should().ContainSingle().Which.Should().StartWith("firing temperature capteur-2 → ");
        var reached = _h.SentTo[0].Split("→ ")[1];

        Temperature(30, TimeSpan.FromSeconds(10));
        await _h.TickAsync(TimeSpan.Zero);
        _h.SentTo.Should().Equal($"firing temperature capteur-2 → {reached}", $"resolved temperature capteur-2 → {reached}");
    }

    private void Temperature(double value, TimeSpan? advance = null)
    {
        if (advance is { } a)
        {
            _h.Time.Advance(a);
        }

        _h.Data.Add("t", "capteur-2", "sensor", "temperature", "", _h.Time.GetUtcNow(), value);
    }
}
