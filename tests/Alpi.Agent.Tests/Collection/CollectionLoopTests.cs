using Alpi.Agent.Collection;
using Alpi.Agent.Collectors;
using Alpi.Agent.Publishing;
using Alpi.Protocols.LineProtocol;
using Microsoft.Extensions.Logging.Abstractions;
using Alpi.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.Agent.Tests.Collection;

public class CollectionLoopTests
{
    [Test]
    public async Task Start_TenSecondInterval_SecondRoundOneSecondLaterThenEveryInterval()
    {
        var time = new TimerCountingTimeProvider(new DateTimeOffset(2026, 11, 29, 14, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new AgentOptions { Host = "srv1", Interval = TimeSpan.FromSeconds(10), Buffer = new AgentBufferOptions { Kind = AgentBufferKind.Memory } });
        var counting = new CountingCollector();
        using var backlog = new MetricBacklog(options, NullLogger<MetricBacklog>.Instance);
        using var loop = new CollectionLoop(new CollectionRound([counting], NullLogger<CollectionRound>.Instance), backlog, options, time, new RoundGcPolicy(enabled: false), NullLogger<CollectionLoop>.Instance);

        await loop.StartAsync(CancellationToken.None);
        await WaitForAsync(() => counting.Calls == 1);
        // Each advance waits until the loop has armed its wait (the one-second delay, then the interval's timer):
        // advancing before would start that wait from the new time.
        await time.WaitForTimersAsync(1);
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => counting.Calls == 2);
        await time.WaitForTimersAsync(2);
        time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(50);
        var beforeInterval = counting.Calls;
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => counting.Calls == 3);
        await loop.StopAsync(CancellationToken.None);

        beforeInterval.Should().Be(2, "the third round waits one full interval after the second");
        backlog.Count.Should().Be(3);
    }

    [Test]
    public async Task Round_PointThatLineProtocolCannotCarry_DroppedAndTheOthersQueued()
    {
        var time = new FakeTimeProvider();
        var options = Options.Create(new AgentOptions { Host = "srv1", Interval = TimeSpan.FromSeconds(1), Buffer = new AgentBufferOptions { Kind = AgentBufferKind.Memory } });
        using var backlog = new MetricBacklog(options, NullLogger<MetricBacklog>.Instance);
        var collector = new FixedCollector(
            new LinePoint("ok", [], [new("v", FieldValue.Float(1))], null),
            new LinePoint("bad", [], [new("v", FieldValue.Float(double.NaN))], null));
        using var loop = new CollectionLoop(new CollectionRound([collector], NullLogger<CollectionRound>.Instance), backlog, options, time, new RoundGcPolicy(enabled: false), NullLogger<CollectionLoop>.Instance);

        await loop.StartAsync(CancellationToken.None);
        await WaitForAsync(() => backlog.Count == 1);
        await loop.StopAsync(CancellationToken.None);

        backlog.TryLeaseOldest(out var queued).Should().BeTrue();
        var batch = queued!.Batch;
        batch.PointCount.Should().Be(1);
        System.Text.Encoding.UTF8.GetString(batch.Payload.Span).Should().StartWith("ok,host=srv1 v=1 ");
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        condition().Should().BeTrue();
    }

    private sealed class CountingCollector : IMetricCollector
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string Name => "counting";

        public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            sink.Add(new LinePoint("counting", [], [new("n", FieldValue.Integer(_calls))], null));
            return ValueTask.CompletedTask;
        }
    }

    private sealed class FixedCollector(params LinePoint[] points) : IMetricCollector
    {
        public string Name => "fixed";

        public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
        {
            foreach (var point in points)
            {
                sink.Add(point);
            }

            return ValueTask.CompletedTask;
        }
    }
}
