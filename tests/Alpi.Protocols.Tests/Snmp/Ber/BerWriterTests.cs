using Alpi.Protocols.Snmp;
using Alpi.Protocols.Snmp.Ber;
using FluentAssertions;

namespace Alpi.Protocols.Tests.Snmp.Ber;

public class BerWriterTests
{
    // INTEGER in the fewest two's complement octets (X.690 §8.3.2).
    [TestCase(0L, "020100")]
    [TestCase(-1L, "0201FF")]
    [TestCase(127L, "02017F")]
    [TestCase(128L, "02020080")]
    [TestCase(-128L, "020180")]
    [TestCase(-129L, "0202FF7F")]
    [TestCase(256L, "02020100")]
    [TestCase((long)int.MaxValue, "02047FFFFFFF")]
    [TestCase((long)int.MinValue, "020480000000")]
    [TestCase(long.MinValue, "02088000000000000000")]
    public void WriteInteger_WritesMinimalTwosComplement(long value, string expected)
    {
        Write((ref BerWriter w) => w.WriteInteger(value)).Should().Be(expected);
    }

    // Unsigned types: minimal octets, a leading zero when the high bit is set (RFC 2578 §7.1).
    [TestCase(BerTag.Counter32, 0UL, "410100")]
    [TestCase(BerTag.Counter32, 127UL, "41017F")]
    [TestCase(BerTag.Gauge32, 128UL, "42020080")]
    [TestCase(BerTag.Counter32, 4294967295UL, "410500FFFFFFFF")]
    [TestCase(BerTag.TimeTicks, 12345UL, "43023039")]
    [TestCase(BerTag.Counter64, 9UL, "460109")]
    [TestCase(BerTag.Counter64, ulong.MaxValue, "460900FFFFFFFFFFFFFFFF")]
    public void WriteUnsigned_WritesMinimalUnsigned(byte tag, ulong value, string expected)
    {
        Write((ref BerWriter w) => w.WriteUnsigned(tag, value)).Should().Be(expected);
    }

    // OBJECT IDENTIFIER (X.690 §8.19): first two arcs packed, base 128.
    [TestCase("1.3.6.1.2.1.1.1.0", "06082B06010201010100")]
    [TestCase("2.999.3", "0603883703")]
    [TestCase("1.3.4294967295", "06062B8FFFFFFF7F")]
    [TestCase("2.4294967295", "0605908080804F")]
    [TestCase("0.0", "060100")]
    public void WriteObjectIdentifier_WritesBase128(string oid, string expected)
    {
        Write((ref BerWriter w) => w.WriteObjectIdentifier(Oid.Parse(oid))).Should().Be(expected);
    }

    // OIDs X.690 §8.19.4 cannot encode: a bug in the caller, so an exception.
    [TestCase("1")]
    [TestCase("3.1")]
    [TestCase("1.40")]
    public void WriteObjectIdentifier_Unencodable_Throws(string oid)
    {
        var act = () => Write((ref BerWriter w) => w.WriteObjectIdentifier(Oid.Parse(oid)));

        act.Should().Throw<ArgumentException>();
    }

    // Lengths in the shortest form (X.690 §8.1.3): a content of 127, 128 and 256 octets.
    [TestCase(127, "307F")]
    [TestCase(128, "308180")]
    [TestCase(256, "30820100")]
    public void EndConstructed_LongContent_MovesTheContentForALongLength(int contentLength, string expectedHeader)
    {
        var buffer = new byte[600];
        var writer = new BerWriter(buffer);
        var token = writer.BeginConstructed(BerTag.Sequence);
        writer.WriteOctetString(new byte[contentLength - (contentLength < 130 ? 2 : 3)].Select(_ => (byte)0xAB).ToArray());
        writer.EndConstructed(token);

        var written = writer.Written.ToArray();
        Convert.ToHexString(written[..(expectedHeader.Length / 2)]).Should().Be(expectedHeader);
        written.Length.Should().Be((expectedHeader.Length / 2) + contentLength);
        var reader = new BerReader(written);
        reader.TryEnter(BerTag.Sequence, out _).Should().BeTrue();
        reader.TryReadOctetString(out var octets).Should().BeTrue();
        octets.ToArray().Should().OnlyContain(b => b == 0xAB);
        reader.Leniencies.Should().Be(BerLeniency.None);
    }

    [Test]
    public void TrackedPosition_FollowsTheContentWhenEnclosingLengthsGrow()
    {
        var buffer = new byte[1000];
        var writer = new BerWriter(buffer);
        var outer = writer.BeginConstructed(BerTag.Sequence);
        var inner = writer.BeginConstructed(BerTag.Sequence);
        writer.WriteTrackedZeros(12);
        writer.WriteOctetString(new byte[300]);
        writer.EndConstructed(inner);
        writer.EndConstructed(outer);

        // 30 82 xx xx 30 82 xx xx 04 0C <12 zeros>
        writer.TrackedPosition.Should().Be(10);
        buffer[8].Should().Be(BerTag.OctetString);
        buffer[9].Should().Be(12);
    }

    [Test]
    public void Write_BufferTooSmall_OverflowsWithoutThrowing()
    {
        var buffer = new byte[4];
        var writer = new BerWriter(buffer);
        var token = writer.BeginConstructed(BerTag.Sequence);
        writer.WriteOctetString("too long for the buffer"u8);
        writer.EndConstructed(token);

        writer.Overflowed.Should().BeTrue();
    }

    [Test]
    public void WriteValue_DecodeError_Throws()
    {
        var act = () => Write((ref BerWriter w) => w.WriteValue(SnmpValue.DecodeError("bad")));

        act.Should().Throw<ArgumentException>();
    }

    private delegate void WriteAction(ref BerWriter writer);

    private static string Write(WriteAction write)
    {
        var buffer = new byte[64];
        var writer = new BerWriter(buffer);
        write(ref writer);
        writer.Overflowed.Should().BeFalse();
        return Convert.ToHexString(writer.Written);
    }
}
