using Alpi.Agent.Publishing;
using Alpi.Testing;
using Microsoft.Extensions.Logging;
using static Alpi.Agent.Tests.Publishing.BacklogFixture;

namespace Alpi.Agent.Tests.Publishing;

public class MetricBacklogTests
{
    [Test]
    public void Enqueue_ThreeBatches_LeasedOldestFirstAndRemovedOnlyWhenAcknowledged()
    {
        using var data = new TempDirectory();
        using var backlog = Backlog(Options(data.Path));
        backlog.Enqueue(Batch(1));
        backlog.Enqueue(Batch(2));
        backlog.Enqueue(Batch(3));

        backlog.TryLeaseOldest(out var first).Should().BeTrue();
        backlog.Release(first!);
        backlog.TryLeaseOldest(out var again).Should().BeTrue();

        NumberOf(again!.Batch).Should().Be(1, "a released batch stays at the head");
        backlog.Count.Should().Be(3);
        backlog.Acknowledge(again);
        Drain(backlog).Should().Equal(2, 3);
        backlog.Count.Should().Be(0);
        backlog.QueuedBytes.Should().Be(0);
        backlog.IsDurable.Should().BeTrue();
    }

    [Test]
    public void Reopen_AfterDispose_UnacknowledgedBatchesKeptInOrderWithTheirContent()
    {
        using var data = new TempDirectory();
        var options = Options(data.Path);
        using (var backlog = Backlog(options))
        {
            for (var n = 1; n <= 5; n++)
            {
                backlog.Enqueue(Batch(n, bytes: 300, points: n));
            }

            backlog.TryLeaseOldest(out var first).Should().BeTrue();
            backlog.Acknowledge(first!);
        }

        using var reopened = Backlog(options);
        reopened.Open();

        reopened.Count.Should().Be(4);
        reopened.QueuedBytes.Should().Be(4 * 300);
        reopened.TryLeaseOldest(out var head).Should().BeTrue();
        head!.Batch.PointCount.Should().Be(2);
        head.Batch.CollectedAt.Should().Be(Start.AddSeconds(2));
        head.Batch.Payload.ToArray().Should().Equal(Batch(2, bytes: 300, points: 2).Payload.ToArray());
        reopened.Release(head);
        Drain(reopened).Should().Equal(2, 3, 4, 5);
    }

    [Test]
    public void Enqueue_BeyondMaxMiB_OldestDroppedAndCountedNewestKept()
    {
        using var data = new TempDirectory();
        // 1 KiB holds ten 100-byte batches (1024 / 100).
        using var backlog = Backlog(Options(data.Path, maxMiB: 1.0 / 1024));
        for (var n = 1; n <= 25; n++)
        {
            backlog.Enqueue(Batch(n, bytes: 100, points: 3));
        }

        backlog.DroppedBatches.Should().Be(15);
        backlog.DroppedPoints.Should().Be(45);
        backlog.EnqueuedBatches.Should().Be(25);
        backlog.EnqueuedPoints.Should().Be(75);
        backlog.QueuedBytes.Should().Be(1000);
        Drain(backlog).Should().Equal(Enumerable.Range(16, 10));
    }

    [Test]
    public void Enqueue_BeyondQueueLimit_OldestDropped()
    {
        using var data = new TempDirectory();
        using var backlog = Backlog(Options(data.Path, queueLimit: 3));
        for (var n = 1; n <= 7; n++)
        {
            backlog.Enqueue(Batch(n));
        }

        backlog.DroppedBatches.Should().Be(4);
        Drain(backlog).Should().Equal(5, 6, 7);
    }

    [Test]
    public void Enqueue_WhenFull_TheBatchBeingPublishedIsNotDropped()
    {
        using var data = new TempDirectory();
        using var backlog = Backlog(Options(data.Path, queueLimit: 3));
        backlog.Enqueue(Batch(1));
        backlog.Enqueue(Batch(2));
        backlog.Enqueue(Batch(3));
        backlog.TryLeaseOldest(out var inFlight).Should().BeTrue();

        backlog.Enqueue(Batch(4));
        backlog.Enqueue(Batch(5));
        backlog.Acknowledge(inFlight!);

        backlog.DroppedBatches.Should().Be(2);
        Drain(backlog).Should().Equal(4, 5);
    }

    [Test]
    public void Enqueue_BatchLargerThanTheLimit_KeptAloneAndTheOthersDropped()
    {
        using var data = new TempDirectory();
        using var backlog = Backlog(Options(data.Path, maxMiB: 1.0 / 1024));
        backlog.Enqueue(Batch(1, bytes: 500));
        backlog.Enqueue(Batch(2, bytes: 500));
        backlog.Enqueue(Batch(3, bytes: 3000));

        backlog.DroppedBatches.Should().Be(2);
        Drain(backlog).Should().Equal(3);
    }

    [Test]
    public void Reopen_WithALowerLimit_OldestDroppedAtOpenAndCounted()
    {
        using var data = new TempDirectory();
        using (var backlog = Backlog(Options(data.Path)))
        {
            for (var n = 1; n <= 6; n++)
            {
                backlog.Enqueue(Batch(n));
            }
        }

        using var smaller = Backlog(Options(data.Path, queueLimit: 2));
        smaller.Open();

        smaller.DroppedBatches.Should().Be(4);
        Drain(smaller).Should().Equal(5, 6);
    }

    [Test]
    public void ReplayedBatches_CountsOnlyWhatWaitedForTheConnection()
    {
        using var data = new TempDirectory();
        using var backlog = Backlog(Options(data.Path));
        backlog.Enqueue(Batch(1));
        backlog.Enqueue(Batch(2));
        backlog.MarkConnected();
        backlog.Enqueue(Batch(3));

        Drain(backlog).Should().Equal(1, 2, 3);

        backlog.ReplayedBatches.Should().Be(2, "batches 1 and 2 waited for the connection, 3 went out live");
    }

    [Test]
    public async Task LeaseOldestAsync_EmptyQueue_WaitsForTheNextEnqueue()
    {
        using var data = new TempDirectory();
        using var backlog = Backlog(Options(data.Path));
        backlog.Open();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var lease = backlog.LeaseOldestAsync(timeout.Token);
        lease.IsCompleted.Should().BeFalse();
        backlog.Enqueue(Batch(7));
        var batch = await lease;

        NumberOf(batch.Batch).Should().Be(7);
    }

    [Test]
    public async Task LeaseOldestAsync_EmptyQueueThenCancelled_ThrowsOperationCanceled()
    {
        // The publisher's stop: the wait for the next batch ends with the token, not with a timeout of its own.
        using var data = new TempDirectory();
        using var backlog = Backlog(Options(data.Path));
        backlog.Open();
        using var stopping = new CancellationTokenSource();

        var lease = backlog.LeaseOldestAsync(stopping.Token).AsTask();
        lease.IsCompleted.Should().BeFalse();
        await stopping.CancelAsync();

        await lease.Awaiting(l => l).Should().ThrowAsync<OperationCanceledException>();
    }

    [Test]
    public void FileName_TenantAndHost_EscapedOutsideLettersDigitsDashUnderscore()
    {
        MetricBacklog.FileName("mairie-exemple", "srv_1").Should().Be("mairie-exemple.srv_1.db");
        MetricBacklog.FileName("a.b", "é:x").Should().Be("a%2Eb.%C3%A9%3Ax.db");
    }

    [Test]
    public void Open_DefaultDirectory_FileUnderDataDirectoryAgentBuffer()
    {
        using var data = new TempDirectory();
        using var backlog = Backlog(Options(data.Path));

        backlog.Open();

        backlog.FilePath.Should().Be(Path.Combine(data.Path, "agent-buffer", "acme.srv1.db"));
        File.Exists(backlog.FilePath).Should().BeTrue();
    }

    [Test]
    public void Open_MemoryKind_NoFileAndNotDurable()
    {
        using var data = new TempDirectory();
        using var backlog = Backlog(Options(data.Path, kind: AgentBufferKind.Memory));
        backlog.Enqueue(Batch(1));

        backlog.IsDurable.Should().BeFalse();
        backlog.FilePath.Should().BeNull();
        Directory.Exists(Path.Combine(data.Path, "agent-buffer")).Should().BeFalse();
        Drain(backlog).Should().Equal(1);
    }

    [Test]
    public void Open_FolderIsAFile_FallsBackToMemoryWithOneError()
    {
        using var data = new TempDirectory();
        var blocker = Path.Combine(data.Path, "agent-buffer");
        File.WriteAllText(blocker, "not a folder");
        var logger = new CapturingLogger<MetricBacklog>();
        using var backlog = Backlog(Options(data.Path), logger);

        backlog.Enqueue(Batch(1));
        backlog.Enqueue(Batch(2));

        backlog.IsDurable.Should().BeFalse();
        logger.Entries.Where(e => e.Level == LogLevel.Error).Should().ContainSingle()
            .Which.Message.Should().Contain(blocker).And.Contain("memory only");
        Drain(backlog).Should().Equal(1, 2);
    }

    [Test]
    public void Open_FileHeldByAnotherAgent_SecondFallsBackToMemory()
    {
        using var data = new TempDirectory();
        using var first = Backlog(Options(data.Path));
        first.Enqueue(Batch(1));
        var logger = new CapturingLogger<MetricBacklog>();
        using var second = Backlog(Options(data.Path), logger);

        second.Enqueue(Batch(2));

        first.IsDurable.Should().BeTrue();
        second.IsDurable.Should().BeFalse();
        logger.Entries.Should().ContainSingle(e => e.Level == LogLevel.Error).Which.Message.Should().Contain("locked");
        Drain(first).Should().Equal(new[] { 1 }, "the second agent's batch never mixes into the first one's file");
    }
}
