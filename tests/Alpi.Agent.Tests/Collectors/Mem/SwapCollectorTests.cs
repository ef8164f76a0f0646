using Alpi.Agent.Collectors.Mem;

namespace Alpi.Agent.Tests.Collectors.Mem;

public class SwapCollectorTests
{
    [TestCaseSource(typeof(Fixture), nameof(Fixture.Cases))]
    public async Task Collect_Fixture_MatchesExpectedLineProtocol(string fixtureName)
    {
        var fixture = Fixture.Open(fixtureName);
        var sink = new RecordingSink();

        await new SwapCollector(fixture.Files).CollectAsync(sink, CancellationToken.None);

        sink.Lines.Should().Equal(fixture.ExpectedLines("swap"));
    }

    [Test]
    public async Task Collect_NoSwap_ReportsZeroPercentNotNaN()
    {
        var files = new InMemoryHostFileSystem().With("proc/meminfo", "SwapTotal: 0 kB\nSwapFree: 0 kB\n");
        var sink = new RecordingSink();

        await new SwapCollector(files).CollectAsync(sink, CancellationToken.None);

        sink.Lines.Should().Equal("swap total=0i,used=0i,free=0i,used_percent=0");
    }
}
