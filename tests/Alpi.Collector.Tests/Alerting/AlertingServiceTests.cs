using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Notifications;
using Alpi.Collector.Traps;

namespace Alpi.Collector.Tests.Alerting;

/// <summary>
/// The alert engine's semantics with a fake clock, in-memory series and a real <c>alerts.db</c>: <c>for</c>,
/// hysteresis, severity levels, per-host absence after a restart, presence and dependencies, flapping, ack
/// stickiness, reloads and restarts without notification storms, traps, delivery retries.
/// </summary>
[TestFixtureSource(typeof(StateProviders), nameof(StateProviders.Fixtures))]
public sealed class AlertingServiceTests(string provider)
{
    private const string CpuRule = """
        rules:
          - name: cpu-high
            kind: threshold
            measurement: cpu
            field: usage
            tags: { cpu: cpu-total }
            function: last
            window: 1m
            above: 90
            recover: 80
            for: 30s
            severity: critical
            annotations:
              summary: "CPU {{ value }} % on {{ host }} (threshold {{ threshold }})"
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

    // The log said "Alert 1: Firing (Critical) " — no rule, host or value for the technician reading it at night.
    [Test]
    public async Task Firing_IsLoggedWithItsRuleHostInstanceAndValue()
    {
        _h = await AlertingHarness.StartAsync(CpuRule, provider: provider);
        await CpuAsync(95);
        await _h.TickAsync(TimeSpan.Zero);
        await CpuAsync(97, TimeSpan.FromSeconds(30));
        await _h.TickAsync(TimeSpan.Zero);

        var firing = await _h.SingleOpenAsync("cpu-high");
        _h.Log.Collector.GetSnapshot().Select(r => r.Message).Should().Contain(
            $"Alert {firing.Id} cpu-high on {firing.Tenant}/{firing.Host} ({firing.Instance}): Firing (Critical), value 97");
    }

    [Test]
    public async Task Threshold_For_PendingUntilTheDurationThenFiringOnce()
    {
        _h = await AlertingHarness.StartAsync(CpuRule, provider: provider);
        await CpuAsync(95);
        await _h.TickAsync(TimeSpan.Zero);

        var pending = await _h.SingleOpenAsync("cpu-high");
        pending.State.Should().Be(AlertState.Pending);
        _h.Sent.Should().BeEmpty("pending is never notified");

        await CpuAsync(96, TimeSpan.FromSeconds(20));
        await _h.TickAsync(TimeSpan.Zero);
        (await _h.SingleOpenAsync("cpu-high")).State.Should().Be(AlertState.Pending, "20 s < for 30 s");

        await CpuAsync(97, TimeSpan.FromSeconds(10));
        await _h.TickAsync(TimeSpan.Zero);
        var firing = await _h.SingleOpenAsync("cpu-high");
        firing.State.Should().Be(AlertState.Firing);
        firing.Annotations["summary"].Should().Be("CPU 97 % on srv1 (threshold 90)");
        _h.Sent.Should().Equal("firing cpu-high srv1");

        await CpuAsync(98, TimeSpan.FromSeconds(10));
        await _h.TickAsync(TimeSpan.Zero);
        _h.Sent.Should().HaveCount(1, "a firing alert is notified once");
    }

    [Test]
    public async Task Threshold_DipBelowThresholdBeforeFor_ResetsPendingWithoutNotification()
    {
        _h = await AlertingHarness.StartAsync(CpuRule, provider: provider);
        await CpuAsync(95);
        await _h.TickAsync(TimeSpan.Zero);
        await CpuAsync(50, TimeSpan.FromSeconds(20));
        await _h.TickAsync(TimeSpan.Zero);

        (await _h.AlertsAsync("cpu-high", openOnly: true)).Should().BeEmpty();
        var resolved = (await _h.AlertsAsync("cpu-high")).Single();
        (await _h.HistoryAsync(resolved.Id)).Should().Equal("pending", "resolved: while pending, never notified");
        _h.Sent.Should().BeEmpty();
    }

    [Test]
    public async Task Threshold_Hysteresis_StaysFiringBetweenRecoverAndThreshold_ResolvesAtRecover()
    {
        _h = await AlertingHarness.StartAsync(CpuRule, provider: provider);
        await FireCpuAsync();

        await CpuAsync(85, TimeSpan.FromSeconds(10));
        await _h.TickAsync(TimeSpan.Zero);
        var held = await _h.SingleOpenAsync("cpu-high");
        held.State.Should().Be(AlertState.Firing, "85 is under the threshold 90 but above the recovery threshold 80");
        held.Threshold.Should().Be(90, "the threshold reported is the one it fired at, not the recovery threshold");

        await CpuAsync(80, TimeSpan.FromSeconds(10));
        await _h.TickAsync(TimeSpan.Zero);
        (await _h.AlertsAsync("cpu-high", openOnly: true)).Should().BeEmpty("80 reaches the recovery threshold");
        _h.Sent.Should().Equal("firing cpu-high srv1", "resolved cpu-high srv1");

        await CpuAsync(85, TimeSpan.FromSeconds(10));
        await _h.TickAsync(TimeSpan.Zero);
        (await _h.AlertsAsync("cpu-high", openOnly: true)).Should().BeEmpty("85 does not cross 90: no new alert");
    }

    [Test]
    public async Task Threshold_SeverityLevels_TakeTheHighestCrossed()
    {
        _h = await AlertingHarness.StartAsync("""
            rules:
              - name: disk
                kind: threshold
                measurement: disk
                field: used_percent
                above: { warning: 85, critical: 95 }
                recover: 80
            """, provider: provider);
        _h.Data.Add("t", "srv1", "disk", "used_percent", "path=/", _h.Time.GetUtcNow(), 90);
        await _h.TickAsync(TimeSpan.Zero);
        (await _h.SingleOpenAsync("disk")).Severity.Should().Be(Alpi.Collector.Alerting.Rules.Severity.Warning);

        _h.Data.Add("t", "srv1", "disk", "used_percent", "path=/", _h.Time.GetUtcNow().AddSeconds(5), 97);
        await _h.TickAsync();
        (await _h.SingleOpenAsync("disk")).Severity.Should().Be(Alpi.Collector.Alerting.Rules.Severity.Critical);
        _h.Channel.Received.Select(n => n.Alert.Severity.ToString()).Should().Equal("Warning", "Critical");
    }

    [Test]
    public async Task Ack_Sticky_SurvivesSeverityChange_NonSticky_EndsWithIt()
    {
        _h = await AlertingHarness.StartAsync("""
            rules:
              - name: disk
                kind: threshold
                measurement: disk
                field: used_percent
                above: { warning: 85, critical: 95 }
            """, provider: provider);
        _h.Data.Add("t", "sticky", "disk", "used_percent", "", _h.Time.GetUtcNow(), 90);
        _h.Data.Add("t", "loose", "disk", "used_percent", "", _h.Time.GetUtcNow(), 90);
        await _h.TickAsync(TimeSpan.Zero);
        var alerts = await _h.AlertsAsync("disk", openOnly: true);
        var sticky = alerts.Single(a => a.Host == "sticky");
        var loose = alerts.Single(a => a.Host == "loose");

        (await _h.Service.AcknowledgeAsync(sticky.Id, "alice", "on it", sticky: true, CancellationToken.None)).Result.Should().Be(AckResult.Acknowledged);
        (await _h.Service.AcknowledgeAsync(loose.Id, "bob", null, sticky: false, CancellationToken.None)).Result.Should().Be(AckResult.Acknowledged);
        (await _h.Service.AcknowledgeAsync(loose.Id, "bob", null, sticky: false, CancellationToken.None)).Result.Should().Be(AckResult.AlreadyAcknowledged);
        await _h.DeliverAsync();
        _h.Channel.Received.Clear();

        _h.Data.Add("t", "sticky", "disk", "used_percent", "", _h.Time.GetUtcNow().AddSeconds(5), 97);
        _h.Data.Add("t", "loose", "disk", "used_percent", "", _h.Time.GetUtcNow().AddSeconds(5), 97);
        await _h.TickAsync();

        alerts = await _h.AlertsAsync("disk", openOnly: true);
        var stickyNow = alerts.Single(a => a.Host == "sticky");
        stickyNow.State.Should().Be(AlertState.Acknowledged);
        stickyNow.AckBy.Should().Be("alice");
        stickyNow.AckComment.Should().Be("on it");
        alerts.Single(a => a.Host == "loose").State.Should().Be(AlertState.Firing, "a non-sticky acknowledgement ends when the severity changes");
        _h.Sent.Should().Equal("firing disk loose");
        (await _h.HistoryAsync(stickyNow.Id)).Should().Contain("severity_changed: warning → critical");
    }

    [Test]
    public async Task Ack_PendingAlert_IsRefused_UnknownIsNotOpen()
    {
        _h = await AlertingHarness.StartAsync(CpuRule, provider: provider);
        await CpuAsync(95);
        await _h.TickAsync(TimeSpan.Zero);
        var pending = await _h.SingleOpenAsync("cpu-high");

        (await _h.Service.AcknowledgeAsync(pending.Id, "alice", null, true, CancellationToken.None)).Result.Should().Be(AckResult.NotFiring);
        (await _h.Service.AcknowledgeAsync(999, "alice", null, true, CancellationToken.None)).Result.Should().Be(AckResult.NotOpen);
    }

    [Test]
    public async Task Absence_PerHost_FiresForTheSilentHostOnly_AndWaitsOneWindowAfterRestart()
    {
        _h = await AlertingHarness.StartAsync("""
            rules:
              - name: no-cpu
                kind: absence
                measurement: cpu
                field: usage
                per: host
                window: 5m
            """, provider: provider);
        var t0 = _h.Time.GetUtcNow();
        _h.Data.Add("t", "quiet", "cpu", "usage", "cpu=cpu0", t0, 1);
        _h.Data.Add("t", "quiet", "cpu", "usage", "cpu=cpu1", t0, 1);
        _h.Data.Add("t", "busy", "cpu", "usage", "cpu=cpu0", t0, 1);

        // "busy" keeps sending; "quiet" stops. Nothing fires before one window after the start.
        for (var i = 1; i <= 6; i++)
        {
            _h.Data.Add("t", "busy", "cpu", "usage", "cpu=cpu0", t0.AddMinutes(i), 1);
            await _h.TickAsync(TimeSpan.FromMinutes(1));
            if (i < 5)
            {
                (await _h.AlertsAsync("no-cpu")).Should().BeEmpty($"at {i} min the collector has not run one 5 min window yet");
            }
        }

        var alert = await _h.SingleOpenAsync("no-cpu");
        alert.Host.Should().Be("quiet");
        alert.State.Should().Be(AlertState.Firing);

        // A restart: the alert is kept, and a host silent only because the collector was down is not alerted.
        _h.Data.Add("t", "other", "cpu", "usage", "", _h.Time.GetUtcNow(), 1);
        _h.Time.Advance(TimeSpan.FromMinutes(10));
        await _h.RestartAsync();
        for (var i = 1; i <= 4; i++)
        {
            _h.Data.Add("t", "quiet", "cpu", "usage", "cpu=cpu0", _h.Time.GetUtcNow(), 1);
            await _h.TickAsync(TimeSpan.FromMinutes(1));
        }

        var open = await _h.AlertsAsync("no-cpu", openOnly: true);
        open.Should().BeEmpty("quiet sent again (resolved at once), and busy/other are not judged within 5 min of the restart");
        _h.Sent.Should().Equal("firing no-cpu quiet", "resolved no-cpu quiet");

        _h.Data.Add("t", "quiet", "cpu", "usage", "cpu=cpu0", _h.Time.GetUtcNow(), 1);
        await _h.TickAsync(TimeSpan.FromMinutes(2));
        (await _h.AlertsAsync("no-cpu", openOnly: true)).Select(a => a.Host).Should().BeEquivalentTo(["busy", "other"], "one full window after the restart, silence counts again");
    }

    [Test]
    public async Task Dependency_ParentDown_SuppressesChildAlerts_AndNotifiesThemWhenParentReturns()
    {
        _h = await AlertingHarness.StartAsync("""
            rules:
              - name: down
                kind: presence
                severity: critical
              - name: cpu-high
                kind: threshold
                measurement: cpu
                field: usage
                above: 90
            dependencies:
              - parent: router
                children: ["srv-*"]
            """, provider: provider);
        var now = _h.Time.GetUtcNow();
        _h.Data.SetHost("t", "router", "online", now);
        _h.Data.SetHost("t", "srv-1", "online", now);
        await _h.TickAsync(TimeSpan.Zero);

        _h.Data.SetHost("t", "router", "offline", now);
        _h.Data.SetHost("t", "srv-1", "offline", now);
        _h.Data.Add("t", "srv-2", "cpu", "usage", "", now, 95);
        await _h.TickAsync(TimeSpan.Zero);

        var open = await _h.AlertsAsync(openOnly: true);
        open.Single(a => a.Host == "router").SuppressedBy.Should().BeNull();
        open.Single(a => a.Host == "srv-1").SuppressedBy.Should().Be("t/router");
        open.Single(a => a.Host == "srv-2").SuppressedBy.Should().Be("t/router");
        _h.Sent.Should().Equal("firing down router");

        _h.Data.SetHost("t", "router", "online", now);
        _h.Data.Add("t", "srv-2", "cpu", "usage", "", now.AddSeconds(5), 96);
        await _h.TickAsync();

        open = await _h.AlertsAsync(openOnly: true);
        open.Should().OnlyContain(a => a.SuppressedBy == null);
        _h.Sent.Should().BeEquivalentTo(["firing down router", "resolved down router", "firing down srv-1", "firing cpu-high srv-2"],
            "the children's alerts are notified once the parent is back, since they still hold");
        var history = await _h.HistoryAsync(open.Single(a => a.Host == "srv-1").Id);
        history.Should().Equal("pending: suppressed: parent t/router is down", "firing", "firing: not notified: suppressed: parent t/router is down",
            "unsuppressed: parent t/router is back", "notified: firing sent by recording");
    }

    [Test]
    public async Task Flapping_NotifiesOnceThenQuiet_ThenSettledStateWhenItStops()
    {
        _h = await AlertingHarness.StartAsync("""
            rules:
              - name: flappy
                kind: threshold
                measurement: m
                field: v
                above: 50
            """, o => o.Alerting.Flapping.Samples = 11, provider: provider);
        for (var i = 0; i < 20; i++)
        {
            _h.Data.Add("t", "h", "m", "v", "", _h.Time.GetUtcNow().AddSeconds(1), i % 2 == 0 ? 60 : 40);
            await _h.TickAsync();
        }

        // With 11 samples, the 5th change passes 50 % (weights 1.2 + 1.16 + 1.12 + 1.08 + 1.04 over 10): the notice
        // replaces that transition, and the 14 transitions after it are held back.
        _h.Sent.Should().Equal("firing flappy h", "resolved flappy h", "firing flappy h", "resolved flappy h", "firing flappy h", "flapping_started flappy h");
        var afterStart = _h.Sent.Count;

        // Steady above the threshold: the percent state change decays below 25 % and flapping stops.
        for (var i = 0; i < 12; i++)
        {
            _h.Data.Add("t", "h", "m", "v", "", _h.Time.GetUtcNow().AddSeconds(1), 70);
            await _h.TickAsync();
        }

        _h.Sent.Skip(afterStart).Should().Equal("flapping_stopped flappy h", "firing flappy h");
        var alert = await _h.SingleOpenAsync("flappy");
        alert.Flapping.Should().BeFalse();
        alert.State.Should().Be(AlertState.Firing);
    }

    [Test]
    public async Task Reload_ChangedThresholdKeepsTheFiringAlert_BadFileKeepsOldRules_RemovedRuleResolves()
    {
        _h = await AlertingHarness.StartAsync(CpuRule, provider: provider);
        await FireCpuAsync();
        var firing = await _h.SingleOpenAsync("cpu-high");

        await _h.WriteRulesAsync(CpuRule.Replace("above: 90", "above: 92", StringComparison.Ordinal).Replace("summary:", "description:", StringComparison.Ordinal));
        await CpuAsync(95, TimeSpan.FromSeconds(10));
        await _h.TickAsync(TimeSpan.Zero);
        var kept = await _h.SingleOpenAsync("cpu-high");
        kept.Id.Should().Be(firing.Id, "a reload keeps the alert state of a rule that is still there");
        kept.State.Should().Be(AlertState.Firing);
        kept.Annotations.Should().ContainKey("description");
        _h.Service.Rules.Reloads.Should().Be(2);

        await _h.WriteRulesAsync("rules:\n  - name: cpu-high\n    kind: threshold\n    window: 5x\n");
        await _h.TickAsync();
        _h.Service.Rules.ReloadFailures.Should().Be(1);
        _h.Service.Rules.LastErrors.Select(e => e.ToString()).Should().Contain(e => e.Contains("line 4", StringComparison.Ordinal) && e.Contains("rules[0].window", StringComparison.Ordinal));
        _h.Service.Rules.Current.Rules.Should().ContainSingle(r => r.Name == "cpu-high");
        (await _h.SingleOpenAsync("cpu-high")).Id.Should().Be(firing.Id);

        await _h.WriteRulesAsync("rules: []\n");
        await _h.TickAsync();
        (await _h.AlertsAsync("cpu-high", openOnly: true)).Should().BeEmpty("the rule is gone");
        _h.Sent.Should().Equal("firing cpu-high srv1", "resolved cpu-high srv1");
        (await _h.HistoryAsync(firing.Id)).Should().Contain("resolved: rule removed from the rule file");
    }

    [Test]
    public async Task Restart_FiringAlertIsNotNotifiedAgain_RecoveryAfterRestartIsNotified()
    {
        _h = await AlertingHarness.StartAsync(CpuRule, provider: provider);
        await FireCpuAsync();
        _h.Sent.Should().Equal("firing cpu-high srv1");

        await _h.RestartAsync();
        await CpuAsync(96, TimeSpan.FromSeconds(10));
        await _h.TickAsync(TimeSpan.Zero);
        await CpuAsync(97, TimeSpan.FromSeconds(10));
        await _h.TickAsync(TimeSpan.Zero);
        _h.Sent.Should().Equal(["firing cpu-high srv1"], "no storm after a restart");

        await CpuAsync(10, TimeSpan.FromSeconds(10));
        await _h.TickAsync(TimeSpan.Zero);
        _h.Sent.Should().Equal("firing cpu-high srv1", "resolved cpu-high srv1");
    }

    [Test]
    public async Task Restart_QueuedButUndeliveredNotification_IsDeliveredAfterRestart()
    {
        _h = await AlertingHarness.StartAsync(CpuRule, provider: provider);
        _h.Channel.Outcomes.Enqueue(NotifyResult.Retry("SMTP 451: try later"));
        await FireCpuAsync();
        _h.Sent.Should().BeEmpty("the first attempt was retryable");

        await _h.RestartAsync();
        _h.Time.Advance(TimeSpan.FromSeconds(2));
        await _h.DeliverAsync();
        _h.Sent.Should().Equal("firing cpu-high srv1");
        _h.Channel.Attempts.Should().Be(2);
        var alert = await _h.SingleOpenAsync("cpu-high");
        (await _h.HistoryAsync(alert.Id)).Should().Contain("notified: firing sent by recording");
    }

    [Test]
    public async Task Delivery_RetriesWithBackoff_ThenGivesUpOnFailure()
    {
        _h = await AlertingHarness.StartAsync(CpuRule, provider: provider);
        _h.Channel.Outcomes.Enqueue(NotifyResult.Retry("connection refused"));
        _h.Channel.Outcomes.Enqueue(NotifyResult.Retry("connection refused"));
        _h.Channel.Outcomes.Enqueue(NotifyResult.Fail("SMTP 550: mailbox unavailable"));
        await FireCpuAsync();
        _h.Channel.Attempts.Should().Be(1);

        await _h.DeliverAsync();
        _h.Channel.Attempts.Should().Be(1, "the retry waits for its back-off (1 s)");
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        await _h.DeliverAsync();
        _h.Channel.Attempts.Should().Be(2);
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        await _h.DeliverAsync();
        _h.Channel.Attempts.Should().Be(2, "the second back-off is 2 s");
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        await _h.DeliverAsync();
        _h.Channel.Attempts.Should().Be(3);
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await _h.DeliverAsync();
        _h.Channel.Attempts.Should().Be(3, "a failure is final for this round");

        var alert = await _h.SingleOpenAsync("cpu-high");
        (await _h.HistoryAsync(alert.Id)).Should().Contain(h => h.StartsWith("notification_failed: firing not sent by recording after 3 attempt(s): SMTP 550", StringComparison.Ordinal));
    }

    [Test]
    public async Task Delivery_GivenUpForAFiringAlert_IsTriedAgainEveryMaxBackoff_WhileItFires()
    {
        _h = await AlertingHarness.StartAsync(CpuRule, provider: provider);
        _h.Channel.Outcomes.Enqueue(NotifyResult.Fail("SMTP 550: mailbox unavailable"));
        _h.Channel.Outcomes.Enqueue(NotifyResult.Fail("SMTP 550: mailbox unavailable"));
        await FireCpuAsync();
        _h.Channel.Attempts.Should().Be(1);

        _h.Time.Advance(TimeSpan.FromMinutes(4));
        await _h.DeliverAsync();
        _h.Channel.Attempts.Should().Be(1, "given up less than Delivery:MaxBackoff (5 min) ago");
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await _h.DeliverAsync();
        _h.Channel.Attempts.Should().Be(2, "the alert still fires: one more attempt after Delivery:MaxBackoff");
        _h.Sent.Should().BeEmpty();

        _h.Time.Advance(TimeSpan.FromMinutes(5));
        await _h.DeliverAsync();
        _h.Sent.Should().Equal("firing cpu-high srv1");
        _h.Time.Advance(TimeSpan.FromMinutes(30));
        await _h.DeliverAsync();
        _h.Channel.Attempts.Should().Be(3, "delivered: not sent again");
        _h.Service.Status().NotificationsRequeued.Should().Be(2);
    }

    [Test]
    public async Task Restart_NotificationGivenUpForAFiringAlert_IsSentAtStart()
    {
        _h = await AlertingHarness.StartAsync(CpuRule, provider: provider);
        _h.Channel.Outcomes.Enqueue(NotifyResult.Fail("SMTP server does not support the STARTTLS extension"));
        await FireCpuAsync();
        _h.Sent.Should().BeEmpty();

        await _h.RestartAsync();
        await _h.DeliverAsync();
        _h.Sent.Should().Equal(["firing cpu-high srv1"], "the alert still fires: what was given up is sent again at the next start");
        var alert = await _h.SingleOpenAsync("cpu-high");
        (await _h.HistoryAsync(alert.Id)).Should().Contain("notified: firing sent by recording");
    }

    [Test]
    public async Task Restart_NotificationGivenUpForAResolvedAlert_IsNotSentAgain()
    {
        _h = await AlertingHarness.StartAsync(CpuRule, provider: provider);
        _h.Channel.Outcomes.Enqueue(NotifyResult.Fail("SMTP 550: mailbox unavailable"));
        await FireCpuAsync();
        await CpuAsync(10, TimeSpan.FromSeconds(10));
        await _h.TickAsync(TimeSpan.Zero);
        _h.Sent.Should().BeEmpty("the firing was never delivered, so neither is its resolution");

        await _h.RestartAsync();
        await _h.DeliverAsync();
        _h.Sent.Should().BeEmpty("a firing given up for an alert resolved since is not queued again");
    }

    [Test]
    public async Task Trap_LinkDownOpensPerIfIndex_LinkUpWithSameIfIndexResolves()
    {
        _h = await AlertingHarness.StartAsync("""
            rules:
              - name: link-down
                kind: trap
                trap: 1.3.6.1.6.3.1.1.5.3
                instance: 1.3.6.1.2.1.2.2.1.1
                clear: { trap: 1.3.6.1.6.3.1.1.5.4 }
                severity: critical
                annotations: { summary: "link down on {{ host }}, ifIndex {{ instance }}" }
            """, provider: provider);
        await _h.Service.ApplyTrapAsync(Trap("1.3.6.1.6.3.1.1.5.3", "3"), CancellationToken.None);
        await _h.Service.ApplyTrapAsync(Trap("1.3.6.1.6.3.1.1.5.3", "4"), CancellationToken.None);
        await _h.DeliverAsync();
        var open = await _h.AlertsAsync("link-down", openOnly: true);
        open.Select(a => a.Instance).Should().BeEquivalentTo(["3", "4"]);
        open.Should().OnlyContain(a => a.State == AlertState.Firing);
        open.Single(a => a.Instance == "3").Annotations["summary"].Should().Be("link down on sw1, ifIndex 3");

        await _h.Service.ApplyTrapAsync(Trap("1.3.6.1.6.3.1.1.5.4", "3"), CancellationToken.None);
        await _h.DeliverAsync();
        (await _h.AlertsAsync("link-down", openOnly: true)).Select(a => a.Instance).Should().Equal("4");
        _h.Sent.Should().Equal("firing link-down sw1", "firing link-down sw1", "resolved link-down sw1");

        await _h.TickAsync();
        (await _h.AlertsAsync("link-down", openOnly: true)).Should().HaveCount(1, "ticks do not resolve trap alerts");
    }

    private static TrapEvent Trap(string oid, string ifIndex) => new(0, AlertingHarness.Start, "lab", "sw1", "192.0.2.7", "v2c", "trap", oid, null, 100,
        [new TrapVarbind("1.3.6.1.2.1.2.2.1.1." + ifIndex, "Integer32", ifIndex), new TrapVarbind("1.3.6.1.2.1.2.2.1.8." + ifIndex, "Integer32", "2")]);

    private Task CpuAsync(double value, TimeSpan? advance = null)
    {
        if (advance is { } a)
        {
            _h.Time.Advance(a);
        }

        _h.Data.Add("t", "srv1", "cpu", "usage", "cpu=cpu-total", _h.Time.GetUtcNow(), value);
        return Task.CompletedTask;
    }

    private async Task FireCpuAsync()
    {
        await CpuAsync(95);
        await _h.TickAsync(TimeSpan.Zero);
        await CpuAsync(95, TimeSpan.FromSeconds(30));
        await _h.TickAsync(TimeSpan.Zero);
        (await _h.SingleOpenAsync("cpu-high")).State.Should().Be(AlertState.Firing);
    }
}
