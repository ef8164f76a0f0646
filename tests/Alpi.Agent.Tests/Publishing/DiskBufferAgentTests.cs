using System.Text;
using Alpi.Agent.Publishing;
using Alpi.Protocols.LineProtocol;
using Alpi.Testing;
using Microsoft.Data.Sqlite;

namespace Alpi.Agent.Tests.Publishing;

/// <summary>
/// The disk buffer end to end: the real agent binary (<see cref="AgentProcess"/>, one round a second) publishing to a
/// real Mosquitto 2.0 that the tests stop, restart on the same port and watch through a QoS 1 subscriber with a
/// persistent session. Each round is one batch whose <c>alpi_agent_buffer</c> point carries the round's number
/// (<c>enqueued_batches</c>, from 0) and timestamp, so that the subscriber can tell exactly what is missing,
/// duplicated or out of order, and compare points sent (<c>enqueued_points</c>) with points received.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class DiskBufferAgentTests
{
    private const string Tenant = "buffertest";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task BrokerOutage_EveryRoundCollectedMeanwhileArrivesInOrderAndOnce()
    {
        using var broker = await MosquittoBroker.StartAsync(persistence: true);
        var host = NewHost();
        await using var subscriber = await MetricsSubscriber.ConnectAsync(broker.Port, Tenant, host);
        using var data = new TempDirectory("alpi-agent");
        using var agent = AgentProcess.Start(broker.Port, Tenant, host, data.Path, ["--Agent:Broker:MaxReconnectDelay=00:00:01"]);
        await subscriber.WaitUntilAsync(r => r.Count >= 3, Patience, "three live rounds");

        var (stoppedAt, restartedAt) = await OutageAsync(broker, subscriber, TimeSpan.FromSeconds(6));
        await WaitForLiveAfterAsync(subscriber, restartedAt);
        agent.Dispose();

        var received = subscriber.Received;
        received.Should().OnlyContain(b => b.Buffer != null, "every message is one whole round");
        var rounds = AssertCompleteAndInOrder(received.Select(b => b.Sequence).ToList(), "the agent");
        var unique = received.DistinctBy(b => b.Sequence).ToList();
        unique.Select(b => b.Timestamp).Should().OnlyHaveUniqueItems("each round has its own timestamp");
        var duringOutage = unique.Count(b => b.Timestamp > Ns(stoppedAt) && b.Timestamp < Ns(restartedAt));
        duringOutage.Should().BeGreaterThanOrEqualTo(4, "the agent collected about one round a second while the broker was away");

        var last = received[^1];
        unique.Where(b => b.Sequence < last.Sequence).Sum(b => (long)b.Points.Count).Should().Be(last.Figure("enqueued_points"),
            "points received = points the agent queued before its last round");
        last.Figure("dropped_batches").Should().Be(0);
        last.Figure("replayed_batches").Should().BeGreaterThanOrEqualTo(duringOutage);
        last.Buffer!.Fields.Single(f => f.Key == "durable").Value.AsBoolean.Should().BeTrue();
        TestContext.Out.WriteLine($"{rounds} rounds, {duringOutage} during the outage, {received.Count - rounds} duplicate(s)");
    }

    [TestCase("Disk")]
    [TestCase("DiskWhenAway")]
    public async Task KillDuringOutage_QueuedRoundsReplayedByTheRestartedAgentBeforeItsOwn(string kind)
    {
        using var broker = await MosquittoBroker.StartAsync(persistence: true);
        var host = NewHost();
        await using var subscriber = await MetricsSubscriber.ConnectAsync(broker.Port, Tenant, host);
        using var data = new TempDirectory("alpi-agent");
        string[] switches = ["--Agent:Broker:MaxReconnectDelay=00:00:01", $"--Agent:Buffer:Kind={kind}"];
        var file = Path.Combine(data.Path, "agent-buffer", MetricBacklog.FileName(Tenant, host));
        var first = AgentProcess.Start(broker.Port, Tenant, host, data.Path, switches);
        await subscriber.WaitUntilAsync(r => r.Count >= 2, Patience, "two live rounds");
        if (kind == "DiskWhenAway")
        {
            File.Exists(file).Should().BeFalse("while the broker takes every round, nothing is written to the disk");
        }

        await broker.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        first.Kill();
        var killedAt = TimeProvider.System.GetUtcNow();
        first.Dispose();
        var onDisk = ReadQueuedRounds(file);
        onDisk.Should().HaveCountGreaterThanOrEqualTo(3, "about one round a second was queued during the 5 s outage");

        using var second = AgentProcess.Start(broker.Port, Tenant, host, data.Path, switches);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var restartedAt = TimeProvider.System.GetUtcNow();
        await broker.RestartAsync();
        await subscriber.ReconnectAsync();
        await WaitForLiveAfterAsync(subscriber, restartedAt);
        if (kind == "DiskWhenAway")
        {
            var gone = await Eventually.WaitAsync(() => Task.FromResult<object?>(File.Exists(file) ? null : file), TimeSpan.FromSeconds(10));
            gone.Should().NotBeNull("the replayed file is deleted once the broker took it all");
        }

        second.Dispose();

        var received = subscriber.Received;
        var fromFirst = received.Where(b => b.Timestamp < Ns(killedAt)).Select(b => b.Sequence).ToList();
        var fromSecond = received.Where(b => b.Timestamp >= Ns(killedAt)).Select(b => b.Sequence).ToList();
        AssertCompleteAndInOrder(fromFirst, "the killed agent");
        fromFirst.Should().Contain(onDisk, "every round on disk at the kill was replayed");
        fromFirst.Max().Should().Be(onDisk.Max(), "nothing after the last round on disk existed");
        AssertCompleteAndInOrder(fromSecond, "the restarted agent");
        received.Select(b => b.Timestamp).Should().BeInAscendingOrder("the killed agent's rounds go out before the restarted agent's own");
        received[^1].Figure("replayed_batches").Should().BeGreaterThanOrEqualTo(onDisk.Count);
        second.Output.Should().Contain(l => l.Contains("left from before", StringComparison.Ordinal));
        TestContext.Out.WriteLine($"killed agent: {fromFirst.Distinct().Count()} rounds, {onDisk.Count} of them on disk at the kill; restarted agent: {fromSecond.Distinct().Count()} rounds");
    }

    [Test]
    public async Task UnusableBufferFolder_BrokerAway_TheStopSaysTheWaitingRoundsAreLost()
    {
        using var broker = await MosquittoBroker.StartAsync();
        await broker.StopAsync(); // a port where no broker answers
        var host = NewHost();
        using var data = new TempDirectory("alpi-agent");
        var blocker = Path.Combine(data.Path, "agent-buffer");
        await File.WriteAllTextAsync(blocker, "a file where the buffer's folder should be");
        using var agent = AgentProcess.Start(broker.Port, Tenant, host, data.Path, ["--Agent:Broker:MaxReconnectDelay=00:00:01"]);
        var unusable = await Eventually.WaitAsync(
            () => Task.FromResult(agent.Output.FirstOrDefault(l => l.Contains("cannot be used", StringComparison.Ordinal))), TimeSpan.FromSeconds(30));
        unusable.Should().NotBeNull("the default DiskWhenAway buffer checks its folder at the start; output:\n" + string.Join('\n', agent.Output));
        await Task.Delay(TimeSpan.FromSeconds(3)); // about three rounds wait for the broker, in memory

        agent.Terminate(TimeSpan.FromSeconds(15)).Should().BeTrue();

        var stopped = agent.Output.FirstOrDefault(l => l.Contains("Stopped: ", StringComparison.Ordinal));
        stopped.Should().NotBeNull("output:\n" + string.Join('\n', agent.Output));
        stopped.Should().Contain("are lost", "nothing could go to the disk").And.NotContain("kept in the disk buffer");
    }

    [Test]
    public async Task QueueFull_OldestRoundsDroppedAndCountedNewestArrive()
    {
        using var broker = await MosquittoBroker.StartAsync(persistence: true);
        var host = NewHost();
        await using var subscriber = await MetricsSubscriber.ConnectAsync(broker.Port, Tenant, host);
        using var data = new TempDirectory("alpi-agent");
        // About 6 KiB: two or three rounds of this host's metrics (about 2 KiB each).
        using var agent = AgentProcess.Start(broker.Port, Tenant, host, data.Path, ["--Agent:Broker:MaxReconnectDelay=00:00:01", "--Agent:Buffer:MaxMiB=0.006"]);
        await subscriber.WaitUntilAsync(r => r.Count >= 2, Patience, "two live rounds");

        var (_, restartedAt) = await OutageAsync(broker, subscriber, TimeSpan.FromSeconds(8));
        await WaitForLiveAfterAsync(subscriber, restartedAt);
        agent.Dispose();

        var received = subscriber.Received;
        var sequences = received.Select(b => b.Sequence).ToList();
        sequences.Should().BeInAscendingOrder();
        (sequences.Count - sequences.Distinct().Count()).Should().BeLessThanOrEqualTo(1);
        var missing = Enumerable.Range(0, (int)sequences.Max() + 1).Select(i => (long)i).Except(sequences).ToList();
        var dropped = received[^1].Figure("dropped_batches");
        missing.Should().HaveCount((int)dropped, "every round missing is one the agent counted as dropped");
        dropped.Should().BeGreaterThanOrEqualTo(3, "an 8 s outage at one round a second overflows a buffer of 2 or 3 rounds");
        (missing.Max() - missing.Min() + 1).Should().Be(missing.Count, "the dropped rounds are the oldest of the outage, one run");
        received.Should().Contain(b => b.Timestamp > Ns(restartedAt.AddSeconds(-2)) && b.Timestamp < Ns(restartedAt),
            "the newest rounds of the outage are kept");
        received[^1].Figure("dropped_points").Should().BeGreaterThan(0);
        agent.Output.Count(l => l.Contains("Buffer full", StringComparison.Ordinal)).Should().Be(1, "one warning for the whole overflow");
        TestContext.Out.WriteLine($"{sequences.Distinct().Count()} rounds received, rounds {missing.Min()}–{missing.Max()} dropped ({dropped} batches, {received[^1].Figure("dropped_points")} points)");
    }

    [Test]
    public async Task GarbageBufferFile_AgentStartsLogsOnceCountsAndKeepsPublishing()
    {
        using var broker = await MosquittoBroker.StartAsync();
        var host = NewHost();
        using var data = new TempDirectory("alpi-agent");
        var file = Path.Combine(data.Path, "agent-buffer", MetricBacklog.FileName(Tenant, host));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var garbage = new byte[64 * 1024];
        new Random(42).NextBytes(garbage);
        await File.WriteAllBytesAsync(file, garbage);
        await using var subscriber = await MetricsSubscriber.ConnectAsync(broker.Port, Tenant, host);

        using var agent = AgentProcess.Start(broker.Port, Tenant, host, data.Path, []);
        await subscriber.WaitUntilAsync(r => r.Count >= 3, Patience, "three rounds");
        agent.Dispose();

        var received = subscriber.Received;
        AssertCompleteAndInOrder(received.Select(b => b.Sequence).ToList(), "the agent");
        received[^1].Figure("damaged_files").Should().Be(1);
        received[^1].Figure("recovered_batches").Should().Be(0);
        received[^1].Buffer!.Fields.Single(f => f.Key == "durable").Value.AsBoolean.Should().BeTrue("a new file replaced the damaged one");
        agent.Output.Count(l => l.Contains("is damaged", StringComparison.Ordinal)).Should().Be(1);
        (await File.ReadAllBytesAsync(file + ".damaged")).Should().Equal(garbage);
    }

    [Test]
    public async Task TruncatedBufferFile_ReadableBatchesReplayedInOrderThenLiveRounds()
    {
        using var broker = await MosquittoBroker.StartAsync();
        var host = NewHost();
        using var data = new TempDirectory("alpi-agent");
        var options = BacklogFixture.Options(data.Path);
        options.Tenant = Tenant;
        options.Host = host;
        string file;
        using (var before = BacklogFixture.Backlog(options))
        {
            for (var n = 1; n <= 40; n++)
            {
                before.Enqueue(BacklogFixture.Batch(n, bytes: 1500));
            }

            file = before.FilePath!;
        }

        using (var stream = new FileStream(file, FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        await using var subscriber = await MetricsSubscriber.ConnectAsync(broker.Port, Tenant, host);
        using var agent = AgentProcess.Start(broker.Port, Tenant, host, data.Path, []);
        await subscriber.WaitUntilAsync(r => r.Count(b => b.Buffer != null) >= 3, Patience, "three live rounds after the replay");
        agent.Dispose();

        var received = subscriber.Received;
        var replayed = received.TakeWhile(b => b.Buffer == null).ToList();
        var recovered = received.First(b => b.Buffer != null).Figure("recovered_batches");
        recovered.Should().BeInRange(1, 39, "about half of the file was readable");
        replayed.Select(b => b.Points.Single().Fields.Single(f => f.Key == "n").Value.AsInteger)
            .Should().Equal(Enumerable.Range(1, (int)recovered).Select(i => (long)i), "the readable batches, in order, each once, before any live round");
        AssertCompleteAndInOrder(received.Skip(replayed.Count).Select(b => b.Sequence).ToList(), "the agent");
        received[^1].Figure("damaged_files").Should().Be(1);
        agent.Output.Count(l => l.Contains("is damaged", StringComparison.Ordinal)).Should().Be(1);
        TestContext.Out.WriteLine($"{recovered} of 40 batches recovered from the truncated file");
    }

    private static string NewHost() => "buf-" + Guid.NewGuid().ToString("N")[..8];

    private static long Ns(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks * 100;

    // Stops the broker (SIGTERM, sessions saved) for `length`, then restarts it on the same port.
    private static async Task<(DateTimeOffset StoppedAt, DateTimeOffset RestartedAt)> OutageAsync(MosquittoBroker broker, MetricsSubscriber subscriber, TimeSpan length)
    {
        var stoppedAt = TimeProvider.System.GetUtcNow();
        await broker.StopAsync();
        await Task.Delay(length);
        var restartedAt = TimeProvider.System.GetUtcNow();
        await broker.RestartAsync();
        await subscriber.ReconnectAsync();
        return (stoppedAt, restartedAt);
    }

    // Rounds are published in order, so once one collected 3 s after the restart arrived, everything before it has.
    private static Task WaitForLiveAfterAsync(MetricsSubscriber subscriber, DateTimeOffset restartedAt) =>
        subscriber.WaitUntilAsync(r => r.Any(b => b.Buffer != null && b.Timestamp > Ns(restartedAt.AddSeconds(3))), Patience, "a live round collected after the replay");

    // One agent process's rounds: 0, 1, 2… with none missing, in order, at most one sent twice (the one in flight
    // when the broker went away, whose PUBACK was lost). Returns the number of rounds.
    private static int AssertCompleteAndInOrder(List<long> sequences, string who)
    {
        sequences.Should().NotBeEmpty();
        sequences.Should().BeInAscendingOrder($"{who}'s rounds arrive in the order they were collected");
        var distinct = sequences.Distinct().ToList();
        distinct.Should().Equal(Enumerable.Range(0, distinct.Count).Select(i => (long)i), $"every round of {who} from the first arrived");
        (sequences.Count - distinct.Count).Should().BeLessThanOrEqualTo(1, "only the batch in flight when the broker stopped may come twice");
        return distinct.Count;
    }

    // The round numbers in a killed agent's buffer file, read from a copy (file and write-ahead log) so the evidence is untouched.
    private static List<long> ReadQueuedRounds(string file)
    {
        using var copy = new TempDirectory("alpi-buffer-copy");
        var copied = Path.Combine(copy.Path, "copy.db");
        File.Copy(file, copied);
        if (File.Exists(file + "-wal"))
        {
            File.Copy(file + "-wal", copied + "-wal");
        }

        var rounds = new List<long>();
        using var connection = new SqliteConnection($"Data Source={copied};Pooling=False");
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT payload FROM batches ORDER BY seq";
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var points = LineProtocolParser.Parse(Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(0))).Points;
            rounds.Add(points.Single(p => p.Measurement == "alpi_agent_buffer").Fields.Single(f => f.Key == "enqueued_batches").Value.AsInteger);
        }

        return rounds;
    }
}
