using System.Text;
using Alpi.Collector.Ingest.Journal;
using Alpi.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Tests.Ingest.Journal;

[NonParallelizable]
public sealed class IngestJournalTests
{
    private TempDirectory _data = null!;
    private CapturingLogger<IngestJournal> _log = null!;

    [SetUp]
    public void SetUp()
    {
        _data = new TempDirectory("alpi-journal");
        _log = new CapturingLogger<IngestJournal>();
    }

    [TearDown]
    public void TearDown() => _data.Dispose();

    [Test]
    public async Task Open_AfterAppendsNotStored_ReturnsThemInOrderAndGoesOnAfterTheLastSequence()
    {
        await using (var journal = Open())
        {
            for (var i = 1; i <= 5; i++)
            {
                (await journal.AppendAsync(Entry(i), NoHandOver, CancellationToken.None)).Should().Be(i);
            }

            journal.MarkStored(2);
        }

        await using var reopened = Open();
        var unstored = reopened.TakeUnstored();

        unstored.Select(r => r.Sequence).Should().Equal(3, 4, 5);
        unstored.Select(r => Encoding.UTF8.GetString(r.Entry.Payload.Span)).Should().Equal(Line(3), Line(4), Line(5));
        reopened.TakeUnstored().Should().BeEmpty("the records are handed over once");
        (await reopened.AppendAsync(Entry(6), NoHandOver, CancellationToken.None)).Should().Be(6);
        reopened.CorruptRecords.Should().Be(0);
    }

    [Test]
    public async Task AppendAsync_HandsOverInSequenceOrderBeforeCompleting()
    {
        var handedOver = new List<long>();
        await using var journal = Open();

        var sequences = await Task.WhenAll(Enumerable.Range(1, 50).Select(i => journal.AppendAsync(Entry(i), (s, _) =>
        {
            lock (handedOver)
            {
                handedOver.Add(s);
            }

            return ValueTask.CompletedTask;
        }, CancellationToken.None)));

        handedOver.Should().BeInAscendingOrder().And.HaveCount(50);
        sequences.Should().BeEquivalentTo(handedOver);
    }

    [Test]
    public async Task MarkStored_DeletesTheSegmentsWhoseRecordsAreAllStoredAndRecordsTheSequence()
    {
        await using var journal = Open(segmentBytes: 4096);
        for (var i = 1; i <= 40; i++)
        {
            await journal.AppendAsync(Entry(i, payloadBytes: 500), NoHandOver, CancellationToken.None);
        }

        var before = Segments();
        before.Should().HaveCountGreaterThan(3, "segments rotate at 4,096 octets");

        journal.MarkStored(40);

        Segments().Should().HaveCount(1, "the segment being written is kept").And.Equal(before[^1]);
        File.ReadAllText(Path.Combine(journal.Directory, StoredSequenceFile.FileName)).Trim().Should().Be("40");
        journal.StoredSequence.Should().Be(40);
    }

    [Test]
    public async Task Open_TornTailRecord_IsLoggedCountedAndTheRecordsBeforeItAreReplayed()
    {
        await using (var journal = Open())
        {
            for (var i = 1; i <= 5; i++)
            {
                await journal.AppendAsync(Entry(i), NoHandOver, CancellationToken.None);
            }
        }

        var segment = Segments().Single();
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(file.Length - 3); // the crash cut the last write short
        }

        await using var reopened = Open();

        reopened.TakeUnstored().Select(r => r.Sequence).Should().Equal(1, 2, 3, 4);
        reopened.CorruptRecords.Should().Be(1);
        _log.Entries.Should().Contain(e => e.Level == LogLevel.Error && e.Message.Contains(segment, StringComparison.Ordinal) && e.Message.Contains("only", StringComparison.Ordinal));
        (await reopened.AppendAsync(Entry(6), NoHandOver, CancellationToken.None)).Should().Be(5, "sequence 5 was never completely written");
    }

    [Test]
    public async Task Open_BadChecksumInTheMiddle_ReplaysTheRecordsBeforeItAndTheFollowingSegments()
    {
        long thirdOffset;
        await using (var journal = Open(segmentBytes: 4096))
        {
            for (var i = 1; i <= 12; i++)
            {
                await journal.AppendAsync(Entry(i, payloadBytes: 700), NoHandOver, CancellationToken.None);
            }

            thirdOffset = JournalFrame.SegmentMagic.Length + (2 * JournalFrame.SizeOf(Entry(1, payloadBytes: 700)));
        }

        var first = Segments()[0];
        var bytes = File.ReadAllBytes(first);
        bytes[thirdOffset + 40] ^= 0xff; // a damaged sector in record 3
        File.WriteAllBytes(first, bytes);

        await using var reopened = Open();
        var sequences = reopened.TakeUnstored().Select(r => r.Sequence).ToList();

        sequences.Should().StartWith([1L, 2L]).And.NotContain(3).And.Contain(12);
        reopened.CorruptRecords.Should().Be(1);
        _log.Entries.Should().Contain(e => e.Message.Contains("checksum mismatch", StringComparison.Ordinal));
    }

    [Test]
    public async Task AppendAsync_ConcurrentAppends_ShareOneFsync()
    {
        await using var journal = Open();
        journal.FlushDelayForTests = TimeSpan.FromMilliseconds(50); // a slow disk: appends pile up while one group is written

        await Task.WhenAll(Enumerable.Range(1, 64).Select(i => journal.AppendAsync(Entry(i), NoHandOver, CancellationToken.None)));

        journal.Appended.Should().Be(64);
        journal.Fsyncs.Should().BeLessThan(8, "64 appends waiting together are written in a few groups, one fsync each");
    }

    [Test]
    public async Task AppendAsync_FolderGone_FailsWithIOExceptionAndRecoversOnceTheFolderIsBack()
    {
        await using var journal = Open(segmentBytes: 4096);
        await journal.AppendAsync(Entry(1, payloadBytes: 3000), NoHandOver, CancellationToken.None);
        Directory.Delete(journal.Directory, recursive: true);
        await File.WriteAllTextAsync(journal.Directory, "not a folder"); // the next segment cannot be created

        var failing = () => journal.AppendAsync(Entry(2, payloadBytes: 3000), NoHandOver, CancellationToken.None);

        (await failing.Should().ThrowAsync<IOException>()).Which.Message.Should().Contain(journal.Directory);
        journal.WriteFailures.Should().Be(1);
        _log.Entries.Should().Contain(e => e.Level == LogLevel.Error && e.Message.Contains("PUBACK 0x80", StringComparison.Ordinal));

        File.Delete(journal.Directory);
        Directory.CreateDirectory(journal.Directory);
        (await journal.AppendAsync(Entry(3), NoHandOver, CancellationToken.None)).Should().BeGreaterThan(1);
        Segments().Should().ContainSingle();
    }

    private static ValueTask NoHandOver(long sequence, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    private static string Line(int i) => $"m,n={i} v={i}i {i}";

    private static JournalEntry Entry(int i, int payloadBytes = 0)
    {
        var line = Line(i);
        var payload = payloadBytes > line.Length ? line + "\n" + new string('#', payloadBytes - line.Length - 1) : line;
        return new JournalEntry(i, "t", "h", "alpi/t/h/metrics", Encoding.UTF8.GetBytes(payload));
    }

    private IngestJournal Open(long segmentBytes = 64L * 1024 * 1024)
    {
        var options = new CollectorOptions { DataDirectory = _data.Path };
        options.Ingest.JournalSegmentBytes = segmentBytes;
        var journal = new IngestJournal(Options.Create(options), _log);
        journal.Open();
        return journal;
    }

    private string[] Segments() =>
        Directory.GetFiles(Path.Combine(_data.Path, IngestJournal.DirectoryName), "*" + JournalSegment.Extension).Order(StringComparer.Ordinal).ToArray();
}
