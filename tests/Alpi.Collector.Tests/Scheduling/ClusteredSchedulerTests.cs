using System.Diagnostics;
using Alpi.Collector.Scheduling;
using Alpi.Testing;
using Npgsql;

namespace Alpi.Collector.Tests.Scheduling;

/// <summary>
/// Two collectors' schedulers, registered as the collector registers its own, on one real PostgreSQL database with
/// Quartz.NET's clustered job store: each trigger fires once across them, and a job whose collector dies while running
/// it is taken over by the other once the dead one has missed its check-in.
/// </summary>
[Category("Integration")]
public sealed class ClusteredSchedulerTests
{
    private static readonly TimeSpan Checkin = TimeSpan.FromSeconds(1);
    private PostgresServer _server = null!;
    private string _connectionString = null!;
    private FireLog _log = null!;
    private readonly List<ClusterNode> _nodes = [];

    [SetUp]
    public async Task SetUp()
    {
        _server = await SharedPostgresServer.GetAsync();
        _connectionString = await _server.CreateDatabaseAsync();
        _log = new FireLog(_connectionString);
        await _log.CreateAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        _log.Release();
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    [Test]
    public async Task TwoCollectors_FireEachTriggerOnce_AndWhenTheOneRunningItStops_TheOtherGoesOn()
    {
        _log.RunFor = TimeSpan.Zero;
        var a = await StartAsync(_connectionString, "collector-a", TimeSpan.FromMilliseconds(300));
        var b = await StartAsync(_connectionString, "collector-b", TimeSpan.FromMilliseconds(300));
        var fires = await Eventually.WaitAsync(async () => await _log.FiresAsync() is { Count: >= 10 } f ? f : null, TimeSpan.FromMinutes(2));
        fires.Should().NotBeNull();
        var metadata = await (await a.SchedulerAsync()).GetMetadata();
        metadata.JobStoreClustered.Should().BeTrue("the store AddAlpiScheduling configured, with the job another AddQuartz call added");
        metadata.SchedulerName.Should().Be(SchedulingServiceCollectionExtensions.SchedulerName);

        // Stop the collector that ran the last firing, as a service stop does.
        var runner = fires![^1].Instance == a.InstanceId ? a : b;
        var other = runner == a ? b : a;
        _nodes.Remove(runner);
        await runner.DisposeAsync();
        var stopped = Stopwatch.StartNew();
        var resumed = await Eventually.WaitAsync(async () => (await _log.FiresAsync()).Count(f => f.Instance == other.InstanceId && f.StartedMs > fires[^1].StartedMs) >= 10 ? "resumed" : null, TimeSpan.FromMinutes(2));
        resumed.Should().NotBeNull("the other collector goes on firing the trigger");
        TestContext.Out.WriteLine($"ten firings on {other.InstanceId} {stopped.Elapsed.TotalSeconds:0.0} s after {runner.InstanceId} stopped");
        await other.DisposeAsync();
        _nodes.Clear();

        fires = await _log.FiresAsync();
        fires.GroupBy(f => f.ScheduledMs).Where(g => g.Count() > 1).Select(g => g.Key).Should().BeEmpty("each firing of the trigger runs on one collector");
        TestContext.Out.WriteLine($"fires per collector: {string.Join(", ", fires.GroupBy(f => f.Instance).Select(g => $"{g.Key} {g.Count()}"))}");
    }

    [Test]
    public async Task AJobWhoseCollectorDies_IsTakenOverByTheOther_AfterTheMissedCheckin()
    {
        // The job runs until released: one execution at a time across the cluster, so while A runs it, B waits.
        _log.RunFor = TimeSpan.FromMinutes(5);
        using var relay = new TcpRelay(_server.Port);
        var viaRelay = new NpgsqlConnectionStringBuilder(_connectionString) { Port = relay.Port }.ConnectionString;
        await StartAsync(viaRelay, "collector-a", TimeSpan.FromMilliseconds(500));
        var first = await Eventually.WaitAsync(async () => (await _log.FiresAsync()).FirstOrDefault(), TimeSpan.FromMinutes(1));
        first.Should().NotBeNull();
        first!.Instance.Should().Be("collector-a");
        await StartAsync(_connectionString, "collector-b", TimeSpan.FromMilliseconds(500));
        await Task.Delay(Checkin * 3);
        (await _log.FiresAsync()).Should().ContainSingle("B waits while A runs the job");

        // A loses its database at once, as a machine that crashes: B finds its check-in missed and recovers its job.
        var cut = Stopwatch.StartNew();
        relay.Cut();
        var recovered = await Eventually.WaitAsync(async () => (await _log.FiresAsync()).FirstOrDefault(f => f.Instance == "collector-b"), TimeSpan.FromMinutes(1));
        var takeover = cut.Elapsed;

        recovered.Should().NotBeNull("B takes over the job of the collector that died");
        TestContext.Out.WriteLine($"taken over {takeover.TotalSeconds:0.0} s after the cut (check-in interval {Checkin.TotalSeconds} s + threshold {Checkin.TotalSeconds} s)");
        takeover.Should().BeGreaterThanOrEqualTo(Checkin, "B waits for A's missed check-in, never less");
        takeover.Should().BeLessThan(Checkin * 2 + TimeSpan.FromSeconds(20), "within the check-in interval and threshold, and a margin for a loaded machine");

        // A's interrupted execution is run again on B (the job asks for recovery), and the trigger goes on there.
        _log.Release();
        var fires = await Eventually.WaitAsync(async () => await _log.FiresAsync() is var f
            && f.Any(x => x.Instance == "collector-b" && x.Recovering) && f.Count(x => x.Instance == "collector-b" && !x.Recovering) >= 2 ? f : null, TimeSpan.FromMinutes(1));
        fires.Should().NotBeNull("B runs A's interrupted execution again and goes on firing the trigger");
        foreach (var fire in fires!)
        {
            TestContext.Out.WriteLine($"{fire.Instance} scheduled {fire.ScheduledMs} started {fire.StartedMs} recovering {fire.Recovering}");
        }

        fires.Where(f => f.Instance == "collector-a").Should().ContainSingle("A died while running its only execution");
        fires.Where(f => !f.Recovering).GroupBy(f => f.ScheduledMs).Should().OnlyContain(g => g.Count() == 1);
    }

    [Test]
    public async Task ACollectorStarting_DoesNotFireAgainWhatTheClusterAlreadyFired()
    {
        // An hourly trigger that starts at once: each collector declares it again when it starts.
        _log.RunFor = TimeSpan.Zero;
        await StartAsync(_connectionString, "collector-a", TimeSpan.FromHours(1));
        var first = await Eventually.WaitAsync(async () => (await _log.FiresAsync()).FirstOrDefault(), TimeSpan.FromMinutes(1));
        first.Should().NotBeNull();

        await StartAsync(_connectionString, "collector-b", TimeSpan.FromHours(1));
        await Task.Delay(Checkin * 5);

        (await _log.FiresAsync()).Should().ContainSingle("the trigger declared again keeps its last firing and waits for the next hour");
    }

    private async Task<ClusterNode> StartAsync(string connectionString, string instanceId, TimeSpan interval)
    {
        var node = await ClusterNode.StartAsync(connectionString, instanceId, _log, interval, Checkin);
        _nodes.Add(node);
        return node;
    }
}
