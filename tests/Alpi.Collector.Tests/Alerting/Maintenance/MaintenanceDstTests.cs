namespace Alpi.Collector.Tests.Alerting.Maintenance;

/// <summary>
/// The engine with a fake clock across the Europe/Paris daylight-saving changes of 2026: a Sunday 01:00–05:00
/// maintenance window holds a firing alert until 05:00 local, which is 03:00Z in spring and 04:00Z in autumn; an
/// on-call handover at 09:00 local moves with the change, so a reminder after it reaches the new person.
/// </summary>
[TestFixtureSource(typeof(StateProviders), nameof(StateProviders.Fixtures))]
public sealed class MaintenanceDstTests(string provider)
{
    private const string OnCall = """
        people:
          alice: { recording: alice }
          bob: { recording: bob }
        schedules:
          - { name: primary, rotation: [alice, bob], handover: "sunday 09:00", start: 2026-01-04 }
        policies:
          - name: infra
            steps: [{ after: 0s, schedules: primary }]
            repeat: { interval: 1h, factor: 1 }
        defaultPolicy: infra
        maintenance:
          - name: night
            match: { host: srv1 }
            weekly: { days: [sun], from: "01:00", to: "05:00" }
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

    [TestCase("2026-03-29T00:30:00Z", "2026-03-29T03:00:00Z", TestName = "Spring 2026-03-29: 05:00 local is 03:00Z")]
    [TestCase("2026-10-25T00:30:00Z", "2026-10-25T04:00:00Z", TestName = "Autumn 2026-10-25: 05:00 local is 04:00Z")]
    public async Task WindowOverTheChange_HoldsUntilFiveLocal(string firing, string end)
    {
        var start = DateTimeOffset.Parse(firing, System.Globalization.CultureInfo.InvariantCulture);
        var close = DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture);
        _h = await AlertingHarness.StartAsync(Escalation.EscalationTests.Rule, onCallYaml: OnCall, start: start, provider: provider);

        while (_h.Time.GetUtcNow() < close - TimeSpan.FromMinutes(1))
        {
            await HotAsync(TimeSpan.FromMinutes(1));
        }

        _h.Sent.Should().BeEmpty($"the window is open until {close:HH:mm}Z");
        var id = (await _h.SingleOpenAsync("cpu-high")).Id;
        (await _h.HistoryAsync(id)).Should().Contain("firing: not notified: maintenance \"night\"");

        await HotAsync(TimeSpan.FromMinutes(1));
        _h.SentTo.Should().Equal(["firing cpu-high srv1 → bob"], "bob is on call until Sunday 09:00 local");
    }

    [Test]
    public async Task HandoverAtNineLocalOnTheSpringChange_ReminderAfterItReachesTheNewPerson()
    {
        // bob is on call until Sunday 2026-03-29 09:00 local, which is 07:00Z that day (it was 08:00Z a week before); then alice.
        _h = await AlertingHarness.StartAsync(Escalation.EscalationTests.Rule, onCallYaml: OnCall, start: new DateTimeOffset(2026, 3, 29, 6, 20, 0, TimeSpan.Zero), provider: provider);
        await _h.TickAsync(TimeSpan.Zero);
        var previous = _h.SentTo.Count;
        for (var minute = 0; minute < 75; minute++)
        {
            await HotAsync(TimeSpan.FromMinutes(1));
        }

        _h.SentTo.Skip(previous).Should().Equal("firing cpu-high srv1 → bob", "reminder cpu-high srv1 → alice");
    }

    private async Task HotAsync(TimeSpan advance)
    {
        _h.Time.Advance(advance);
        _h.Data.Add("t", "srv1", "cpu", "usage", "", _h.Time.GetUtcNow(), 95);
        await _h.TickAsync(TimeSpan.Zero);
    }
}
