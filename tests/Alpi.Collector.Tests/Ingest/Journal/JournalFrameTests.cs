using System.Buffers;
using System.Text;
using Alpi.Collector.Ingest.Journal;

namespace Alpi.Collector.Tests.Ingest.Journal;

public class JournalFrameTests
{
    private static readonly JournalEntry Entry = new(1_764_460_800_000_000_123, "mairie-x", "srv-01", "alpi/mairie-x/srv-01/metrics",
        Encoding.UTF8.GetBytes("cpu,core=0 usage=12.5 1764460800000000000\nmem used=1024i\n"));

    [Test]
    public void Write_ThenTryRead_GivesTheSameRecordBack()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var written = JournalFrame.Write(buffer, 42, Entry);
        JournalFrame.Write(buffer, 43, Entry with { Tenant = "é", Payload = ReadOnlyMemory<byte>.Empty });

        written.Should().Be(JournalFrame.SizeOf(Entry));
        var data = buffer.WrittenMemory;
        JournalFrame.TryRead(data, data.Span, out var first, out var consumed, out _).Should().Be(JournalFrameStatus.Record);
        first!.Sequence.Should().Be(42);
        first.Entry.ReceivedNs.Should().Be(Entry.ReceivedNs);
        (first.Entry.Tenant, first.Entry.Host, first.Entry.Topic).Should().Be((Entry.Tenant, Entry.Host, Entry.Topic));
        first.Entry.Payload.ToArray().Should().Equal(Entry.Payload.ToArray());
        consumed.Should().Be(written);

        data = data[consumed..];
        JournalFrame.TryRead(data, data.Span, out var second, out consumed, out _).Should().Be(JournalFrameStatus.Record);
        (second!.Sequence, second.Entry.Tenant, second.Entry.Payload.Length).Should().Be((43L, "é", 0));
        data = data[consumed..];
        JournalFrame.TryRead(data, data.Span, out _, out _, out _).Should().Be(JournalFrameStatus.End);
    }

    [TestCase(1, TestName = "TryRead_LastOctetMissing_IsTruncated")]
    [TestCase(20, TestName = "TryRead_BodyCutShort_IsTruncated")]
    [TestCase(-5, TestName = "TryRead_OnlyPartOfTheHeader_IsTruncated")]
    public void TryRead_TornWrite_IsTruncated(int cut)
    {
        // A crash during the write leaves a prefix of the record (cut = octets missing; negative = octets kept).
        var buffer = new ArrayBufferWriter<byte>();
        var size = JournalFrame.Write(buffer, 1, Entry);
        var kept = cut > 0 ? size - cut : -cut;
        var data = buffer.WrittenMemory[..kept];

        JournalFrame.TryRead(data, data.Span, out var record, out _, out var problem).Should().Be(JournalFrameStatus.Truncated);
        record.Should().BeNull();
        problem.Should().NotBeNullOrEmpty();
    }

    [Test]
    public void TryRead_FlippedPayloadBit_IsCorrupt()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var size = JournalFrame.Write(buffer, 1, Entry);
        var data = buffer.WrittenSpan.ToArray();
        data[size - 3] ^= 0x10;

        JournalFrame.TryRead(data, data, out var record, out _, out var problem).Should().Be(JournalFrameStatus.Corrupt);
        record.Should().BeNull();
        problem.Should().Be("checksum mismatch");
    }

    [Test]
    public void TryRead_ZerosAfterACrash_IsCorrupt()
    {
        // Some file systems show a zero-filled tail after a power cut during an append.
        var data = new byte[64];

        JournalFrame.TryRead(data, data, out _, out _, out var problem).Should().Be(JournalFrameStatus.Corrupt);
        problem.Should().Contain("record length 0");
    }
}
