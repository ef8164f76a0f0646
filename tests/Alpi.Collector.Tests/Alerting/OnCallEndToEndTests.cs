using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Alpi.Collector.Tests.Alerting.Notifications.Channels;
using Alpi.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace Alpi.Collector.Tests.Alerting;

/// <summary>
/// Escalation in a real collector: a test publisher over MQTT crosses a threshold → a Slack-format webhook reaches a
/// local HTTP listener for the person on call; acknowledging through the API stops the escalation (the second step
/// never fires) while an unacknowledged alert is escalated; the on-call, silence and maintenance API.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class OnCallEndToEndTests
{
    private const string Rules = """
        rules:
          - name: cpu-high
            kind: threshold
            measurement: oncall_cpu
            field: usage
            function: last
            window: 1m
            above: 90
            severity: critical
            policy: infra
        """;

    private const string OnCall = """
        people:
          alice: { ops: "@alice" }
          bob: { ops: "@bob" }
        schedules:
          - { name: primary, rotation: [alice], handover: "monday 09:00", start: 2026-01-05 }
        policies:
          - name: infra
            steps:
              - { after: 0s, schedules: primary, channels: [mqtt] }
              - { after: 4s, people: bob }
        maintenance:
          - name: nightly
            match: { tenant: test }
            weekly: { days: [sun], from: "01:00", to: "01:01" }
        """;

    private readonly TempDirectory _folder = new("alpi-oncall-e2e");
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Topic, string Payload)> _alertMessages = new();
    private LocalHttpListener _webhook = null!;
    private CollectorHarness _collector = null!;
    private IMqttClient _publisher = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _webhook = new LocalHttpListener();
        var rules = Path.Combine(_folder.Path, "rules.yaml");
        await File.WriteAllTextAsync(rules, Rules);
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "oncall.yaml"), OnCall);
        _collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Collector:Alerting:RulesFile"] = rules,
            ["Collector:Alerting:EvaluationInterval"] = "00:00:00.500",
            ["Collector:Alerting:Webhooks:ops:Url"] = _webhook.Url("/hooks/ops"),
            ["Collector:Alerting:Webhooks:ops:Format"] = "Slack",
            ["Collector:Alerting:Delivery:InitialBackoff"] = "00:00:00.200",
            ["Collector:Alerting:Mqtt:Enabled"] = "true",
        });
        _publisher = new MqttClientFactory().CreateMqttClient();
        await _publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _collector.BrokerPort).WithClientId("oncall-e2e-publisher").Build());
        _publisher.ApplicationMessageReceivedAsync += e =>
        {
            _alertMessages.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload)));
            return Task.CompletedTask;
        };
        await _publisher.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("alpi/+/+/alerts", MqttQualityOfServiceLevel.AtLeastOnce).Build());
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _publisher?.Dispose();
        if (_collector is not null)
        {
            await _collector.DisposeAsync();
        }

        _webhook?.Dispose();
        _folder.Dispose();
    }

    [Test]
    [Order(1)]
    public async Task ThresholdCrossed_WebhookToOnCall_AckStopsEscalation_UnackedIsEscalated()
    {
        var stopwatch = Stopwatch.StartNew();
        await PublishAsync("e2e-a", "oncall_cpu usage=95");
        var firing = await WaitForPostAsync("FIRING critical cpu-high on test/e2e-a");
        firing.Should().NotBeNull("the crossing reaches the webhook");
        TestContext.Out.WriteLine($"publish -> webhook received: {stopwatch.Elapsed.TotalMilliseconds:0} ms");
        firing!.Value.GetProperty("channel").GetString().Should().Be("@alice", "alice is on call");
        firing.Value.GetProperty("attachments")[0].GetProperty("color").GetString().Should().Be("#d00000");

        var id = (await _collector.GetJsonAsync("/api/alerts?state=firing&host=e2e-a")).EnumerateArray().Single().GetProperty("id").GetInt64();
        using (var ack = await _collector.Http.PostAsJsonAsync(new Uri($"/api/alerts/{id}/ack", UriKind.Relative), new { by = "alice", comment = "on it" }))
        {
            ack.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await WaitForPostAsync("ACKNOWLEDGED critical cpu-high on test/e2e-a"))!.Value.GetProperty("channel").GetString().Should().Be("@alice");

        await PublishAsync("e2e-b", "oncall_cpu usage=97");
        var escalated = await WaitForPostAsync("ESCALATED critical cpu-high on test/e2e-b", TimeSpan.FromSeconds(15));
        escalated.Should().NotBeNull("the unacknowledged alert reaches the second step after 4 s");
        escalated!.Value.GetProperty("channel").GetString().Should().Be("@bob");

        Posts().Should().NotContain(p => p.GetProperty("text").GetString()!.StartsWith("ESCALATED critical cpu-high on test/e2e-a", StringComparison.Ordinal),
            "the acknowledged alert's second step never fires, though it is older than the unacknowledged one's");
        var history = await _collector.GetJsonAsync($"/api/alerts/{id}/history");
        history.EnumerateArray().Select(h => h.GetProperty("event").GetString()).Should().NotContain("escalated");
    }

    [Test]
    [Order(2)]
    public async Task MqttChannel_PublishesTheTransitionAsJsonOnTheHostsAlertsTopic()
    {
        var firing = await Eventually.WaitAsync<string>(() => Task.FromResult(_alertMessages.Where(m => m.Topic == "alpi/test/e2e-a/alerts")
            .Select(m => m.Payload).FirstOrDefault(p => p.Contains("\"event\":\"firing\"", StringComparison.Ordinal))), TimeSpan.FromSeconds(10));

        firing.Should().NotBeNull("step 0 also notifies the mqtt channel");
        var item = JsonDocument.Parse(firing!).RootElement.GetProperty("notifications").EnumerateArray().Single();
        item.GetProperty("alert").GetProperty("rule").GetString().Should().Be("cpu-high");
        item.GetProperty("alert").GetProperty("host").GetString().Should().Be("e2e-a");
        item.GetProperty("alert").GetProperty("severity").GetString().Should().Be("critical");
    }

    [Test]
    [Order(3)]
    public async Task OnCallApi_WhoIsOnCallAndNextHandover()
    {
        var now = await _collector.GetJsonAsync("/api/oncall?at=2026-03-28T12:00:00Z");
        var primary = now.EnumerateArray().Single();
        primary.GetProperty("schedule").GetString().Should().Be("primary");
        primary.GetProperty("person").GetString().Should().Be("alice");
        primary.GetProperty("contacts").GetProperty("ops").GetString().Should().Be("@alice");
        primary.GetProperty("timeZone").GetString().Should().Be("Europe/Paris");

        var next = (await _collector.GetJsonAsync("/api/oncall/next?at=2026-03-28T12:00:00Z")).EnumerateArray().Single();
        next.GetProperty("at").GetDateTimeOffset().Should().Be(new DateTimeOffset(2026, 3, 30, 7, 0, 0, TimeSpan.Zero), "Monday 09:00 in Paris, summer time");
    }

    [Test]
    [Order(4)]
    public async Task SilenceAndMaintenanceApi_CreateListDelete()
    {
        using var created = await _collector.Http.PostAsJsonAsync(new Uri("/api/silences", UriKind.Relative),
            new { matchers = new { host = "e2e-*" }, duration = "1h", by = "alice", comment = "migration" });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var silence = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        silence.GetProperty("active").GetBoolean().Should().BeTrue();
        var silenceId = silence.GetProperty("id").GetInt64();
        (await _collector.GetJsonAsync("/api/silences")).EnumerateArray().Should().ContainSingle(s => s.GetProperty("id").GetInt64() == silenceId);
        using (var deleted = await _collector.Http.DeleteAsync(new Uri($"/api/silences/{silenceId}", UriKind.Relative)))
        {
            deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        using (var missing = await _collector.Http.PostAsJsonAsync(new Uri("/api/silences", UriKind.Relative), new { matchers = new { host = "x" }, by = "alice" }))
        {
            missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await missing.Content.ReadAsStringAsync()).Should().Contain("endsAt");
        }

        using (var bad = await _collector.Http.PostAsJsonAsync(new Uri("/api/maintenance", UriKind.Relative),
            new { name = "patch", match = new { group = "windows" }, cron = "0 25 * * *", duration = "2h", by = "bob" }))
        {
            bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            var error = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement;
            error.GetProperty("parameter").GetString().Should().Be("cron");
        }

        using var window = await _collector.Http.PostAsJsonAsync(new Uri("/api/maintenance", UriKind.Relative),
            new { name = "patch", match = new { group = "windows" }, weekly = new { days = new[] { "tue" }, from = "20:00", to = "22:00" }, by = "bob" });
        window.StatusCode.Should().Be(HttpStatusCode.Created);
        var windowId = JsonDocument.Parse(await window.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();

        var windows = (await _collector.GetJsonAsync("/api/maintenance")).EnumerateArray().ToList();
        windows.Select(w => w.GetProperty("id").GetString()).Should().Equal("file:nightly", windowId);
        windows[1].GetProperty("schedule").GetString().Should().Be("weekly tue 20:00–22:00");
        windows[1].GetProperty("createdBy").GetString().Should().Be("bob");

        using (var fromFile = await _collector.Http.DeleteAsync(new Uri("/api/maintenance/file:nightly", UriKind.Relative)))
        {
            fromFile.StatusCode.Should().Be(HttpStatusCode.Conflict);
        }

        using (var deleted = await _collector.Http.DeleteAsync(new Uri($"/api/maintenance/{windowId}", UriKind.Relative)))
        {
            deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
    }

    private async Task PublishAsync(string host, string line) =>
        await _publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"alpi/test/{host}/metrics")
            .WithPayload(Encoding.UTF8.GetBytes(line)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    private List<JsonElement> Posts() => _webhook.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();

    private async Task<JsonElement?> WaitForPostAsync(string textStart, TimeSpan? timeout = null)
    {
        var found = await Eventually.WaitAsync<object>(() => Task.FromResult<object?>(
            Posts().Cast<JsonElement?>().FirstOrDefault(p => p!.Value.GetProperty("text").GetString()!.StartsWith(textStart, StringComparison.Ordinal))),
            timeout ?? TimeSpan.FromSeconds(20));
        return (JsonElement?)found;
    }
}
