using Alpi.Collector.Alerting.Lifecycle;

namespace Alpi.Collector.Tests.Alerting.Notifications;

/// <summary>Grouping by labels with a fake clock: group wait, group interval, recoveries in the group, kept across a restart.</summary>
[TestFixtureSource(typeof(StateProviders), nameof(StateProviders.Fixtures))]
public sealed class GroupingTests(string provider)
{
    private readonly HashSet<string> _hot = [];
    private readonly HashSet<string> _cooled = [];
    private AlertingHarness _h = null!;

    [TearDown]
    public async Task TearDown()
    {
        _hot.Clear();
        _cooled.Clear();
        if (_h is not null)
        {
            await _h.DisposeAsync();
        }
    }

    [Test]
    public async Task ThreeAlertsInTheGroupWait_OneNotification()
    {
        _h = await StartAsync();
        await HotAsync("srv1", TimeSpan.Zero);
        await HotAsync("srv2", TimeSpan.FromSeconds(10));
        await HotAsync("srv3", TimeSpan.FromSeconds(10));
        _h.Channel.Messages.Should().BeEmpty("the group waits 30 s");

        await HotAsync("srv1", TimeSpan.FromSeconds(10));

        _h.Channel.Messages.Should().ContainSingle();
        var message = _h.Channel.Messages[0];
        message.GroupKey.Should().Be("rule=cpu-high");
        message.Items.Select(i => i.Alert.Host).Should().Equal("srv1", "srv2", "srv3");
        message.Title().Should().Be("3 alerts: 3 firing (rule=cpu-high)");
    }

    [Test]
    public async Task AfterASending_NewAlertsAndRecoveriesWaitForTheGroupInterval()
    {
        _h = await StartAsync();
        await HotAsync("srv1", TimeSpan.Zero);
        await HotAsync("srv1", TimeSpan.FromSeconds(30));
        _h.Channel.Messages.Should().HaveCount(1);

        await HotAsync("srv2", TimeSpan.FromSeconds(30));               // t = 1 min
        _cooled.Add("srv1");
        _h.Data.Add("t", "srv1", "cpu", "usage", "", _h.Time.GetUtcNow() + TimeSpan.FromMinutes(1), 10);
        await _h.TickAsync(TimeSpan.FromMinutes(1));                     // t = 2 min: srv1 recovers
        _h.Channel.Messages.Should().HaveCount(1, "the group was sent at 30 s; the next batch waits until 5 min 30 s");

        await _h.RestartAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(29));
        await _h.DeliverAsync();
        _h.Channel.Messages.Should().HaveCount(1);
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        await _h.DeliverAsync();

        _h.Channel.Messages.Should().HaveCount(2, "the waiting batch survived the restart");
        _h.Channel.Messages[1].Items.Select(i => $"{i.Event} {i.Alert.Host}").Should().Equal($"{AlertEventKind.Firing} srv2", $"{AlertEventKind.Resolved} srv1");
    }

    private Task<AlertingHarness> StartAsync() => AlertingHarness.StartAsync(Escalation.EscalationTests.Rule, o =>
    {
        o.Alerting.Grouping.By = ["rule"];
        o.Alerting.Grouping.Wait = TimeSpan.FromSeconds(30);
        o.Alerting.Grouping.Interval = TimeSpan.FromMinutes(5);
    }, provider: provider);

    /// <summary>Moves the clock, keeps every host made hot so far (and <paramref name="host"/>) at 95 %, ticks.</summary>
    private async Task HotAsync(string host, TimeSpan advance)
    {
        _h.Time.Advance(advance);
        _hot.Add(host);
        foreach (var h in _hot.Where(h => !_cooled.Contains(h)))
        {
            _h.Data.Add("t", h, "cpu", "usage", "", _h.Time.GetUtcNow(), 95);
        }

        await _h.TickAsync(TimeSpan.Zero);
    }
}
