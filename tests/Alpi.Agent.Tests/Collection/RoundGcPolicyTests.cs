using Alpi.Agent.Collection;
using FluentAssertions;
using NUnit.Framework;

namespace Alpi.Agent.Tests.Collection;

public sealed class RoundGcPolicyTests
{
    [TestCase(2)]
    [TestCase(RoundGcPolicy.SettledRound)]
    [TestCase(2 + RoundGcPolicy.ReleaseEveryRounds)]
    [TestCase(2 + 2 * RoundGcPolicy.ReleaseEveryRounds)]
    public void ReleasesAfter_TheStartUpTheSettledRoundAndEveryHour(long round) =>
        RoundGcPolicy.ReleasesAfter(round).Should().BeTrue();

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(RoundGcPolicy.SettledRound - 1)]
    [TestCase(RoundGcPolicy.SettledRound + 1)]
    [TestCase(1 + RoundGcPolicy.ReleaseEveryRounds)]
    [TestCase(RoundGcPolicy.SettledRound + RoundGcPolicy.ReleaseEveryRounds)]
    public void ReleasesAfter_NotOtherRounds(long round) =>
        RoundGcPolicy.ReleasesAfter(round).Should().BeFalse();

    [Test]
    public void AfterRound_ReleasesAfterTheSecondAndTheSettledRound()
    {
        var policy = new RoundGcPolicy(enabled: true);

        // Each round number is taken in order and AfterRound called once for it.
        var released = Enumerable.Range(1, RoundGcPolicy.SettledRound + 1).Where(_ => policy.AfterRound() > 0).ToList();

        if (OperatingSystem.IsLinux())
        {
            released.Should().Equal([2, RoundGcPolicy.SettledRound], "AfterRound returns the octets advised only when it released");
        }
    }
}
