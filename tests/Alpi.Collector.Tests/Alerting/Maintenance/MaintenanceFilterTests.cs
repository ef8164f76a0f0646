using System.Text.Json.Nodes;

namespace Alpi.Collector.Tests.Alerting.Maintenance;

/// <summary>Maintenance windows and silences in the engine: recorded, not notified, the history says why; released when they end; recoveries always sent.</summary>
[TestFixtureSource(typeof(StateProviders), nameof(StateProviders.Fixtures))]
public sealed class MaintenanceFilterTests(string provider)
{
    // The harness starts on Sunday 2026-11-29 10:00Z, 11:00 in Paris.
    private const string OnCall = """
        maintenance:
          - name: backup
            match: { host: srv1 }
            weekly: { days: [sun], from: "10:30", to: "12:00" }
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
    public async Task FiringDuringMaintenance_RecordedNotNotified_ThenNotifiedWhenTheWindowCloses()
    {
        _h = await AlertingHarness.StartAsync(Escalation.EscalationTests.Rule, onCallYaml: OnCall, provider: provider);
        await HotAsync(TimeSpan.Zero, "srv1", "srv2");

        _h.Sent.Should().Equal(["firing cpu-high srv2"], "srv1 is in maintenance");
        var held = await _h.SingleOpenAsync("cpu-high", "srv1");
        (await _h.HistoryAsync(held.Id)).Should().Contain("firing: not notified: maintenance \"backup\"");

        await HotAsync(TimeSpan.FromMinutes(59), "srv1", "srv2");
        _h.Sent.Should().HaveCount(1, "the window is open until 12:00 Paris (11:00Z)");
        await HotAsync(TimeSpan.FromMinutes(1), "srv1", "srv2");
        _h.Sent.Should().Equal("firing cpu-high srv2", "firing cpu-high srv1");
    }

    [Test]
    public async Task Silence_HoldsUntilDeleted_AndARecoveryOfANotifiedAlertStillGoesOut()
    {
        _h = await AlertingHarness.StartAsync(Escalation.EscalationTests.Rule, provider: provider);
        await HotAsync(TimeSpan.Zero, "srv2");
        _h.Sent.Should().Equal("firing cpu-high srv2");

        var body = JsonNode.Parse("""{"matchers":{"host":"srv*"},"duration":"2h","comment":"migration"}""")!.AsObject();
        var (silence, errors) = await _h.Maintenance.AddSilenceAsync(body, "alice", CancellationToken.None);
        errors.Should().BeEmpty();
        await HotAsync(TimeSpan.FromMinutes(1), "srv1", "srv2");
        var srv1 = await _h.SingleOpenAsync("cpu-high", "srv1");
        (await _h.HistoryAsync(srv1.Id)).Should().Contain($"firing: not notified: silence {silence!.Id} by alice: migration");

        _h.Data.Add("t", "srv2", "cpu", "usage", "", _h.Time.GetUtcNow() + TimeSpan.FromMinutes(1), 10);
        await HotAsync(TimeSpan.FromMinutes(1), "srv1");
        _h.Sent.Should().Equal(["firing cpu-high srv2", "resolved cpu-high srv2"], "recoveries are always notified");

        (await _h.Maintenance.DeleteSilenceAsync(silence.Id, CancellationToken.None)).Should().BeTrue();
        await HotAsync(TimeSpan.FromMinutes(1), "srv1");
        _h.Sent.Should().Equal("firing cpu-high srv2", "resolved cpu-high srv2", "firing cpu-high srv1");
    }

    private async Task HotAsync(TimeSpan advance, params string[] hosts)
    {
        _h.Time.Advance(advance);
        foreach (var host in hosts)
        {
            _h.Data.Add("t", host, "cpu", "usage", "", _h.Time.GetUtcNow(), 95);
        }

        await _h.TickAsync(TimeSpan.Zero);
    }
}
