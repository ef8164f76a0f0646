using Alpi.HotspotController.Sessions;
using Alpi.HotspotController.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.HotspotController.Tests.Telemetry;

public sealed class TerminalTrafficTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interim = TimeSpan.FromMinutes(5);

    [Test]
    public void Record_StartThenInterimUpdates_AddsEachGrowthToTheTerminal()
    {
        var traffic = new TerminalTraffic(new FakeTimeProvider(Start));

        traffic.Record(Session("s1", 0, 0, Start), SessionEvent.Start);
        traffic.Record(Session("s1", 1000, 5000, Start), SessionEvent.InterimUpdate);
        traffic.Record(Session("s1", 1500, 9000, Start), SessionEvent.InterimUpdate);
        traffic.Record(Session("s2", 200, 100, Start), SessionEvent.Start);

        var sample = traffic.Sample("borne-place", Start, Interim);
        sample.InputOctets.Should().Be(1700);
        sample.OutputOctets.Should().Be(9100);
        sample.InputRate.Should().BeNull("no time has passed since the controller started");
    }

    [Test]
    public void Record_RetransmittedOrReorderedUpdate_CountsNothingTwice()
    {
        var traffic = new TerminalTraffic(new FakeTimeProvider(Start));
        traffic.Record(Session("s1", 0, 0, Start), SessionEvent.Start);
        traffic.Record(Session("s1", 1000, 1000, Start), SessionEvent.InterimUpdate);

        // The store keeps the largest counts, so an older update comes back with the same values.
        traffic.Record(Session("s1", 1000, 1000, Start), SessionEvent.InterimUpdate);

        traffic.Sample("borne-place", Start, Interim).InputOctets.Should().Be(1000);
    }

    [Test]
    public void Record_SessionOlderThanTheController_OnlySetsTheBaseline()
    {
        var traffic = new TerminalTraffic(new FakeTimeProvider(Start));

        // Started an hour before the controller: its first message seen says nothing about when its octets flowed.
        traffic.Record(Session("old", 50_000_000, 90_000_000, Start - TimeSpan.FromHours(1)), SessionEvent.InterimUpdate);
        traffic.Record(Session("old", 50_000_600, 90_000_900, Start - TimeSpan.FromHours(1)), SessionEvent.InterimUpdate);
        // Started after the controller, Start lost: everything since its start counts.
        traffic.Record(Session("new", 400, 800, Start + TimeSpan.FromMinutes(1)), SessionEvent.InterimUpdate);

        var sample = traffic.Sample("borne-place", Start, Interim);
        sample.InputOctets.Should().Be(1000);
        sample.OutputOctets.Should().Be(1700);
    }

    [Test]
    public void Record_Stop_ForgetsTheSession_AndPruneForgetsSilentOnes()
    {
        var traffic = new TerminalTraffic(new FakeTimeProvider(Start));
        traffic.Record(Session("s1", 0, 0, Start), SessionEvent.Start);
        traffic.Record(Session("s2", 0, 0, Start), SessionEvent.Start);
        traffic.Record(Session("s1", 10, 10, Start), SessionEvent.Stop);

        traffic.TrackedSessions.Should().Be(1);
        traffic.Prune(Start + TimeSpan.FromMilliseconds(1)).Should().Be(1);
        traffic.TrackedSessions.Should().Be(0);
        traffic.Sample("borne-place", Start, Interim).InputOctets.Should().Be(10, "totals stay when sessions are forgotten");
    }

    [Test]
    public void Sample_RateSpansTheInterimInterval()
    {
        var traffic = new TerminalTraffic(new FakeTimeProvider(Start));
        traffic.Record(Session("s1", 0, 0, Start), SessionEvent.Start);
        traffic.Sample("borne-place", Start, Interim).InputRate.Should().BeNull();

        traffic.Record(Session("s1", 30_000, 60_000, Start), SessionEvent.InterimUpdate);
        var after = traffic.Sample("borne-place", Start + TimeSpan.FromSeconds(10), Interim);
        after.InputRate.Should().Be(3000, "30 000 octets over the 10 s since the first sample");
        after.OutputRate.Should().Be(6000);

        // Five minutes on, the rate covers the whole interval; ten minutes on, nothing new came in the last five.
        traffic.Sample("borne-place", Start + TimeSpan.FromMinutes(5), Interim).InputRate.Should().Be(100, "30 000 octets over 300 s");
        traffic.Sample("borne-place", Start + TimeSpan.FromMinutes(10), Interim).InputRate.Should().Be(0);
    }

    [Test]
    public void Sample_TrafficBeforeTheFirstSample_CountsFromTheControllersStart()
    {
        var traffic = new TerminalTraffic(new FakeTimeProvider(Start));
        traffic.Record(Session("s1", 0, 0, Start), SessionEvent.Start);
        traffic.Record(Session("s1", 20_000, 0, Start), SessionEvent.InterimUpdate);

        traffic.Sample("borne-place", Start + TimeSpan.FromSeconds(4), Interim).InputRate.Should().Be(5000, "20 000 octets in the 4 s since the start");
    }

    [Test]
    public void Sample_UnknownTerminal_IsZero() =>
        new TerminalTraffic(new FakeTimeProvider(Start)).Sample("borne-muette", Start, Interim).Should().Be(new TerminalTrafficSample(0, 0, null, null));

    private static HotspotSession Session(string id, long input, long output, DateTimeOffset started) => new()
    {
        Nas = "borne-place",
        AcctSessionId = id,
        StartedUnixMs = started.ToUnixTimeMilliseconds(),
        UpdatedUnixMs = Start.ToUnixTimeMilliseconds(),
        InputOctets = input,
        OutputOctets = output,
    };
}
