using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Alpi.Collector.Ingest.Journal;

/// <summary>What <see cref="JournalFrame.TryRead"/> found at an offset of a segment.</summary>
public enum JournalFrameStatus
{
    /// <summary>A whole record whose checksum matches.</summary>
    Record,

    /// <summary>The end of the data, on a record boundary: nothing is missing.</summary>
    End,

    /// <summary>A record cut short: the length announces more octets than the file holds (a write torn by a crash).</summary>
    Truncated,

    /// <summary>A record whose checksum or inner lengths do not match (damaged, or a torn write padded with zeros).</summary>
    Corrupt,
}

/// <summary>
/// The framing of one ingest-journal record, little-endian:
/// <c>[u32 body length][u32 XxHash32 of the length and the body][body]</c>, the body being
/// <c>[i64 sequence][i64 received, ns since the epoch][u16 n][n octets tenant][u16 n][host][u16 n][topic][payload: the rest]</c>
/// (strings in UTF-8). A segment file starts with the 8 octets <see cref="SegmentMagic"/>. XxHash32 (System.IO.Hashing,
/// seed 0) detects a torn or damaged record, as the CRC32 of InfluxDB's WAL entries or of Kafka's record batches does;
/// a record is read whole or not at all.
/// </summary>
public static class JournalFrame
{
    /// <summary>Octets before the body: length and checksum.</summary>
    public const int HeaderBytes = 8;

    /// <summary>
    /// Largest body accepted when reading, in octets (MQTT's largest payload, 256 MiB, plus the fixed fields): a larger
    /// length is damage, not a record.
    /// </summary>
    public const int MaxBodyBytes = 256 * 1024 * 1024 + 3 * 65_536 + 32;

    private const int FixedBodyBytes = 8 + 8 + 2 + 2 + 2;

    /// <summary>The first 8 octets of every segment file: <c>ALPIJNL1</c> (format version 1).</summary>
    public static ReadOnlySpan<byte> SegmentMagic => "ALPIJNL1"u8;

    /// <summary>Octets the record of <paramref name="entry"/> takes, header included.</summary>
    /// <exception cref="ArgumentException">The tenant, host or topic is longer than 65,535 octets in UTF-8.</exception>
    public static int SizeOf(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return HeaderBytes + 16 + StringBytes(entry.Tenant) + StringBytes(entry.Host) + StringBytes(entry.Topic) + entry.Payload.Length;
    }

    /// <summary>Appends the record of <paramref name="entry"/> with <paramref name="sequence"/> to <paramref name="output"/>.</summary>
    /// <returns>The octets written.</returns>
    /// <exception cref="ArgumentException">The tenant, host or topic is longer than 65,535 octets in UTF-8.</exception>
    public static int Write(IBufferWriter<byte> output, long sequence, JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(output);
        var size = SizeOf(entry);
        var span = output.GetSpan(size)[..size];
        var body = span[HeaderBytes..];
        BinaryPrimitives.WriteInt64LittleEndian(body, sequence);
        BinaryPrimitives.WriteInt64LittleEndian(body[8..], entry.ReceivedNs);
        var at = 16;
        at += WriteString(body[at..], entry.Tenant);
        at += WriteString(body[at..], entry.Host);
        at += WriteString(body[at..], entry.Topic);
        entry.Payload.Span.CopyTo(body[at..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], Checksum(span[..4], body));
        output.Advance(size);
        return size;
    }

    /// <summary>
    /// Reads the record at the start of <paramref name="data"/>. The payload of the record is a slice of
    /// <paramref name="memory"/>, which must hold the same octets as <paramref name="data"/>.
    /// </summary>
    /// <param name="memory">The data, as memory the record's payload can refer to.</param>
    /// <param name="data">The same data as a span.</param>
    /// <param name="record">The record, when <see cref="JournalFrameStatus.Record"/>.</param>
    /// <param name="consumed">Octets the record took, when <see cref="JournalFrameStatus.Record"/>.</param>
    /// <param name="problem">What is wrong, when <see cref="JournalFrameStatus.Truncated"/> or <see cref="JournalFrameStatus.Corrupt"/>.</param>
    public static JournalFrameStatus TryRead(ReadOnlyMemory<byte> memory, ReadOnlySpan<byte> data, out JournalRecord? record, out int consumed, out string? problem)
    {
        record = null;
        consumed = 0;
        problem = null;
        if (data.IsEmpty)
        {
            return JournalFrameStatus.End;
        }

        if (data.Length < HeaderBytes)
        {
            problem = $"{data.Length} octet(s) left, fewer than a record header ({HeaderBytes})";
            return JournalFrameStatus.Truncated;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (length is < FixedBodyBytes or > MaxBodyBytes)
        {
            problem = $"record length {length} outside {FixedBodyBytes}..{MaxBodyBytes}";
            return JournalFrameStatus.Corrupt;
        }

        if (data.Length - HeaderBytes < length)
        {
            problem = $"record of {length} octets, only {data.Length - HeaderBytes} left in the file";
            return JournalFrameStatus.Truncated;
        }

        var body = data.Slice(HeaderBytes, (int)length);
        if (BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) != Checksum(data[..4], body))
        {
            problem = "checksum mismatch";
            return JournalFrameStatus.Corrupt;
        }

        var sequence = BinaryPrimitives.ReadInt64LittleEndian(body);
        var received = BinaryPrimitives.ReadInt64LittleEndian(body[8..]);
        var at = 16;
        if (sequence < 1 || !TryReadString(body, ref at, out var tenant) || !TryReadString(body, ref at, out var host) || !TryReadString(body, ref at, out var topic))
        {
            problem = "inner lengths or sequence do not match the record";
            return JournalFrameStatus.Corrupt;
        }

        var payload = memory.Slice(HeaderBytes + at, body.Length - at);
        record = new JournalRecord(sequence, new JournalEntry(received, tenant, host, topic, payload));
        consumed = HeaderBytes + body.Length;
        return JournalFrameStatus.Record;
    }

    private static uint Checksum(ReadOnlySpan<byte> length, ReadOnlySpan<byte> body)
    {
        var hash = new XxHash32();
        hash.Append(length);
        hash.Append(body);
        return hash.GetCurrentHashAsUInt32();
    }

    private static int StringBytes(string value)
    {
        var n = Encoding.UTF8.GetByteCount(value);
        if (n > ushort.MaxValue)
        {
            throw new ArgumentException($"\"{value[..40]}…\" is {n} octets in UTF-8, more than {ushort.MaxValue}", nameof(value));
        }

        return 2 + n;
    }

    private static int WriteString(Span<byte> destination, string value)
    {
        var n = Encoding.UTF8.GetBytes(value, destination[2..]);
        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)n);
        return 2 + n;
    }

    private static bool TryReadString(ReadOnlySpan<byte> body, ref int at, out string value)
    {
        value = string.Empty;
        if (body.Length - at < 2)
        {
            return false;
        }

        var n = BinaryPrimitives.ReadUInt16LittleEndian(body[at..]);
        if (body.Length - at - 2 < n)
        {
            return false;
        }

        value = Encoding.UTF8.GetString(body.Slice(at + 2, n));
        at += 2 + n;
        return true;
    }
}
