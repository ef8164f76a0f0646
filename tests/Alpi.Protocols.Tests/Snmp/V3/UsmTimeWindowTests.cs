using Alpi.Protocols.Snmp.V3;

namespace Alpi.Protocols.Tests.Snmp.V3;

public class UsmTimeWindowTests
{
    // Each case: local boots, local time, message boots, message time, expected (RFC 3414 §3.2 step 7a).
    // Same boots, same time.
    [TestCase(5, 1000, 5, 1000, UsmError.None)]
    // Exactly 150 seconds ahead or behind: inside.
    [TestCase(5, 1000, 5, 1150, UsmError.None)]
    [TestCase(5, 1000, 5, 850, UsmError.None)]
    // 151 seconds ahead or behind: outside.
    [TestCase(5, 1000, 5, 1151, UsmError.NotInTimeWindow)]
    [TestCase(5, 1000, 5, 849, UsmError.NotInTimeWindow)]
    // Boots differ either way (a manager that missed a reboot, or a replay from before one): outside.
    [TestCase(5, 1000, 4, 1000, UsmError.NotInTimeWindow)]
    [TestCase(5, 1000, 6, 1000, UsmError.NotInTimeWindow)]
    // Local boots latched at 2147483647: nothing authenticated is accepted, even an exact match.
    [TestCase(2147483647, 1000, 2147483647, 1000, UsmError.NotInTimeWindow)]
    // Extreme times do not overflow the difference.
    [TestCase(0, 0, 0, 2147483647, UsmError.NotInTimeWindow)]
    [TestCase(0, 2147483647, 0, 0, UsmError.NotInTimeWindow)]
    [TestCase(0, 2147483647, 0, 2147483500, UsmError.None)]
    public void CheckAsAuthoritative_AppliesTheWindow(int localBoots, int localTime, int messageBoots, int messageTime, UsmError expected)
    {
        UsmTimeWindow.CheckAsAuthoritative(localBoots, localTime, messageBoots, messageTime).Should().Be(expected);
    }

    // Each case: cached boots, latest received time, message boots, message time, expected (RFC 3414 §3.2 step 7b).
    // The agent rebooted: greater boots, even with a small time.
    [TestCase(5, 1000, 6, 3, true)]
    // Same boots, later time.
    [TestCase(5, 1000, 5, 1001, true)]
    // Same boots, same time: nothing new.
    [TestCase(5, 1000, 5, 1000, false)]
    // Same boots, earlier time (reordered datagrams).
    [TestCase(5, 1000, 5, 990, false)]
    // Smaller boots: a replay, never learnt.
    [TestCase(5, 1000, 4, 999999, false)]
    // Nothing cached yet (after discovery with boots 0, time 0): any real value is learnt.
    [TestCase(0, 0, 1, 0, true)]
    public void ShouldSynchronize_LearnsOnlyNewerValues(int cachedBoots, int latest, int messageBoots, int messageTime, bool expected)
    {
        UsmTimeWindow.ShouldSynchronize(cachedBoots, latest, messageBoots, messageTime).Should().Be(expected);
    }

    // Each case: cached boots, estimated engine time, message boots, message time, expected (RFC 3414 §3.2 step 7b).
    // Exactly what we expect.
    [TestCase(5, 1000, 5, 1000, UsmError.None)]
    // Exactly 150 seconds behind the estimate: inside.
    [TestCase(5, 1000, 5, 850, UsmError.None)]
    // 151 seconds behind the estimate: outside (a delayed or replayed response).
    [TestCase(5, 1000, 5, 849, UsmError.NotInTimeWindow)]
    // Far ahead of the estimate: inside (it synchronizes the cache).
    [TestCase(5, 1000, 5, 100000, UsmError.None)]
    // Smaller boots than cached: outside.
    [TestCase(5, 1000, 4, 1000, UsmError.NotInTimeWindow)]
    // Cached boots latched at 2147483647: outside.
    [TestCase(2147483647, 1000, 2147483647, 1000, UsmError.NotInTimeWindow)]
    // An estimate under 150 seconds does not underflow.
    [TestCase(5, 10, 5, 0, UsmError.None)]
    public void CheckAsNonAuthoritative_AppliesTheWindow(int cachedBoots, int estimated, int messageBoots, int messageTime, UsmError expected)
    {
        UsmTimeWindow.CheckAsNonAuthoritative(cachedBoots, estimated, messageBoots, messageTime).Should().Be(expected);
    }

    // Each case: last known engine time (s), local elapsed (ms), expected estimate (s).
    // Nothing elapsed.
    [TestCase(1000, 0, 1000)]
    // Partial seconds are dropped: 2.999 s adds 2.
    [TestCase(1000, 2999, 1002)]
    // A resync 10 minutes after the notInTimeWindows Report.
    [TestCase(1000, 600_000, 1600)]
    // Capped at 2147483647.
    [TestCase(2147483600, 100_000, 2147483647)]
    // A negative elapsed time (clock misuse) adds nothing.
    [TestCase(1000, -5000, 1000)]
    public void EstimateEngineTime_AddsWholeElapsedSeconds(int lastKnown, long elapsedMilliseconds, int expected)
    {
        UsmTimeWindow.EstimateEngineTime(lastKnown, TimeSpan.FromMilliseconds(elapsedMilliseconds)).Should().Be(expected);
    }

    [Test]
    public void NotInTimeWindowsResync_AfterTheReport_IsInsideTheAgentsWindow()
    {
        // RFC 3414 §4 and §3.2 step 7: the manager's clock is off; the agent reports boots 9, time 5000; the manager
        // learns them and retries 3.4 s later with the estimate, which the agent (now at 5003) accepts.
        UsmTimeWindow.ShouldSynchronize(cachedBoots: 8, latestReceivedEngineTime: 70000, messageBoots: 9, messageTime: 5000).Should().BeTrue();
        var retryTime = UsmTimeWindow.EstimateEngineTime(5000, TimeSpan.FromSeconds(3.4));

        UsmTimeWindow.CheckAsAuthoritative(localBoots: 9, localTime: 5003, messageBoots: 9, messageTime: retryTime).Should().Be(UsmError.None);
    }
}
