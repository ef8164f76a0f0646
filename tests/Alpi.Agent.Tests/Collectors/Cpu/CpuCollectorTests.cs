using Alpi.Agent.Collectors.Cpu;

namespace Alpi.Agent.Tests.Collectors.Cpu;

public class CpuCollectorTests
{
    [TestCaseSource(typeof(Fixture), nameof(Fixture.Cases))]
    public async Task Collect_TwoFixtureSamples_MatchesExpectedLineProtocol(string fixtureName)
    {
        var fixture = Fixture.Open(fixtureName);
        var collector = new CpuCollector(fixture.Files);
        var sink = new RecordingSink();

        fixture.Files.Sample = 1;
        await collector.CollectAsync(sink, CancellationToken.None);
        fixture.Files.Sample = 2;
        await collector.CollectAsync(sink, CancellationToken.None);

        sink.Lines.Should().Equal(fixture.ExpectedLines("cpu"));
    }

    [Test]
    public async Task Collect_FirstCall_AddsNothing()
    {
        var files = new InMemoryHostFileSystem().With("proc/stat", "cpu  10 0 10 80 0 0 0 0 0 0\n");
        var sink = new RecordingSink();

        await new CpuCollector(files).CollectAsync(sink, CancellationToken.None);

        sink.Points.Should().BeEmpty();
    }

    [Test]
    public async Task Collect_TwoSamples_ReportsUserPercentOfDelta()
    {
        var files = new InMemoryHostFileSystem().With("proc/stat", "cpu  100 0 50 850 0 0 0 0 0 0\n");
        var collector = new CpuCollector(files);
        var sink = new RecordingSink();
        await collector.CollectAsync(sink, CancellationToken.None);

        // 200 jiffies elapsed: 50 user, 30 system, 120 idle.
        files.With("proc/stat", "cpu  150 0 80 970 0 0 0 0 0 0\n");
        await collector.CollectAsync(sink, CancellationToken.None);

        var point = sink.Points.Should().ContainSingle().Subject;
        point.GetTag("cpu").Should().Be("cpu-total");
        Field(point, "usage_user").Should().Be(25);
        Field(point, "usage_system").Should().Be(15);
        Field(point, "usage_idle").Should().Be(60);
    }

    [Test]
    public async Task Collect_GuestTime_IsSubtractedFromUserAndNiceAndLeftOutOfTheTotal()
    {
        // A KVM host: the kernel counts guest time in user too, and guest_nice in nice.
        var files = new InMemoryHostFileSystem().With("proc/stat", "cpu  0 0 0 0 0 0 0 0 0 0\n");
        var collector = new CpuCollector(files);
        var sink = new RecordingSink();
        await collector.CollectAsync(sink, CancellationToken.None);

        // user 60 (of which guest 40), nice 20 (of which guest_nice 10), idle 20: total 100.
        files.With("proc/stat", "cpu  60 20 0 20 0 0 0 0 40 10\n");
        await collector.CollectAsync(sink, CancellationToken.None);

        var point = sink.Points.Should().ContainSingle().Subject;
        Field(point, "usage_user").Should().Be(20);
        Field(point, "usage_nice").Should().Be(10);
        Field(point, "usage_guest").Should().Be(40);
        Field(point, "usage_guest_nice").Should().Be(10);
        Field(point, "usage_idle").Should().Be(20);
    }

    [Test]
    public async Task Collect_PerCpuLines_AreAddedBeforeTheTotal()
    {
        var files = new InMemoryHostFileSystem().With("proc/stat", "cpu  0 0 0 0\ncpu0 0 0 0 0\ncpu1 0 0 0 0\n");
        var collector = new CpuCollector(files);
        var sink = new RecordingSink();
        await collector.CollectAsync(sink, CancellationToken.None);

        files.With("proc/stat", "cpu  2 0 0 2\ncpu0 1 0 0 1\ncpu1 1 0 0 1\n");
        await collector.CollectAsync(sink, CancellationToken.None);

        sink.Points.Select(p => p.GetTag("cpu")).Should().Equal("cpu0", "cpu1", "cpu-total");
    }

    [Test]
    public async Task Collect_CpuWhoseTotalDidNotAdvance_IsSkipped()
    {
        // cpu1 was offline between the samples (hot-plug): its counters did not move.
        var files = new InMemoryHostFileSystem().With("proc/stat", "cpu  0 0 0 0\ncpu0 0 0 0 0\ncpu1 5 0 0 5\n");
        var collector = new CpuCollector(files);
        var sink = new RecordingSink();
        await collector.CollectAsync(sink, CancellationToken.None);

        files.With("proc/stat", "cpu  10 0 0 10\ncpu0 10 0 0 10\ncpu1 5 0 0 5\n");
        await collector.CollectAsync(sink, CancellationToken.None);

        sink.Points.Select(p => p.GetTag("cpu")).Should().Equal("cpu0", "cpu-total");
    }

    [Test]
    public async Task Collect_OldKernelWithoutGuestColumns_ReadsThemAsZero()
    {
        // Linux 2.6.18 (RHEL 5): user nice system idle iowait irq softirq only.
        var files = new InMemoryHostFileSystem().With("proc/stat", "cpu  0 0 0 0 0 0 0\n");
        var collector = new CpuCollector(files);
        var sink = new RecordingSink();
        await collector.CollectAsync(sink, CancellationToken.None);

        files.With("proc/stat", "cpu  10 0 0 30 0 0 0\n");
        await collector.CollectAsync(sink, CancellationToken.None);

        Field(sink.Points.Single(), "usage_user").Should().Be(25);
        Field(sink.Points.Single(), "usage_guest").Should().Be(0);
    }

    [Test]
    public async Task Collect_MissingFile_ThrowsIOExceptionNamingThePath()
    {
        var act = async () => await new CpuCollector(new InMemoryHostFileSystem()).CollectAsync(new RecordingSink(), CancellationToken.None);

        (await act.Should().ThrowAsync<IOException>()).WithMessage("*/host/proc/stat*");
    }

    [TestCase("cpu  1 2 x 4\n", "*/host/proc/stat, line 1*\"x\"*", TestName = "Collect_NonNumericColumn_ThrowsNamingPathAndLine")]
    [TestCase("intr 5\ncpu  1 2\n", "*/host/proc/stat, line 2*", TestName = "Collect_TooFewColumns_ThrowsNamingPathAndLine")]
    [TestCase("intr 5\n", "*/host/proc/stat*no cpu line*", TestName = "Collect_NoCpuLine_ThrowsNamingPath")]
    public async Task Collect_MalformedFile_ThrowsInvalidDataException(string content, string message)
    {
        var files = new InMemoryHostFileSystem().With("proc/stat", content);

        var act = async () => await new CpuCollector(files).CollectAsync(new RecordingSink(), CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage(message);
    }

    private static double Field(Alpi.Protocols.LineProtocol.LinePoint point, string key) =>
        point.Fields.Single(f => f.Key == key).Value.AsFloat;
}
