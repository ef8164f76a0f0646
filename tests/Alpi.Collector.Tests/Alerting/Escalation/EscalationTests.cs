using Alpi.Collector.Alerting.Lifecycle;

namespace Alpi.Collector.Tests.Alerting.Escalation;

/// <summary>
/// Escalation policies and reminders with a fake clock: steps at their delays to the people on call, stopped by an
/// acknowledgement or a resolution, kept across a restart and a reload without a storm; reminders that back off.
/// </summary>
[TestFixtureSource(typeof(StateProviders), nameof(StateProviders.Fixtures))]
public sealed class EscalationTests(string provider)
{
    public const string Rule = """
        rules:
          - name: cpu-high
            kind: threshold
            measurement: cpu
            field: usage
            function: last
            window: 1m
            above: 90
            recover: 80
            severity: critical
        """;

    public const string OnCall = """
        people:
          alice: { recording: alice }
          bob: { recording: bob }
          lead: { recording: lead }
        schedules:
          - { name: primary, rotation: [alice], handover: "09:00", start: 2026-01-05 }
          - { name: secondary, rotation: [bob], handover: "09:00", start: 2026-01-05 }
        policies:
          - name: infra
            steps:
              - { after: 0s, schedules: primary }
              - { after: 15m, schedules: secondary }
              - { after: 30m, people: lead }
        defaultPolicy: infra
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

    [Test]
    public async Task Status_RuleNamingAPolicyTheOnCallFileLacks_IsListed()
    {
        _h = await AlertingHarness.StartAsync(Rule.Replace("severity: critical", "severity: critical\n    policy: infar", StringComparison.Ordinal)
            + "\n  - { name: disk, kind: threshold, measurement: disk, field: used, above: 90, policy: infra }\n", onCallYaml: OnCall);

        _h.Service.Status().UnknownPolicies.Should().Equal("cpu-high: infar");
    }

    [Test]
    public async Task Unacknowledged_EscalatesToSecondaryAtFifteenMinutesAndLeadAtThirty()
    {
        _h = await AlertingHarness.StartAsync(Rule, onCallYaml: OnCall, provider: provider);
        await HotForAsync(TimeSpan.Zero);
        _h.SentTo.Should().Equal("firing cpu-high srv1 → alice");

        await HotForAsync(TimeSpan.FromMinutes(14));
        _h.SentTo.Should().HaveCount(1, "nobody else before 15 minutes");

        await HotForAsync(TimeSpan.FromMinutes(1));
        _h.SentTo.Should().Equal("firing cpu-high srv1 → alice", "escalated cpu-high srv1 → bob");

        await HotForAsync(TimeSpan.FromMinutes(15));
        _h.SentTo.Should().Equal("firing cpu-high srv1 → alice", "escalated cpu-high srv1 → bob", "escalated cpu-high srv1 → lead");

        _h.Data.Add("t", "srv1", "cpu", "usage", "", _h.Time.GetUtcNow(), 10);
        await _h.TickAsync(TimeSpan.Zero);
        _h.SentTo.Skip(3).Should().BeEquivalentTo(["resolved cpu-high srv1 → alice", "resolved cpu-high srv1 → bob", "resolved cpu-high srv1 → lead"],
            "the recovery reaches everyone who was paged");
        var id = (await _h.AlertsAsync("cpu-high")).Single().Id;
        (await _h.HistoryAsync(id)).Should().Contain(["escalated: step 2 of policy infra (after 00:15:00)", "escalated: step 3 of policy infra (after 00:30:00)"]);
    }

    [Test]
    public async Task AcknowledgedBeforeFifteenMinutes_TheSecondStepNeverFires()
    {
        _h = await AlertingHarness.StartAsync(Rule, onCallYaml: OnCall, provider: provider);
        await HotForAsync(TimeSpan.FromMinutes(10));
        var id = (await _h.SingleOpenAsync("cpu-high")).Id;

        (await _h.Service.AcknowledgeAsync(id, "alice", "on it", sticky: true, CancellationToken.None)).Result.Should().Be(AckResult.Acknowledged);
        await HotForAsync(TimeSpan.FromMinutes(40));

        _h.SentTo.Should().Equal("firing cpu-high srv1 → alice", "acknowledged cpu-high srv1 → alice");
    }

    [Test]
    public async Task RestartDuringEscalation_NoStormAndTheNextStepStillOnTime()
    {
        _h = await AlertingHarness.StartAsync(Rule, onCallYaml: OnCall, provider: provider);
        await HotForAsync(TimeSpan.FromMinutes(10));

        await _h.RestartAsync();
        await HotForAsync(TimeSpan.FromMinutes(4));
        _h.SentTo.Should().Equal(["firing cpu-high srv1 → alice"], "a restart re-notifies nobody");

        await HotForAsync(TimeSpan.FromMinutes(2));
        _h.SentTo.Should().Equal("firing cpu-high srv1 → alice", "escalated cpu-high srv1 → bob");
    }

    [Test]
    public async Task ReloadOfBothFiles_NoStorm()
    {
        _h = await AlertingHarness.StartAsync(Rule, onCallYaml: OnCall, provider: provider);
        await HotForAsync(TimeSpan.FromMinutes(5));

        await _h.WriteRulesAsync(Rule + "\n    labels: { team: infra }\n");
        await _h.WriteOnCallAsync(OnCall + "\nrepeat: { interval: 1h }\n");
        await HotForAsync(TimeSpan.FromMinutes(5));

        _h.SentTo.Should().Equal(["firing cpu-high srv1 → alice"], "reloading rules and the on-call file re-notifies nobody");
    }

    [Test]
    public async Task RuleNamingAnUnknownPolicy_FallsBackToTheDefaultPolicy()
    {
        _h = await AlertingHarness.StartAsync(Rule + "\n    policy: nights\n", onCallYaml: OnCall, provider: provider);

        await HotForAsync(TimeSpan.Zero);
        await HotForAsync(TimeSpan.FromMinutes(15));

        _h.SentTo.Should().Equal("firing cpu-high srv1 → alice", "escalated cpu-high srv1 → bob");
    }

    [Test]
    public async Task Reminders_BackOffUntilAcknowledged()
    {
        _h = await AlertingHarness.StartAsync(Rule, onCallYaml: "repeat: { interval: 10m, factor: 2, max: 40m }", provider: provider);
        var at = new List<double>();
        for (var minute = 0; minute <= 120; minute++)
        {
            await HotForAsync(minute == 0 ? TimeSpan.Zero : TimeSpan.FromMinutes(1));
            if (_h.Channel.Received.Count > at.Count + 1)
            {
                at.Add(minute);
            }
        }

        at.Should().Equal([10, 30, 70, 110], "10 min, then 20, then 40 (the maximum), then 40");
        _h.Channel.Received.Skip(1).Should().OnlyContain(n => n.Event == AlertEventKind.Reminder);
        _h.Channel.Received.Last().Reminder.Should().Be(3);

        await _h.RestartAsync();
        await HotForAsync(TimeSpan.FromMinutes(29));
        _h.Channel.Received.Should().HaveCount(5, "the next reminder is due at 150 min, restart or not");
        await HotForAsync(TimeSpan.FromMinutes(1));
        _h.Channel.Received.Should().HaveCount(6);

        var id = (await _h.SingleOpenAsync("cpu-high")).Id;
        await _h.Service.AcknowledgeAsync(id, "bob", null, sticky: true, CancellationToken.None);
        await HotForAsync(TimeSpan.FromHours(2));
        _h.Channel.Received.Should().HaveCount(7, "the acknowledgement is sent, then no more reminders");
    }

    [Test]
    public async Task Step_ReachingNobody_IsRecordedInHistory_LoggedAndCounted()
    {
        _h = await AlertingHarness.StartAsync(Rule, onCallYaml: """
            people:
              alice: { recording: alice }
              nomail: { sms: "+33612345678" }
            policies:
              - name: infra
                steps:
                  - { after: 0s, people: nomail, via: [recording] }
                  - { after: 15m, people: alice }
                  - { after: 30m, people: nomail }
            defaultPolicy: infra
            """, provider: provider);
        await HotForAsync(TimeSpan.Zero);
        _h.SentTo.Should().BeEmpty("step 1 reaches nobody");
        var alert = await _h.SingleOpenAsync("cpu-high");
        (await _h.HistoryAsync(alert.Id)).Should().Contain(
            "notification_failed: step 1 of policy infra reached nobody: person nomail has no address for recording (via: recording)");
        _h.Log.Collector.GetSnapshot().Should().Contain(r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning
            && r.Message.Contains("step 1 of policy infra reached nobody: person nomail", StringComparison.Ordinal));

        await HotForAsync(TimeSpan.FromMinutes(30));
        _h.SentTo.Should().Equal("escalated cpu-high srv1 → alice");
        (await _h.HistoryAsync(alert.Id)).Should().Contain(
            "notification_failed: step 3 of policy infra reached nobody: person nomail has no address for recording (any configured channel)");
        _h.Service.Status().EscalationStepsReachedNobody.Should().Be(2);
    }

    /// <summary>Keeps srv1 at 95 % for <paramref name="span"/>, ticking every minute.</summary>
    private async Task HotForAsync(TimeSpan span)
    {
        var end = _h.Time.GetUtcNow() + span;
        do
        {
            var step = end - _h.Time.GetUtcNow();
            var advance = step > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : step;
            _h.Time.Advance(advance);
            _h.Data.Add("t", "srv1", "cpu", "usage", "", _h.Time.GetUtcNow(), 95);
            await _h.TickAsync(TimeSpan.Zero);
        }
        while (_h.Time.GetUtcNow() < end);
    }
}
