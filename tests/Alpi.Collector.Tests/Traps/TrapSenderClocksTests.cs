using Alpi.Collector.Traps;
using Alpi.Protocols.Snmp.V3;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.Collector.Tests.Traps;

public sealed class TrapSenderClocksTests
{
    private static readonly byte[] Engine = Convert.FromHexString("8000000001020304");

    [Test]
    public void Check_FirstMessage_AcceptedAndSetsTheClock()
    {
        var clocks = new TrapSenderClocks(new FakeTimeProvider());

        clocks.Check(Engine, 3, 1000).Should().Be(UsmError.None);
    }

    [Test]
    public void Check_SameMessageReplayedThreeMinutesLater_Rejected()
    {
        var time = new FakeTimeProvider();
        var clocks = new TrapSenderClocks(time);
        clocks.Check(Engine, 3, 1000);

        time.Advance(TimeSpan.FromSeconds(180));

        clocks.Check(Engine, 3, 1000).Should().Be(UsmError.NotInTimeWindow, "the sender's clock is now about 1180 s, beyond the 150 s window");
    }

    [Test]
    public void Check_SameMessageReplayedWithinTheWindow_Accepted()
    {
        var time = new FakeTimeProvider();
        var clocks = new TrapSenderClocks(time);
        clocks.Check(Engine, 3, 1000);

        time.Advance(TimeSpan.FromSeconds(100));

        clocks.Check(Engine, 3, 1000).Should().Be(UsmError.None, "RFC 3414 tolerates 150 s of skew");
    }

    [Test]
    public void Check_FewerBootsThanKnown_Rejected()
    {
        var clocks = new TrapSenderClocks(new FakeTimeProvider());
        clocks.Check(Engine, 3, 1000);

        clocks.Check(Engine, 2, 5000).Should().Be(UsmError.NotInTimeWindow);
    }

    [Test]
    public void Check_SenderRebooted_MoreBootsAcceptedAndOlderBootsThenRejected()
    {
        var clocks = new TrapSenderClocks(new FakeTimeProvider());
        clocks.Check(Engine, 3, 1000);

        clocks.Check(Engine, 4, 5).Should().Be(UsmError.None);
        clocks.Check(Engine, 3, 1001).Should().Be(UsmError.NotInTimeWindow);
    }

    [Test]
    public void Check_OtherEngine_HasItsOwnClock()
    {
        var time = new FakeTimeProvider();
        var clocks = new TrapSenderClocks(time);
        clocks.Check(Engine, 3, 1000);
        time.Advance(TimeSpan.FromSeconds(500));

        clocks.Check(Convert.FromHexString("80000000010203FF"), 1, 10).Should().Be(UsmError.None);
    }
}
