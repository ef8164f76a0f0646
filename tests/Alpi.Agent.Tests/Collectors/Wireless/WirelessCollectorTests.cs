using Alpi.Agent.Collectors.Commands;
using Alpi.Agent.Collectors.Wireless;
using Alpi.Agent.Tests.Collectors.Commands;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Tests.Collectors.Wireless;

public class WirelessCollectorTests
{
    private const string ProcHeader =
        "Inter-| sta-|   Quality        |   Discarded packets               | Missed | WE\n" +
        " face | tus | link level noise |  nwid  crypt   frag  retry   misc | beacon | 22\n";

    [TestCaseSource(typeof(WirelessFixture), nameof(WirelessFixture.Cases))]
    public async Task Collect_Fixture_SecondCollectionMatchesExpectedLineProtocol(string name)
    {
        var fixture = WirelessFixture.Open(name);
        var collector = fixture.Collector();
        await collector.CollectAsync(new RecordingSink(), CancellationToken.None);
        fixture.Commands.Sample = 2;
        var sink = new RecordingSink();

        await collector.CollectAsync(sink, CancellationToken.None);

        sink.Lines.Should().Equal(fixture.Expected());
    }

    [Test]
    public async Task Collect_FirstCollection_HasTheChannelCountersButNoShareYet()
    {
        var fixture = WirelessFixture.Open("wifi-openwrt-iw6");
        var sink = new RecordingSink();

        await fixture.Collector().CollectAsync(sink, CancellationToken.None);

        var wlan0 = sink.Points.Single(p => p.Measurement == "wifi" && p.GetTag("interface") == "wlan0");
        wlan0.Fields.Select(f => f.Key).Should().Contain("channel_busy_ms").And.NotContain(k => k.EndsWith("_percent", StringComparison.Ordinal));
    }

    [Test]
    public async Task Collect_OneRadioWithTwoSsids_RunsItsSurveyOnceAndSkipsTheMonitorInterface()
    {
        var fixture = WirelessFixture.Open("wifi-openwrt-iw6");

        await fixture.Collector().CollectAsync(new RecordingSink(), CancellationToken.None);

        fixture.Commands.Calls.Should().Equal(
            "iw dev",
            "iw dev wlan2 station dump", "iw dev wlan2 survey dump",
            "iw dev wlan1-1 station dump", "iw dev wlan1-1 survey dump",
            "iw dev wlan1 station dump",
            "iw dev wlan0 station dump", "iw dev wlan0 survey dump");
    }

    [Test]
    public async Task Collect_PerStationOn_AddsOnePointPerStationTaggedWithItsMac()
    {
        var fixture = WirelessFixture.Open("wifi-openwrt-iw6");
        var sink = new RecordingSink();

        await fixture.Collector(new WirelessOptions { PerStation = true }).CollectAsync(sink, CancellationToken.None);

        sink.Points.Where(p => p.Measurement == "wifi_station").Select(LineProtocolText.Format)
            .Should().Equal(fixture.Expected("expected-stations.txt"));
    }

    [Test]
    public async Task Collect_PerStationOff_PublishesNoMacAddress()
    {
        var fixture = WirelessFixture.Open("wifi-openwrt-iw6");
        var sink = new RecordingSink();

        await fixture.Collector().CollectAsync(sink, CancellationToken.None);

        sink.Lines.Should().NotContain(l => l.Contains("station", StringComparison.Ordinal))
            .And.NotContain(l => System.Text.RegularExpressions.Regex.IsMatch(l, "[0-9a-f]{2}(:[0-9a-f]{2}){5}"));
    }

    [Test]
    public async Task Collect_IwMissing_LogsOnceReadsProcNetWirelessAndPublishesTheStatus()
    {
        var fixture = WirelessFixture.Open("wifi-openwrt-iw6");
        fixture.Commands.Missing.Add("iw");
        var collector = fixture.Collector();
        await collector.CollectAsync(new RecordingSink(), CancellationToken.None);
        var sink = new RecordingSink();

        await collector.CollectAsync(sink, CancellationToken.None);

        sink.Lines.Should().Equal(
            "wireless,interface=wlan2 status=0i,link=52i,level=-58i,nwid=0i,crypt=0i,frag=0i,retry=12i,misc=0i,missed_beacon=3i",
            "wifi_collector iw_available=false,interfaces=0i,command_failures=0i,command_timeouts=0i,parse_errors=0i");
        fixture.Logger.Entries.Should().ContainSingle().Which.Message.Should().Contain("iw not found");
        fixture.Commands.Calls.Should().BeEmpty();
    }

    [Test]
    public async Task Collect_IwInstalledLater_LogsItAndCollects()
    {
        var fixture = WirelessFixture.Open("wifi-rpi-brcmfmac-iw5");
        fixture.Commands.Missing.Add("iw");
        var collector = fixture.Collector();
        await collector.CollectAsync(new RecordingSink(), CancellationToken.None);
        fixture.Commands.Missing.Clear();
        var sink = new RecordingSink();

        await collector.CollectAsync(sink, CancellationToken.None);

        sink.Points.Should().Contain(p => p.Measurement == "wifi");
        fixture.Logger.Entries.Select(e => e.Level).Should().Equal(LogLevel.Warning, LogLevel.Information, LogLevel.Warning);
        fixture.Logger.Entries[1].Message.Should().Contain("found at /usr/sbin/iw");
    }

    [Test]
    public async Task Collect_HostWithoutWirelessInterface_PublishesAndRunsNothingByDefault()
    {
        var files = new InMemoryHostFileSystem().With("sys/class/net/eth0/address", "02:00:00:00:00:01\n").With("proc/net/wireless", ProcHeader);
        var runner = new ReplayCommandRunner();
        var sink = new RecordingSink();

        await new WirelessCollector(files, runner, Options.Create(new WirelessOptions()), new CapturingLogger<WirelessCollector>())
            .CollectAsync(sink, CancellationToken.None);

        sink.Points.Should().BeEmpty();
        runner.Calls.Should().BeEmpty();
    }

    [Test]
    public async Task Collect_Disabled_PublishesNothingOnATerminal()
    {
        var fixture = WirelessFixture.Open("wifi-openwrt-iw6");
        var sink = new RecordingSink();

        await fixture.Collector(new WirelessOptions { Enabled = false }).CollectAsync(sink, CancellationToken.None);

        sink.Points.Should().BeEmpty();
        fixture.Commands.Calls.Should().BeEmpty();
    }

    [Test]
    public async Task Collect_IwDevFails_CountsEachFailureAndLogsItOnce()
    {
        // What iw prints on a kernel without cfg80211 (seen on the build machine with Debian's iw 5.19).
        var fixture = WirelessFixture.Open("wifi-rpi-brcmfmac-iw5");
        fixture.Commands.Outputs["iw-dev"] = ReplayCommandRunner.Fail("nl80211 not found.\n");
        var collector = fixture.Collector();
        await collector.CollectAsync(new RecordingSink(), CancellationToken.None);
        var sink = new RecordingSink();

        await collector.CollectAsync(sink, CancellationToken.None);

        sink.Lines.Should().Equal("wifi_collector iw_available=true,interfaces=0i,command_failures=2i,command_timeouts=0i,parse_errors=0i");
        fixture.Logger.Entries.Should().ContainSingle().Which.Message.Should().Contain("`iw dev` failed (exit status 1: nl80211 not found.)");
    }

    [Test]
    public async Task Collect_CommandTimesOut_RunsNoOtherCommandThatRoundAndKeepsTheFiguresAlreadyRead()
    {
        var fixture = WirelessFixture.Open("wifi-openwrt-iw6");
        fixture.Commands.Outputs["iw-dev-wlan2-station-dump"] = new CommandResult(CommandOutcome.TimedOut, -1, "", "");
        var collector = fixture.Collector();
        var sink = new RecordingSink();

        await collector.CollectAsync(sink, CancellationToken.None);

        fixture.Commands.Calls.Should().Equal("iw dev", "iw dev wlan2 station dump");
        sink.Points.Where(p => p.Measurement == "wifi").Select(p => p.GetTag("interface")).Should().Equal("wlan2", "wlan1-1", "wlan1", "wlan0");
        sink.Points.Where(p => p.Measurement == "wifi").Should().OnlyContain(p => p.Fields.All(f => f.Key != "clients" && f.Key != "noise_dbm"));
        sink.Lines.Last().Should().Contain("command_timeouts=1i");
        fixture.Logger.Entries.Should().ContainSingle().Which.Message.Should().Contain("`iw dev wlan2 station dump` did not finish within 00:00:05");

        fixture.Commands.Outputs.Clear();
        await collector.CollectAsync(new RecordingSink(), CancellationToken.None);
        fixture.Commands.Calls.Should().HaveCount(2 + 8, "the next collection runs every command again");
    }

    [Test]
    public async Task Collect_StationAssociatedNo_IsNotAClient()
    {
        var (collector, runner) = Single("AP", "Station 02:00:00:00:00:01 (on wlan0)\n\tassociated:\tno\n\tauthenticated:\tyes\n");

        var sink = new RecordingSink();
        await collector.CollectAsync(sink, CancellationToken.None);

        sink.Lines[0].Should().Be("wifi,interface=wlan0,ssid=Cigale,type=AP clients=0i,clients_authorized=0i");
        runner.Calls.Should().Contain("iw dev wlan0 station dump");
    }

    [Test]
    public async Task Collect_UnreadableStationValue_KeepsEverythingElseThenReportsTheLine()
    {
        var (collector, _) = Single("AP",
            "Station 02:00:00:00:00:01 (on wlan0)\n\tsignal:  \t-50 dBm\n\ttx bitrate:\t54.0 MBit/s\n" +
            "Station 02:00:00:00:00:02 (on wlan0)\n\tsignal:  \tweak dBm\n\ttx bitrate:\t6.0 MBit/s\n");
        var sink = new RecordingSink();

        var act = async () => await collector.CollectAsync(sink, CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidDataException>())
            .WithMessage("iw dev wlan0 station dump, line 5: \"signal\" value \"weak dBm\" is not a signal in dBm");
        sink.Lines.Should().Equal(
            "wifi,interface=wlan0,ssid=Cigale,type=AP clients=2i,signal_min_dbm=-50i,signal_avg_dbm=-50,signal_max_dbm=-50i,tx_bitrate_min_mbps=6,tx_bitrate_avg_mbps=30",
            "wifi_collector iw_available=true,interfaces=1i,command_failures=0i,command_timeouts=0i,parse_errors=1i");
    }

    [Test]
    public async Task Collect_MalformedProcNetWireless_StillPublishesTheIwFiguresThenReportsTheLine()
    {
        var fixture = WirelessFixture.Open("wifi-rpi-brcmfmac-iw5");
        var files = new InMemoryHostFileSystem()
            .With("sys/class/net/wlan0/phy80211/name", "phy0\n")
            .With("proc/net/wireless", ProcHeader + " wlan9: 0000   52.\n");
        var collector = new WirelessCollector(files, fixture.Commands, Options.Create(new WirelessOptions()), fixture.Logger);
        var sink = new RecordingSink();

        var act = async () => await collector.CollectAsync(sink, CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage("/host/proc/net/wireless, line 3: 2 values, 10 expected.");
        sink.Points.Select(p => p.Measurement).Should().Equal("wifi", "wifi_collector");
    }

    private static (WirelessCollector Collector, ReplayCommandRunner Runner) Single(string type, string stations)
    {
        var runner = new ReplayCommandRunner();
        runner.Outputs["iw-dev"] = ReplayCommandRunner.Ok($"phy#0\n\tInterface wlan0\n\t\tssid Cigale\n\t\ttype {type}\n");
        runner.Outputs["iw-dev-wlan0-station-dump"] = ReplayCommandRunner.Ok(stations);
        runner.Outputs["iw-dev-wlan0-survey-dump"] = ReplayCommandRunner.Ok("");
        var files = new InMemoryHostFileSystem().With("sys/class/net/wlan0/phy80211/name", "phy0\n");
        return (new WirelessCollector(files, runner, Options.Create(new WirelessOptions()), new CapturingLogger<WirelessCollector>()), runner);
    }
}
