using Alpi.Agent.Publishing;
using Alpi.Testing;
using Microsoft.Extensions.Logging;
using static Alpi.Agent.Tests.Publishing.BacklogFixture;

namespace Alpi.Agent.Tests.Publishing;

/// <summary><c>Agent:Buffer:Kind=DiskWhenAway</c>: memory while the broker takes every batch, the SQLite file while it is away.</summary>
public class DiskWhenAwayBacklogTests
{
    private static AgentOptions Away(string data, int queueLimit = 8640) => Options(data, queueLimit: queueLimit, kind: AgentBufferKind.DiskWhenAway);

    [Test]
    public void BrokerTakingEveryBatch_NoFileIsCreated()
    {
        using var data = new TempDirectory();
        using var backlog = Backlog(Away(data.Path));
        backlog.Open();
        backlog.MarkConnected();
        for (var n = 1; n <= 20; n++)
        {
            backlog.Enqueue(Batch(n));
            Drain(backlog).Should().Equal(n);
        }

        backlog.IsInMemoryUntilAway.Should().BeTrue();
        backlog.IsDurable.Should().BeTrue("what the broker does not take goes to the file as soon as it is away");
        File.Exists(backlog.FilePath).Should().BeFalse("no batch waited for the broker");
        Directory.GetFileSystemEntries(Path.GetDirectoryName(backlog.FilePath)!).Should().BeEmpty("the start's probe of the folder leaves nothing");
    }

    [Test]
    public void DamagedFileLeftFromBefore_ItsFiguresOutliveTheReturnToMemory()
    {
        using var data = new TempDirectory();
        var options = Away(data.Path);
        using var backlog = Backlog(options);
        Directory.CreateDirectory(Path.GetDirectoryName(backlog.FilePath)!);
        var garbage = new byte[16 * 1024];
        new Random(7).NextBytes(garbage);
        File.WriteAllBytes(backlog.FilePath!, garbage);

        backlog.Open();
        backlog.MarkConnected();
        backlog.Enqueue(Batch(1));
        Drain(backlog).Should().Equal(1);

        backlog.IsInMemoryUntilAway.Should().BeTrue("the new file, replayed, was deleted");
        backlog.DamagedFiles.Should().Be(1, "a total since start, not since the last file");
    }

    [Test]
    public void ReplayCompleted_CountedOnceTheLastBatchThatWaitedIsAcknowledged()
    {
        using var data = new TempDirectory();
        using var backlog = Backlog(Away(data.Path));
        backlog.Open();
        backlog.MarkConnected();
        backlog.Enqueue(Batch(1));
        Drain(backlog).Should().Equal(1);
        backlog.ReplaysCompleted.Should().Be(0, "nothing waited for a connection");

        backlog.MarkAway();
        backlog.Enqueue(Batch(2));
        backlog.Enqueue(Batch(3));
        backlog.MarkConnected();
        backlog.TryLeaseOldest(out var first).Should().BeTrue();
        backlog.Acknowledge(first!);
        backlog.ReplaysCompleted.Should().Be(0, "one batch of the outage is still waiting");
        Drain(backlog).Should().Equal(3);

        backlog.ReplaysCompleted.Should().Be(1);
    }

    [Test]
    public void TheDefaultKind_IsDiskWhenAway()
    {
        new AgentBufferOptions().Kind.Should().Be(AgentBufferKind.DiskWhenAway);
        new AgentOptions().Buffer.Kind.Should().Be(AgentBufferKind.DiskWhenAway);
    }

    [Test]
    public void BrokerAway_WaitingBatchesGoToTheFileInOrderAndSurviveARestart()
    {
        using var data = new TempDirectory();
        var options = Away(data.Path);
        using (var backlog = Backlog(options))
        {
            backlog.Open();
            backlog.Enqueue(Batch(1));
            backlog.Enqueue(Batch(2));
            backlog.MarkAway();

            backlog.IsInMemoryUntilAway.Should().BeFalse();
            backlog.IsDurable.Should().BeTrue();
            File.Exists(backlog.FilePath).Should().BeTrue();
            backlog.Enqueue(Batch(3)); // while away: straight to the file
        }

        using var restarted = Backlog(options);
        restarted.Open();
        restarted.IsDurable.Should().BeTrue("a file left from before is replayed first");
        restarted.MarkConnected();
        Drain(restarted).Should().Equal(1, 2, 3);
        restarted.ReplayedBatches.Should().Be(3);
        restarted.IsInMemoryUntilAway.Should().BeTrue("once replayed while connected, the queue is back in memory");
        File.Exists(restarted.FilePath).Should().BeFalse("the replayed file is deleted");
        File.Exists(restarted.FilePath + "-wal").Should().BeFalse();
    }

    [Test]
    public void BrokerAwayWhileABatchIsLeased_ItsAcknowledgementRemovesItFromTheFile()
    {
        using var data = new TempDirectory();
        using var backlog = Backlog(Away(data.Path));
        backlog.Open();
        backlog.MarkConnected();
        backlog.Enqueue(Batch(1));
        backlog.TryLeaseOldest(out var leased).Should().BeTrue();
        backlog.Enqueue(Batch(2));
        backlog.Enqueue(Batch(3)); // three waiting: more than SpillAfterBatches, so they go to the file, the leased one too

        backlog.IsInMemoryUntilAway.Should().BeFalse();
        backlog.Acknowledge(leased!);

        backlog.Count.Should().Be(2);
        Drain(backlog).Should().Equal(2, 3);
        backlog.IsInMemoryUntilAway.Should().BeTrue();
    }

    [Test]
    public void StopWithBatchesUnsent_TheyAreWrittenToTheFile()
    {
        using var data = new TempDirectory();
        var options = Away(data.Path);
        using (var backlog = Backlog(options))
        {
            backlog.Open();
            backlog.MarkConnected();
            backlog.Enqueue(Batch(7));
            File.Exists(backlog.FilePath).Should().BeFalse();
        }

        using var restarted = Backlog(options);
        restarted.Open();
        restarted.MarkConnected();
        Drain(restarted).Should().Equal(7);
    }

    [Test]
    public void FileCannotBeOpened_BatchesStayInMemoryInOrder()
    {
        using var data = new TempDirectory();
        var blocker = Path.Combine(data.Path, "agent-buffer");
        File.WriteAllText(blocker, "a file where the folder should be");
        var logger = new CapturingLogger<MetricBacklog>();
        using var backlog = Backlog(Away(data.Path), logger);
        backlog.Open();

        logger.Entries.Where(e => e.Level == LogLevel.Error).Should().ContainSingle("the folder is checked at the start, not at the first outage")
            .Which.Message.Should().Contain(blocker).And.Contain("memory only");
        backlog.IsDurable.Should().BeFalse("nothing could go to the disk");
        backlog.Enqueue(Batch(1));
        backlog.Enqueue(Batch(2));

        backlog.MarkAway();

        backlog.IsInMemoryUntilAway.Should().BeTrue();
        backlog.IsDurable.Should().BeFalse();
        backlog.Count.Should().Be(2);
        backlog.MarkConnected();
        Drain(backlog).Should().Equal(1, 2);
    }
}
