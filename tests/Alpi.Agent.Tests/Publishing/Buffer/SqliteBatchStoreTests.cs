using Alpi.Agent.Publishing;
using Alpi.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using static Alpi.Agent.Tests.Publishing.BacklogFixture;

namespace Alpi.Agent.Tests.Publishing.Buffer;

/// <summary>The disk buffer file when it is damaged: set aside, what is readable recovered, one log line, counted.</summary>
public class SqliteBatchStoreTests
{
    [Test]
    public void Open_GarbageFile_SetAsideReplacedLoggedOnceAndCounted()
    {
        using var data = new TempDirectory();
        var options = Options(data.Path);
        var path = Path.Combine(data.Path, "agent-buffer", MetricBacklog.FileName("acme", "srv1"));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var garbage = new byte[10_000];
        new Random(7).NextBytes(garbage);
        File.WriteAllBytes(path, garbage);
        var logger = new CapturingLogger<MetricBacklog>();
        using var backlog = Backlog(options, logger);

        backlog.Open();
        backlog.Enqueue(Batch(1));

        backlog.IsDurable.Should().BeTrue();
        backlog.DamagedFiles.Should().Be(1);
        backlog.RecoveredBatches.Should().Be(0);
        logger.Entries.Should().ContainSingle(e => e.Level >= LogLevel.Warning)
            .Which.Message.Should().Contain("is damaged").And.Contain("file is not a database").And.Contain(path + ".damaged");
        File.ReadAllBytes(path + ".damaged").Should().Equal(garbage);
        Drain(backlog).Should().Equal(1);
    }

    [Test]
    public void Open_TruncatedFile_ReadablePrefixRecoveredInOrder()
    {
        using var data = new TempDirectory();
        var options = Options(data.Path);
        string path;
        using (var backlog = Backlog(options))
        {
            for (var n = 1; n <= 40; n++)
            {
                backlog.Enqueue(Batch(n, bytes: 1500));
            }

            path = backlog.FilePath!;
        }

        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(file.Length / 2);
        }

        var logger = new CapturingLogger<MetricBacklog>();
        using var reopened = Backlog(options, logger);
        reopened.Open();

        var recovered = reopened.RecoveredBatches;
        recovered.Should().BeInRange(1, 39);
        reopened.DamagedFiles.Should().Be(1);
        reopened.Count.Should().Be((int)recovered);
        logger.Entries.Should().ContainSingle(e => e.Level >= LogLevel.Warning).Which.Message.Should().Contain($"{recovered} batches recovered");
        Drain(reopened).Should().Equal(Enumerable.Range(1, (int)recovered));
    }

    // A power cut in the middle of an append: the file and its write-ahead log as the agent left them, the log's last
    // commit cut short (CutBytes) and/or followed by bytes of a frame never finished (GarbageBytes).
    [TestCase(100, 0, 4)]
    [TestCase(0, 1000, 5)]
    [TestCase(100, 1000, 4)]
    public void Open_LogTornByAPowerCut_CommittedBatchesKeptTheTornOneRolledBack(int cutBytes, int garbageBytes, int expected)
    {
        using var live = new TempDirectory();
        using var crashed = new TempDirectory();
        using (var backlog = Backlog(Options(live.Path)))
        {
            for (var n = 1; n <= 5; n++)
            {
                backlog.Enqueue(Batch(n));
            }

            // Copied while the agent still holds them: what a kill -9 or a power cut leaves on the disk.
            var folder = Path.Combine(crashed.Path, "agent-buffer");
            Directory.CreateDirectory(folder);
            File.Copy(backlog.FilePath!, Path.Combine(folder, Path.GetFileName(backlog.FilePath!)));
            File.Copy(backlog.FilePath + "-wal", Path.Combine(folder, Path.GetFileName(backlog.FilePath!) + "-wal"));
        }

        var wal = Path.Combine(crashed.Path, "agent-buffer", MetricBacklog.FileName("acme", "srv1") + "-wal");
        using (var log = new FileStream(wal, FileMode.Open))
        {
            log.SetLength(log.Length - cutBytes);
            log.Seek(0, SeekOrigin.End);
            var garbage = new byte[garbageBytes];
            new Random(3).NextBytes(garbage);
            log.Write(garbage);
        }

        var logger = new CapturingLogger<MetricBacklog>();
        using var reopened = Backlog(Options(crashed.Path), logger);

        Drain(reopened).Should().Equal(Enumerable.Range(1, expected));
        reopened.DamagedFiles.Should().Be(0, "SQLite's frame checksums roll the torn commit back; the file is consistent");
        logger.Entries.Should().NotContain(e => e.Level >= LogLevel.Warning);
    }

    [Test]
    public void Open_ZeroLengthFile_TreatedAsNewNotDamaged()
    {
        using var data = new TempDirectory();
        var path = Path.Combine(data.Path, "agent-buffer", MetricBacklog.FileName("acme", "srv1"));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
        using var backlog = Backlog(Options(data.Path));

        backlog.Enqueue(Batch(1));

        backlog.DamagedFiles.Should().Be(0);
        Drain(backlog).Should().Equal(1);
    }

    [Test]
    public void Open_AnotherApplicationsSqliteFile_SetAsideNotOverwritten()
    {
        using var data = new TempDirectory();
        var path = Path.Combine(data.Path, "agent-buffer", MetricBacklog.FileName("acme", "srv1"));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var other = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            other.Open();
            using var create = other.CreateCommand();
            create.CommandText = "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('keep me');";
            create.ExecuteNonQuery();
        }

        var logger = new CapturingLogger<MetricBacklog>();
        using var backlog = Backlog(Options(data.Path), logger);
        backlog.Enqueue(Batch(1));

        backlog.DamagedFiles.Should().Be(1);
        logger.Entries.Should().ContainSingle(e => e.Level >= LogLevel.Warning).Which.Message.Should().Contain("application_id");
        using (var kept = new SqliteConnection($"Data Source={path}.damaged;Pooling=False"))
        {
            kept.Open();
            using var read = kept.CreateCommand();
            read.CommandText = "SELECT text FROM notes";
            read.ExecuteScalar().Should().Be("keep me");
        }

        Drain(backlog).Should().Equal(1);
    }

    [Test]
    public void Lease_RecordWhosePayloadNoLongerMatchesItsChecksum_SkippedAndCounted()
    {
        using var data = new TempDirectory();
        var options = Options(data.Path);
        string path;
        using (var backlog = Backlog(options))
        {
            backlog.Enqueue(Batch(1));
            backlog.Enqueue(Batch(2));
            backlog.Enqueue(Batch(3));
            path = backlog.FilePath!;
        }

        // Bit rot SQLite cannot see: the second batch's payload changed under it, its checksum not.
        using (var tamper = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            tamper.Open();
            using var update = tamper.CreateCommand();
            update.CommandText = "UPDATE batches SET payload = CAST('t,host=h n=2i,pad=\"rotten\"' AS BLOB) WHERE seq = 2";
            update.ExecuteNonQuery().Should().Be(1);
        }

        var logger = new CapturingLogger<MetricBacklog>();
        using var reopened = Backlog(options, logger);

        Drain(reopened).Should().Equal(1, 3);
        reopened.CorruptRecords.Should().Be(1);
        reopened.DamagedFiles.Should().Be(0);
        logger.Entries.Should().ContainSingle(e => e.Level >= LogLevel.Warning).Which.Message.Should().Contain("batch 2 is damaged");
    }

    [Test]
    public void Lease_OnlyBatchJustAppendedOrReadBack_SameBytesSequenceAndTimeEitherWay()
    {
        // The store hands back the batch it just appended without reading it (the only one queued); any other head is
        // read from the file. Both must give what was enqueued, in order, across acknowledgements and a restart.
        using var data = new TempDirectory();
        var options = Options(data.Path);
        var sent = Enumerable.Range(1, 5).ToDictionary(n => n, n => Batch(n, bytes: 60 + (n * 37)));
        var leased = new List<(int N, long Sequence)>();
        using (var backlog = Backlog(options))
        {
            backlog.Enqueue(sent[1]);
            leased.Add(LeaseAndCheck(backlog, acknowledge: true)); // the appended batch, alone
            backlog.Enqueue(sent[2]);
            backlog.Enqueue(sent[3]);
            leased.Add(LeaseAndCheck(backlog, acknowledge: true)); // 2 of 2: read back
            leased.Add(LeaseAndCheck(backlog, acknowledge: false)); // 3, alone and the last appended: from memory
            backlog.Enqueue(sent[4]);
            leased.Add(LeaseAndCheck(backlog, acknowledge: true)); // 3 released, 4 behind it: read back
        }

        using (var reopened = Backlog(options))
        {
            leased.Add(LeaseAndCheck(reopened, acknowledge: true)); // 4 left from before the restart: read back
            reopened.Enqueue(sent[5]);
            leased.Add(LeaseAndCheck(reopened, acknowledge: true));
            reopened.Count.Should().Be(0);
        }

        leased.Select(l => l.N).Should().Equal(1, 2, 3, 3, 4, 5);
        leased.Select(l => l.Sequence).Should().BeInAscendingOrder();

        (int N, long Sequence) LeaseAndCheck(MetricBacklog backlog, bool acknowledge)
        {
            backlog.TryLeaseOldest(out var batch).Should().BeTrue();
            var n = NumberOf(batch!.Batch);
            batch.Batch.Payload.ToArray().Should().Equal(sent[n].Payload.ToArray());
            batch.Batch.PointCount.Should().Be(sent[n].PointCount);
            batch.Batch.CollectedAt.Should().Be(sent[n].CollectedAt);
            if (acknowledge)
            {
                backlog.Acknowledge(batch);
            }
            else
            {
                backlog.Release(batch);
            }

            return (n, batch.Sequence);
        }
    }
}
