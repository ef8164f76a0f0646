using Alpi.Agent.Collectors.Mem;

namespace Alpi.Agent.Tests.Collectors.Mem;

public class MemCollectorTests
{
    [TestCaseSource(typeof(Fixture), nameof(Fixture.Cases))]
    public async Task Collect_Fixture_MatchesExpectedLineProtocol(string fixtureName)
    {
        var fixture = Fixture.Open(fixtureName);
        var sink = new RecordingSink();

        await new MemCollector(fixture.Files).CollectAsync(sink, CancellationToken.None);

        sink.Lines.Should().Equal(fixture.ExpectedLines("mem"));
    }

    [Test]
    public async Task Collect_KernelWithoutMemAvailable_ReportsCachedPlusFree()
    {
        // Linux before 3.14 has no MemAvailable line; gopsutil then uses cached (with SReclaimable) + free.
        var files = new InMemoryHostFileSystem().With("proc/meminfo",
            "MemTotal:        1000 kB\nMemFree:          100 kB\nBuffers:           50 kB\nCached:           200 kB\nSReclaimable:      25 kB\n");
        var sink = new RecordingSink();

        await new MemCollector(files).CollectAsync(sink, CancellationToken.None);

        var fields = sink.Points.Single().Fields.ToDictionary(f => f.Key, f => f.Value);
        fields["cached"].AsInteger.Should().Be(225 * 1024);
        fields["available"].AsInteger.Should().Be(325 * 1024);
        fields["used"].AsInteger.Should().Be((1000 - 100 - 50 - 225) * 1024);
        fields["swap_total"].AsInteger.Should().Be(0);
    }

    [Test]
    public async Task Collect_MissingMemTotal_ThrowsNamingTheKey()
    {
        var files = new InMemoryHostFileSystem().With("proc/meminfo", "MemFree: 100 kB\n");

        var act = async () => await new MemCollector(files).CollectAsync(new RecordingSink(), CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage("*/host/proc/meminfo*MemTotal*");
    }

    [TestCase("MemTotal: 1000 kB\nMemFree 100 kB\n", "*/host/proc/meminfo, line 2*", TestName = "Collect_LineWithoutColon_ThrowsNamingLine")]
    [TestCase("MemTotal: 1000 MB\n", "*/host/proc/meminfo, line 1*", TestName = "Collect_UnknownUnit_ThrowsNamingLine")]
    [TestCase("MemTotal: -5 kB\n", "*/host/proc/meminfo, line 1*\"-5\"*", TestName = "Collect_NegativeValue_ThrowsNamingLine")]
    public async Task Collect_MalformedLine_ThrowsInvalidDataException(string content, string message)
    {
        var files = new InMemoryHostFileSystem().With("proc/meminfo", content);

        var act = async () => await new MemCollector(files).CollectAsync(new RecordingSink(), CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage(message);
    }

    [Test]
    public async Task Collect_MissingFile_ThrowsIOException()
    {
        var act = async () => await new MemCollector(new InMemoryHostFileSystem()).CollectAsync(new RecordingSink(), CancellationToken.None);

        (await act.Should().ThrowAsync<IOException>()).WithMessage("*/host/proc/meminfo*");
    }
}
