using Alpi.Agent.Collectors.Net;

namespace Alpi.Agent.Tests.Collectors.Net;

public class NetCollectorTests
{
    private const string Header =
        "Inter-|   Receive                                                |  Transmit\n" +
        " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n";

    [TestCaseSource(typeof(Fixture), nameof(Fixture.Cases))]
    public async Task Collect_Fixture_MatchesExpectedLineProtocol(string fixtureName)
    {
        var fixture = Fixture.Open(fixtureName);
        var sink = new RecordingSink();

        await new NetCollector(fixture.Files).CollectAsync(sink, CancellationToken.None);

        sink.Lines.Should().Equal(fixture.ExpectedLines("net"));
    }

    [Test]
    public async Task Collect_CounterWiderThanItsColumn_IsReadAfterTheColon()
    {
        // The kernel prints "%6s:%8llu": past 99,999,999 bytes there is no space after the colon.
        var files = new InMemoryHostFileSystem().With("proc/net/dev",
            Header + "  eth0:1862351204 2214563    0  112    0     0          0     18234 412553219 1423312    0    0    0     0       0          0\n");
        var sink = new RecordingSink();

        await new NetCollector(files).CollectAsync(sink, CancellationToken.None);

        sink.Points.Single().Fields.Single(f => f.Key == "bytes_recv").Value.AsUInteger.Should().Be(1862351204UL);
    }

    [Test]
    public async Task Collect_WithoutSysClassNet_LeavesOutOnlyLo()
    {
        var files = new InMemoryHostFileSystem().With("proc/net/dev",
            Header + "    lo: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n bond0: 5 1 0 0 0 0 0 0 6 1 0 0 0 0 0 0\n");
        var sink = new RecordingSink();

        await new NetCollector(files).CollectAsync(sink, CancellationToken.None);

        sink.Points.Select(p => p.GetTag("interface")).Should().Equal("bond0");
    }

    [TestCase("0x1002", TestName = "Collect_InterfaceDown_IsLeftOut")]
    [TestCase("0x1009", TestName = "Collect_LoopbackFlag_IsLeftOut")]
    public async Task Collect_InterfaceFlags_LeaveItOut(string flags)
    {
        var files = new InMemoryHostFileSystem()
            .With("proc/net/dev", Header + "  eth1: 5 1 0 0 0 0 0 0 6 1 0 0 0 0 0 0\n")
            .With("sys/class/net/eth1/flags", flags + "\n");
        var sink = new RecordingSink();

        await new NetCollector(files).CollectAsync(sink, CancellationToken.None);

        sink.Points.Should().BeEmpty();
    }

    [TestCase("  eth0 5 1 0 0 0 0 0 0 6 1 0 0 0 0 0 0\n", "*/host/proc/net/dev, line 3*", TestName = "Collect_LineWithoutColon_ThrowsNamingLine")]
    [TestCase("  eth0: 5 1 0 0 0 0 0 0\n", "*/host/proc/net/dev, line 3*8 counters*", TestName = "Collect_TooFewCounters_ThrowsNamingLine")]
    public async Task Collect_MalformedLine_ThrowsInvalidDataException(string line, string message)
    {
        var files = new InMemoryHostFileSystem().With("proc/net/dev", Header + line);

        var act = async () => await new NetCollector(files).CollectAsync(new RecordingSink(), CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage(message);
    }
}
