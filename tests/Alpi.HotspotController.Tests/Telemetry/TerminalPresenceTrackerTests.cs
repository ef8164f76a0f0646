using Alpi.HotspotController.Telemetry;

namespace Alpi.HotspotController.Tests.Telemetry;

public sealed class TerminalPresenceTrackerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    [TestCase(60, 180)] // the default-like case: one minute, three minutes of silence
    [TestCase(300, 900)] // hotspot.json's default policy, 5 min
    [TestCase(30, 180)] // under 60 s the Access-Accept carries 60 s (RFC 2869 §5.16), so the terminal waits 60 s
    [TestCase(90.2, 273)] // sent in whole seconds, rounded up
    public void SilenceLimit_IsThreeInterimIntervalsAsSent(double intervalSeconds, double expectedSeconds) =>
        TerminalPresenceTracker.SilenceLimit(TimeSpan.FromSeconds(intervalSeconds)).Should().Be(TimeSpan.FromSeconds(expectedSeconds));

    [Test]
    public void Evaluate_NeverHeardWithinTheLimitAfterStart_IsUnknown()
    {
        var tracker = new TerminalPresenceTracker(Start);

        var presence = tracker.Evaluate("borne", null, Limit, Start + Limit - TimeSpan.FromSeconds(1));

        presence.State.Should().Be(TerminalState.Unknown);
        presence.Changed.Should().BeFalse();
    }

    [Test]
    public void Evaluate_NeverHeardForTheLimitAfterStart_IsDown()
    {
        var tracker = new TerminalPresenceTracker(Start);
        tracker.Evaluate("borne", null, Limit, Start);

        var presence = tracker.Evaluate("borne", null, Limit, Start + Limit);

        presence.Should().Be(new TerminalPresence(TerminalState.Down, TerminalState.Unknown));
        presence.Changed.Should().BeTrue();
    }

    [Test]
    public void Evaluate_HeardRecently_IsUpAndStaysUpWithoutChange()
    {
        var tracker = new TerminalPresenceTracker(Start);
        var heard = Start + TimeSpan.FromSeconds(5);

        tracker.Evaluate("borne", heard, Limit, heard + TimeSpan.FromSeconds(1)).Should().Be(new TerminalPresence(TerminalState.Up, TerminalState.Unknown));
        var again = tracker.Evaluate("borne", heard, Limit, heard + Limit - TimeSpan.FromSeconds(1));

        again.State.Should().Be(TerminalState.Up);
        again.Changed.Should().BeFalse();
    }

    [Test]
    public void Evaluate_SilentForTheLimit_GoesDownThenUpAtTheNextRequest()
    {
        var tracker = new TerminalPresenceTracker(Start);
        var heard = Start + TimeSpan.FromSeconds(5);
        tracker.Evaluate("borne", heard, Limit, heard);

        tracker.Evaluate("borne", heard, Limit, heard + Limit).Should().Be(new TerminalPresence(TerminalState.Down, TerminalState.Up));
        var next = heard + Limit + TimeSpan.FromMinutes(2);
        tracker.Evaluate("borne", next, Limit, next + TimeSpan.FromSeconds(1)).Should().Be(new TerminalPresence(TerminalState.Up, TerminalState.Down));
    }

    [Test]
    public void Evaluate_TerminalsAreIndependent()
    {
        var tracker = new TerminalPresenceTracker(Start);
        var now = Start + Limit;

        tracker.Evaluate("a", now - TimeSpan.FromSeconds(1), Limit, now);
        tracker.Evaluate("b", null, Limit, now);

        tracker.States.Should().BeEquivalentTo(new Dictionary<string, TerminalState> { ["a"] = TerminalState.Up, ["b"] = TerminalState.Down });
    }

    [Test]
    public void Retain_ForgetsRemovedTerminals()
    {
        var tracker = new TerminalPresenceTracker(Start);
        tracker.Evaluate("a", null, Limit, Start);
        tracker.Evaluate("b", null, Limit, Start);

        tracker.Retain(new HashSet<string> { "a" }).Should().Equal("b");

        tracker.States.Keys.Should().Equal("a");
    }
}
