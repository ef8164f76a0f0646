using Alpi.Agent.Collectors.DiskIo;

namespace Alpi.Agent.Tests.Collectors.DiskIo;

public class DiskIoCollectorTests
{
    [TestCaseSource(typeof(Fixture), nameof(Fixture.Cases))]
    public async Task Collect_Fixture_MatchesExpectedLineProtocol(string fixtureName)
    {
        var fixture = Fixture.Open(fixtureName);
        var sink = new RecordingSink();

        await new DiskIoCollector(fixture.Files).CollectAsync(sink, CancellationToken.None);

        sink.Lines.Should().Equal(fixture.ExpectedLines("diskio"));
    }

    [Test]
    public async Task Collect_LoopRamAndZramDevices_AreLeftOut()
    {
        var files = new InMemoryHostFileSystem().With("proc/diskstats",
            "   7       0 loop0 1 0 2 0 0 0 0 0 0 0 0\n   1       0 ram0 1 0 2 0 0 0 0 0 0 0 0\n 252       0 zram0 1 0 2 0 0 0 0 0 0 0 0\n 259       0 nvme0n1 1 0 2 0 0 0 0 0 0 0 0\n");
        var sink = new RecordingSink();

        await new DiskIoCollector(files).CollectAsync(sink, CancellationToken.None);

        sink.Points.Select(p => p.GetTag("name")).Should().Equal("nvme0n1");
    }

    [Test]
    public async Task Collect_Kernel24Format_ReadsTheElevenClassicCounters()
    {
        // Linux before 4.18 has 11 counters after the name (no discard or flush columns).
        var files = new InMemoryHostFileSystem().With("proc/diskstats", "   8       0 sda 10 1 80 5 20 2 160 7 0 11 12\n");
        var sink = new RecordingSink();

        await new DiskIoCollector(files).CollectAsync(sink, CancellationToken.None);

        sink.Lines.Should().Equal(
            "diskio,name=sda reads=10i,writes=20i,read_bytes=40960i,write_bytes=81920i,read_time=5i,write_time=7i,io_time=11i,weighted_io_time=12i,iops_in_progress=0i,merged_reads=1i,merged_writes=2i");
    }

    [TestCase("   8       0 sda 10 1 80\n", "*/host/proc/diskstats, line 1*", TestName = "Collect_TruncatedLine_ThrowsNamingLine")]
    [TestCase("   8       0 sda 10 1 80 5 20 2 16x 7 0 11 12\n", "*/host/proc/diskstats, line 1*\"16x\"*", TestName = "Collect_BadCounter_ThrowsNamingLine")]
    public async Task Collect_MalformedLine_ThrowsInvalidDataException(string content, string message)
    {
        var files = new InMemoryHostFileSystem().With("proc/diskstats", content);

        var act = async () => await new DiskIoCollector(files).CollectAsync(new RecordingSink(), CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage(message);
    }
}
