using System.Text.Json.Nodes;
using Alpi.Collector.Alerting.History;
using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Relational;

namespace Alpi.Collector.Tests.Alerting;

/// <summary>
/// Two collectors' alert engines on one real PostgreSQL database with <c>Collector:Cluster:Enabled</c>, reading the same
/// series on the same clock, each with its own dispatcher and channel: whichever runs a step, a transition is computed
/// once and notified once; what one does (an acknowledgement, a silence) the other sees at its next step; when one
/// stops, the other carries on from the shared state.
/// </summary>
[Category("Integration")]
public sealed class ClusteredAlertingTests
{
    private const string CpuRule = """
        rules:
          - name: cpu-high
            kind: threshold
            measurement: cpu
            field: usage
            function: last
            window: 1m
            above: 90
            recover: 80
            for: 30s
            severity: critical
        """;

    private AlertingHarness _a = null!;
    private AlertingHarness? _b;

    /// <summary>What both collectors' channels received, in order of delivery on each: "event rule host".</summary>
    private IEnumerable<string> Sent => _a.Sent.Concat(_b?.Sent ?? []);

    [SetUp]
    public async Task SetUp()
    {
        _a = await AlertingHarness.StartAsync(CpuRule, o => o.Cluster.Enabled = true, provider: StateOptions.PostgreSql);
        _b = await AlertingHarness.JoinAsync(_a);
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_b is not null)
        {
            await _b.DisposeAsync();
        }

        await _a.DisposeAsync();
    }

    [Test]
    public async Task ATransition_IsNotifiedOnce_WhicheverCollectorTicks()
    {
        Cpu("srv1", 95);
        await _a.TickAsync(TimeSpan.Zero);
        await _b!.TickAsync(TimeSpan.Zero);
        Cpu("srv1", 96, TimeSpan.FromSeconds(30));
        await _b.TickAsync(TimeSpan.Zero);
        await _a.TickAsync(TimeSpan.Zero);
        await _a.DeliverAsync();

        Sent.Should().Equal(["firing cpu-high srv1"], "B fired it; A, ticking after, found it firing in the shared state");
        (await _a.SingleOpenAsync("cpu-high")).State.Should().Be(AlertState.Firing);
        _b.Service.Status().StateReloads.Should().BePositive("B read what A saved before its step");

        Cpu("srv1", 50, TimeSpan.FromSeconds(10));
        await _a.TickAsync(TimeSpan.Zero);
        await _b.TickAsync(TimeSpan.Zero);
        await _b.DeliverAsync();

        Sent.Should().BeEquivalentTo("firing cpu-high srv1", "resolved cpu-high srv1");
        (await _a.Store.QueryAsync(new AlertQuery(Limit: 10), CancellationToken.None)).Should().ContainSingle("one alert, whoever stepped");
    }

    [Test]
    public async Task AnAcknowledgementOnOneCollector_IsKeptByTheOthersNextTick()
    {
        await FireAsync(_a);
        var alert = await _a.SingleOpenAsync("cpu-high");

        var (result, _) = await _b!.Service.AcknowledgeAsync(alert.Id, "alice", "on it", sticky: true, CancellationToken.None);
        result.Should().Be(AckResult.Acknowledged);
        Cpu("srv1", 97, TimeSpan.FromSeconds(10));
        await _a.TickAsync(TimeSpan.Zero);

        var after = await _a.SingleOpenAsync("cpu-high");
        after.State.Should().Be(AlertState.Acknowledged, "A read B's acknowledgement before its step instead of saving its own older view over it");
        after.AckBy.Should().Be("alice");
        await _a.DeliverAsync();
        await _b.DeliverAsync();
        Sent.Should().BeEquivalentTo("firing cpu-high srv1", "acknowledged cpu-high srv1");
    }

    [Test]
    public async Task ASilenceMadeOnOneCollector_HoldsBackTheOthersNotifications()
    {
        var body = JsonNode.Parse("""{"matchers":{"host":"srv1"},"duration":"2h","comment":"migration"}""")!.AsObject();
        var (silence, errors) = await _b!.Maintenance.AddSilenceAsync(body, "alice", CancellationToken.None);
        errors.Should().BeEmpty();

        await FireAsync(_a);

        Sent.Should().BeEmpty("A read B's silence before its step");
        (await _a.HistoryAsync((await _a.SingleOpenAsync("cpu-high")).Id)).Should().Contain($"firing: not notified: silence {silence!.Id} by alice: migration");
    }

    [Test]
    public async Task TwoDispatchers_SendEachQueuedNotificationOnce()
    {
        foreach (var host in new[] { "srv1", "srv2", "srv3", "srv4", "srv5" })
        {
            Cpu(host, 95);
        }

        await _a.Service.EvaluateAsync(CancellationToken.None);
        _a.Time.Advance(TimeSpan.FromSeconds(30));
        foreach (var host in new[] { "srv1", "srv2", "srv3", "srv4", "srv5" })
        {
            Cpu(host, 95);
        }

        await _a.Service.EvaluateAsync(CancellationToken.None);
        await Task.WhenAll(Task.Run(_a.DeliverAsync), Task.Run(_b!.DeliverAsync), Task.Run(_a.DeliverAsync), Task.Run(_b.DeliverAsync));

        Sent.Should().BeEquivalentTo("firing cpu-high srv1", "firing cpu-high srv2", "firing cpu-high srv3", "firing cpu-high srv4", "firing cpu-high srv5");
    }

    [Test]
    public async Task WhenOneCollectorStops_TheOtherCarriesOnFromTheSharedState()
    {
        await FireAsync(_b!);
        var firing = await _a.SingleOpenAsync("cpu-high");
        var stopped = _b!;
        await stopped.DisposeAsync();
        _b = null;

        // A alone now: the same alert, no second firing notice, one recovery.
        Cpu("srv1", 97, TimeSpan.FromSeconds(10));
        await _a.TickAsync(TimeSpan.Zero);
        Cpu("srv1", 10, TimeSpan.FromSeconds(10));
        await _a.TickAsync(TimeSpan.Zero);

        var all = await _a.Store.QueryAsync(new AlertQuery(Limit: 10), CancellationToken.None);
        all.Should().ContainSingle().Which.Id.Should().Be(firing.Id);
        all[0].State.Should().Be(AlertState.Resolved);
        stopped.Sent.Concat(_a.Sent).Should().Equal("firing cpu-high srv1", "resolved cpu-high srv1");
    }

    private void Cpu(string host, double value, TimeSpan? advance = null)
    {
        if (advance is { } a)
        {
            _a.Time.Advance(a);
        }

        _a.Data.Add("t", host, "cpu", "usage", "", _a.Time.GetUtcNow(), value);
    }

    private async Task FireAsync(AlertingHarness h)
    {
        Cpu("srv1", 95);
        await h.TickAsync(TimeSpan.Zero);
        Cpu("srv1", 95, TimeSpan.FromSeconds(30));
        await h.TickAsync(TimeSpan.Zero);
        (await h.SingleOpenAsync("cpu-high")).State.Should().Be(AlertState.Firing);
    }
}
