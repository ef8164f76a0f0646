using Alpi.Agent.Collection;

namespace Alpi.Agent.Tests.Collection;

/// <summary>The generation-1 collection after a round and the releases after the second, the twelfth and every 360th: run when enabled (the standalone agent), never otherwise.</summary>
[TestFixture]
public sealed class RoundGcPolicyTests
{
    [Test]
    public void AfterRound_Enabled_RunsAGenerationOneCollection()
    {
        var before = GC.CollectionCount(1);

        new RoundGcPolicy(enabled: true).AfterRound();

        GC.CollectionCount(1).Should().BeGreaterThan(before, "the round's garbage, and what outlived one round, is collected at once");
    }

    [Test]
    public void AfterRound_Enabled_ReleasesTheStartUpMemoryAfterTheSecondRound()
    {
        var policy = new RoundGcPolicy(enabled: true);
        var before = GC.CollectionCount(GC.MaxGeneration);

        var first = policy.AfterRound();
        var second = policy.AfterRound();
        var third = policy.AfterRound();

        GC.CollectionCount(GC.MaxGeneration).Should().BeGreaterThan(before, "the release starts with a full collection");
        first.Should().Be(0);
        third.Should().Be(0);
        if (OperatingSystem.IsLinux())
        {
            second.Should().BeGreaterThan(0, "the second round pages out the read-only file mappings");
        }
    }

    [Test]
    public void AfterRound_Enabled_ReleasesAgainEveryReleaseEveryRounds()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("the octets advised are counted on Linux only");
        }

        var policy = new RoundGcPolicy(enabled: true);
        var releases = new List<long>();
        for (long round = 1; round <= 2 + (2 * RoundGcPolicy.ReleaseEveryRounds); round++)
        {
            if (policy.AfterRound() > 0)
            {
                releases.Add(round);
            }
        }

        releases.Should().Equal(2, RoundGcPolicy.SettledRound, 2 + RoundGcPolicy.ReleaseEveryRounds, 2 + (2 * RoundGcPolicy.ReleaseEveryRounds));
    }

    [Test]
    public void AfterRound_AReplayCompleted_ReleasesAtTheNextRoundOnly()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("the octets advised are counted on Linux only");
        }

        var policy = new RoundGcPolicy(enabled: true);
        var releases = new List<long>();
        // The first connection's replay (round 1) is left to the start-up release; an outage's replay ends after round 20.
        long[] replaysAfterRound = [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2];
        for (var round = 1; round <= replaysAfterRound.Length; round++)
        {
            if (policy.AfterRound(replaysAfterRound[round - 1]) > 0)
            {
                releases.Add(round);
            }
        }

        releases.Should().Equal([2, RoundGcPolicy.SettledRound, 21], "the outage's memory is given back at the round after its replay, once");
    }

    [TestCase(2)]
    [TestCase(RoundGcPolicy.SettledRound)]
    [TestCase(2 + RoundGcPolicy.ReleaseEveryRounds)]
    [TestCase(2 + (2 * RoundGcPolicy.ReleaseEveryRounds))]
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
    public void AfterRound_Disabled_LeavesTheGcAlone()
    {
        var collector = new RoundGcPolicy(enabled: false);
        var before = GC.CollectionCount(0);

        collector.AfterRound();

        // No allocation between the two reads, so only a collection started by AfterRound could change the count.
        GC.CollectionCount(0).Should().Be(before, "an agent hosted in the collector leaves the GC to its host");
    }
}
