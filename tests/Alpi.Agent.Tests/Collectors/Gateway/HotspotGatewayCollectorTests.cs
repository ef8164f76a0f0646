using Alpi.Agent.Collectors.Commands;
using Alpi.Agent.Collectors.Gateway;
using Alpi.Agent.Tests.Collectors.Commands;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Tests.Collectors.Gateway;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public class HotspotGatewayCollectorTests
{
    private static readonly string ListOutput =
        File.ReadAllText(Path.Join(TestContext.CurrentContext.TestDirectory, "Fixtures", "gateway-coova", "chilli_query-list.txt"));

    private readonly InMemoryHostFileSystem _terminal = new InMemoryHostFileSystem()
        .With("proc/1/comm", "procd\n")
        .With("proc/812/comm", "chilli\n")
        .With("proc/813/comm", "chilli\n")
        .With("proc/900/comm", "dnsmasq\n")
        .With("proc/self/comm", "chilli\n")
        .With("proc/net/dev", "");

    private readonly ReplayCommandRunner _runner = new();
    private readonly CapturingLogger<HotspotGatewayCollector> _logger = new();

    [Test]
    public async Task Collect_ChilliRunningWithClients_CountsProcessesAndSessionsByState()
    {
        _runner.Outputs["chilli_query-list"] = ReplayCommandRunner.Ok(ListOutput);
        var sink = new RecordingSink();

        await Collector().CollectAsync(sink, CancellationToken.None);

        sink.Lines.Should().Equal("hotspot_gateway,process=chilli running=true,processes=2i,clients=5i,sessions=3i,sessions_captive=1i");
    }

    [Test]
    public async Task Collect_NoSession_PublishesZeros()
    {
        _runner.Outputs["chilli_query-list"] = ReplayCommandRunner.Ok("");
        var sink = new RecordingSink();

        await Collector().CollectAsync(sink, CancellationToken.None);

        sink.Lines.Should().Equal("hotspot_gateway,process=chilli running=true,processes=2i,clients=0i,sessions=0i,sessions_captive=0i");
    }

    [Test]
    public async Task Collect_QueryToolMissing_PublishesNothingByDefault()
    {
        _runner.Missing.Add("chilli_query");
        var sink = new RecordingSink();

        await Collector().CollectAsync(sink, CancellationToken.None);

        sink.Points.Should().BeEmpty();
        _runner.Calls.Should().BeEmpty();
    }

    [Test]
    public async Task Collect_QueryToolMissingButEnabled_PublishesTheProcessWithoutSessionsNorError()
    {
        _runner.Missing.Add("chilli_query");
        var sink = new RecordingSink();

        await Collector(new HotspotGatewayOptions { Enabled = true }).CollectAsync(sink, CancellationToken.None);

        sink.Lines.Should().Equal("hotspot_gateway,process=chilli running=true,processes=2i");
        _logger.Entries.Should().BeEmpty();
    }

    [Test]
    public async Task Collect_ChilliStopped_IsNotRunningAndTheFailingQueryIsLoggedOnce()
    {
        // chilli_query without a running chilli cannot connect to its command socket.
        var stopped = new InMemoryHostFileSystem().With("proc/1/comm", "procd\n").With("proc/900/comm", "dnsmasq\n");
        _runner.Outputs["chilli_query-list"] = ReplayCommandRunner.Fail("could not connect to /var/run/chilli.sock\n");
        var collector = Collector(files: stopped);
        await collector.CollectAsync(new RecordingSink(), CancellationToken.None);
        var sink = new RecordingSink();

        await collector.CollectAsync(sink, CancellationToken.None);

        sink.Lines.Should().Equal("hotspot_gateway,process=chilli running=false,processes=0i");
        _logger.Entries.Should().ContainSingle().Which.Message.Should().Contain("`chilli_query list` failed (exit status 1: could not connect to /var/run/chilli.sock)");
    }

    [Test]
    public async Task Collect_QueryTimesOut_LeavesTheSessionsOut()
    {
        _runner.Outputs["chilli_query-list"] = new CommandResult(CommandOutcome.TimedOut, -1, "", "");
        var sink = new RecordingSink();

        await Collector().CollectAsync(sink, CancellationToken.None);

        sink.Lines.Should().Equal("hotspot_gateway,process=chilli running=true,processes=2i");
    }

    [Test]
    public async Task Collect_SocketPathAndProcessName_AreUsed()
    {
        var files = new InMemoryHostFileSystem().With("proc/77/comm", "chilli-wlan1\n");
        _runner.Outputs["chilli_query--s-/var/run/chilli.wlan1.sock-list"] = ReplayCommandRunner.Ok(ListOutput);
        var sink = new RecordingSink();

        await Collector(new HotspotGatewayOptions { ProcessName = "chilli-wlan1", SocketPath = "/var/run/chilli.wlan1.sock" }, files)
            .CollectAsync(sink, CancellationToken.None);

        _runner.Calls.Should().Equal("chilli_query -s /var/run/chilli.wlan1.sock list");
        sink.Lines.Should().Equal("hotspot_gateway,process=chilli-wlan1 running=true,processes=1i,clients=5i,sessions=3i,sessions_captive=1i");
    }

    [Test]
    public async Task Collect_LineThatIsNotAClient_IsNotCountedAndReportedWithoutItsContent()
    {
        _runner.Outputs["chilli_query-list"] = ReplayCommandRunner.Ok(ListOutput + "error: alice@example.org 10.1.0.12\n");
        var sink = new RecordingSink();

        var act = async () => await Collector().CollectAsync(sink, CancellationToken.None);

        var thrown = await act.Should().ThrowAsync<InvalidDataException>();
        thrown.WithMessage("chilli_query list, line 6: not a client line (MAC IP STATE …)");
        thrown.Which.Message.Should().NotContain("alice");
        sink.Lines.Should().Equal("hotspot_gateway,process=chilli running=true,processes=2i,clients=5i,sessions=3i,sessions_captive=1i");
    }

    [Test]
    public async Task Collect_Disabled_PublishesNothing()
    {
        _runner.Outputs["chilli_query-list"] = ReplayCommandRunner.Ok(ListOutput);
        var sink = new RecordingSink();

        await Collector(new HotspotGatewayOptions { Enabled = false }).CollectAsync(sink, CancellationToken.None);

        sink.Points.Should().BeEmpty();
    }

    private HotspotGatewayCollector Collector(HotspotGatewayOptions? options = null, InMemoryHostFileSystem? files = null) =>
        new(files ?? _terminal, _runner, Options.Create(options ?? new HotspotGatewayOptions()), _logger);
}
