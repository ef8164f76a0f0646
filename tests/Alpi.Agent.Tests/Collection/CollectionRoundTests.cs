using Alpi.Agent.Collection;
using Alpi.Agent.Collectors;
using Alpi.Protocols.LineProtocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alpi.Agent.Tests.Collection;

public class CollectionRoundTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);

    // 2026-11-29T14:00:00Z in nanoseconds since the epoch.
    private const long AtNs = 1_795_960_800_000_000_000L;

    [Test]
    public async Task CollectAsync_OneCollectorThrowsIOException_CountsItAndReturnsTheOthersPoints()
    {
        var round = new CollectionRound(
            [new StubCollector("cpu", Point("cpu", 1)), new ThrowingCollector("disk", new IOException("/proc/diskstats: gone")), new StubCollector("mem", Point("mem", 2))],
            NullLogger<CollectionRound>.Instance);

        var points = await round.CollectAsync("srv1", At, CancellationToken.None);

        points.Select(p => p.Measurement).Should().Equal("cpu", "mem");
        round.Failures.Should().Be(1);
    }

    // Each case: an exception a collector may throw on unreadable or malformed sources; each is counted, not fatal.
    // A file that vanished (hot-unplugged disk).
    [TestCase(typeof(IOException))]
    [TestCase(typeof(FileNotFoundException))]
    [TestCase(typeof(DirectoryNotFoundException))]
    // A kernel file in an unexpected format.
    [TestCase(typeof(InvalidDataException))]
    [TestCase(typeof(FormatException))]
    // A file readable only by root.
    [TestCase(typeof(UnauthorizedAccessException))]
    public async Task CollectAsync_ExpectedCollectorFailure_IsCountedPerRound(Type exceptionType)
    {
        var round = new CollectionRound(
            [new ThrowingCollector("x", (Exception)Activator.CreateInstance(exceptionType)!), new StubCollector("mem", Point("mem", 2))],
            NullLogger<CollectionRound>.Instance);

        await round.CollectAsync("srv1", At, CancellationToken.None);
        var points = await round.CollectAsync("srv1", At, CancellationToken.None);

        points.Should().ContainSingle();
        round.Failures.Should().Be(2);
    }

    [Test]
    public async Task CollectAsync_ProgrammingError_IsNotHidden()
    {
        var round = new CollectionRound([new ThrowingCollector("bug", new InvalidOperationException("bug"))], NullLogger<CollectionRound>.Instance);

        var collect = () => round.CollectAsync("srv1", At, CancellationToken.None);

        await collect.Should().ThrowAsync<InvalidOperationException>();
    }

    [Test]
    public async Task CollectAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var round = new CollectionRound([new ThrowingCollector("slow", null)], NullLogger<CollectionRound>.Instance);

        var collect = () => round.CollectAsync("srv1", At, cts.Token);

        await collect.Should().ThrowAsync<OperationCanceledException>();
        round.Failures.Should().Be(0);
    }

    [Test]
    public async Task CollectAsync_PointWithoutHostOrTimestamp_IsStampedWithTheRoundsHostAndTime()
    {
        var round = new CollectionRound([new StubCollector("cpu", Point("cpu", 1, tags: [new("cpu", "cpu-total")]))], NullLogger<CollectionRound>.Instance);

        var point = (await round.CollectAsync("srv1", At, CancellationToken.None)).Single();

        point.Timestamp.Should().Be(AtNs);
        point.GetTag("host").Should().Be("srv1");
        point.GetTag("cpu").Should().Be("cpu-total");
        point.Tags.Should().HaveCount(2);
    }

    [Test]
    public async Task CollectAsync_PointWithItsOwnHostAndTimestamp_KeepsThem()
    {
        // An SNMP device reports under its own host name, with the time of its own clock.
        var round = new CollectionRound([new StubCollector("snmp", Point("ifTable", 1, timestamp: 42, tags: [new("host", "switch1")]))], NullLogger<CollectionRound>.Instance);

        var point = (await round.CollectAsync("srv1", At, CancellationToken.None)).Single();

        point.Timestamp.Should().Be(42);
        point.Tags.Select(t => $"{t.Key}={t.Value}").Should().Equal("host=switch1");
    }

    [Test]
    public async Task CollectAsync_TimestampWithOffset_IsStampedInUtcNanoseconds()
    {
        var round = new CollectionRound([new StubCollector("cpu", Point("cpu", 1))], NullLogger<CollectionRound>.Instance);

        var point = (await round.CollectAsync("srv1", At.ToOffset(TimeSpan.FromHours(2)).AddTicks(1), CancellationToken.None)).Single();

        point.Timestamp.Should().Be(AtNs + 100);
    }

    [Test]
    public void CollectorNames_AreInRegistrationOrder()
    {
        var round = new CollectionRound([new StubCollector("cpu"), new StubCollector("mem")], NullLogger<CollectionRound>.Instance);

        round.CollectorNames.Should().Equal("cpu", "mem");
    }

    private static LinePoint Point(string measurement, double value, long? timestamp = null, KeyValuePair<string, string>[]? tags = null) =>
        new(measurement, tags ?? [], [new("value", FieldValue.Float(value))], timestamp);

    [Test]
    public async Task CollectAsync_FirstCollectorWaitsForTheSecond_TheyRunSideBySide()
    {
        // A slow collector (an SNMP device timing out) must not hold the others: the first one here only finishes
        // once the second has run, which never happens if collectors run one after another.
        var secondRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var round = new CollectionRound(
            [new WaitingCollector(secondRan.Task), new SignallingCollector(secondRan)],
            NullLogger<CollectionRound>.Instance);

        var points = await round.CollectAsync("srv1", At, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        points.Select(p => p.Measurement).Should().Equal("waiting", "signalling");
    }

    private sealed class WaitingCollector(Task until) : IMetricCollector
    {
        public string Name => "waiting";

        public async ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
        {
            await until.WaitAsync(cancellationToken);
            sink.Add(Point("waiting", 1));
        }
    }

    private sealed class SignallingCollector(TaskCompletionSource signal) : IMetricCollector
    {
        public string Name => "signalling";

        public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
        {
            sink.Add(Point("signalling", 2));
            signal.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class StubCollector(string name, params LinePoint[] points) : IMetricCollector
    {
        public string Name => name;

        public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
        {
            foreach (var point in points)
            {
                sink.Add(point);
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Fails with the given exception (after honouring cancellation), as a collector whose source file is unreadable does.</summary>
    private sealed class ThrowingCollector(string name, Exception? exception) : IMetricCollector
    {
        public string Name => name;

        public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw exception ?? new InvalidOperationException("no exception given");
        }
    }
}
