using Alpi.Protocols.Snmp;
using Alpi.Protocols.Snmp.Ber;
using FluentAssertions;

namespace Alpi.Protocols.Tests.Snmp.Ber;

public class BerReaderTests
{
    // INTEGER (X.690 §8.3): minimal two's complement encodings and the boundaries of Integer32.
    [TestCase("020100", 0)]
    [TestCase("0201FF", -1)]
    [TestCase("02017F", 127)]
    [TestCase("02020080", 128)]
    [TestCase("020180", -128)]
    [TestCase("0202FF7F", -129)]
    [TestCase("02020100", 256)]
    [TestCase("02047FFFFFFF", int.MaxValue)]
    [TestCase("020480000000", int.MinValue)]
    public void ReadValue_Integer_ReturnsInteger32(string hex, int expected)
    {
        var value = ReadValue(hex, out var leniencies);

        value.Should().Be(SnmpValue.Integer32(expected));
        leniencies.Should().Be(BerLeniency.None);
    }

    // Unsigned application types (RFC 2578 §7.1.6–10), strict encodings.
    // Counter32 0.
    [TestCase("410100", SnmpValueType.Counter32, 0UL)]
    // Counter32 4294967295 with its leading zero octet (net-snmp, strict).
    [TestCase("410500FFFFFFFF", SnmpValueType.Counter32, 4294967295UL)]
    // Gauge32 128 needs a leading zero octet.
    [TestCase("42020080", SnmpValueType.Gauge32, 128UL)]
    // sysUpTime captured from net-snmp 5.9.3 (1622 ticks).
    [TestCase("43020656", SnmpValueType.TimeTicks, 1622UL)]
    // Counter64 2^63 with its leading zero octet.
    [TestCase("4609008000000000000000", SnmpValueType.Counter64, 9223372036854775808UL)]
    // Counter64 2^64-1, nine octets with a zero first.
    [TestCase("460900FFFFFFFFFFFFFFFF", SnmpValueType.Counter64, ulong.MaxValue)]
    // ifHCInOctets captured from net-snmp 5.9.3.
    [TestCase("4604677F4A01", SnmpValueType.Counter64, 1736395265UL)]
    public void ReadValue_UnsignedStrict_ReturnsValueWithoutLeniency(string hex, SnmpValueType type, ulong expected)
    {
        var value = ReadValue(hex, out var leniencies);

        value.Type.Should().Be(type);
        value.AsUInt64().Should().Be(expected);
        leniencies.Should().Be(BerLeniency.None);
    }

    // Lenient decoding: each case is a deviation real agents send.
    // Counter32 0xFFFFFFFF sent as 4 octets without leading zero by some Cisco IOS versions.
    [TestCase("4104FFFFFFFF", SnmpValueType.Counter32, 4294967295UL, BerLeniency.UnsignedWithoutLeadingZero)]
    // Gauge32 ifSpeed 4294967295 without leading zero (HP ProCurve switches on 10G ports).
    [TestCase("4204FFFFFFFF", SnmpValueType.Gauge32, 4294967295UL, BerLeniency.UnsignedWithoutLeadingZero)]
    // TimeTicks above 2^31 (uptime over 248 days) without leading zero, from embedded agents that encode a signed int.
    [TestCase("430480000000", SnmpValueType.TimeTicks, 2147483648UL, BerLeniency.UnsignedWithoutLeadingZero)]
    // Counter64 above 2^63 as 8 octets without leading zero (older Juniper and Brocade ifHC counters).
    [TestCase("4608FFFFFFFFFFFFFFFE", SnmpValueType.Counter64, 18446744073709551614UL, BerLeniency.UnsignedWithoutLeadingZero)]
    // Counter32 with padded zero octets (fixed 4-octet encoding of small values, as some printers' agents do).
    [TestCase("410400000005", SnmpValueType.Counter32, 5UL, BerLeniency.NonMinimalInteger)]
    // Counter64 sent as a fixed 8 octets, small value (seen from some Wi-Fi controllers).
    [TestCase("46080000000000000009", SnmpValueType.Counter64, 9UL, BerLeniency.NonMinimalInteger)]
    // Zero-length Gauge32 (some UPS network cards for an unknown battery temperature).
    [TestCase("4200", SnmpValueType.Gauge32, 0UL, BerLeniency.ZeroLengthValue)]
    // Zero-length Counter32 (seen from old D-Link switches on unused ports).
    [TestCase("4100", SnmpValueType.Counter32, 0UL, BerLeniency.ZeroLengthValue)]
    public void ReadValue_UnsignedFromDeviatingAgents_ReadsUnsignedAndCountsTheLeniency(string hex, SnmpValueType type, ulong expected, BerLeniency leniency)
    {
        var value = ReadValue(hex, out var leniencies);

        value.Type.Should().Be(type);
        value.AsUInt64().Should().Be(expected);
        leniencies.Should().Be(leniency);
    }

    // Lenient signed INTEGER cases.
    // INTEGER 5 padded to 4 octets (fixed-width encoders in some printers' agents).
    [TestCase("020400000005", 5, BerLeniency.NonMinimalInteger)]
    // INTEGER -1 as FF FF FF FF (fixed-width encoders of negative values).
    [TestCase("0204FFFFFFFF", -1, BerLeniency.NonMinimalInteger)]
    // Zero-length INTEGER read as 0 (net-snmp accepts it too; seen from some HP printers).
    [TestCase("0200", 0, BerLeniency.ZeroLengthValue)]
    // INTEGER 1 in a long-form length 0x81 0x01 (agents that always use long-form lengths).
    [TestCase("02810101", 1, BerLeniency.NonMinimalLength)]
    public void ReadValue_IntegerFromDeviatingAgents_ReadsAndCountsTheLeniency(string hex, int expected, BerLeniency leniency)
    {
        var value = ReadValue(hex, out var leniencies);

        value.Should().Be(SnmpValue.Integer32(expected));
        leniencies.Should().Be(leniency);
    }

    // Values outside their type's range: a per-varbind decode error, never an exception.
    // Counter64 above 2^64-1: 9 octets with a non-zero first octet.
    [TestCase("4609010000000000000000", "Counter64 above 18446744073709551615")]
    // Counter32 of 5 significant octets.
    [TestCase("41050100000000", "Counter32 above 4294967295")]
    // INTEGER beyond Integer32.
    [TestCase("02050100000000", "out of Integer32 range")]
    // IpAddress of 6 octets.
    [TestCase("4006010203040506", "IpAddress of 6 octets")]
    // An OID arc above 2^32-1 (4294967296 = 0x90 0x80 0x80 0x80 0x00).
    [TestCase("06062B9080808000", "OID arc above 4294967295")]
    // An OID ending in the middle of a sub-identifier.
    [TestCase("06022B86", "truncated in the middle of a sub-identifier")]
    // A type SNMP does not have (NsapAddress [APPLICATION 5] of SNMPv2 drafts).
    [TestCase("4501FF", "unsupported value type 0x45")]
    public void ReadValue_OutOfRange_ReturnsDecodeErrorValue(string hex, string reason)
    {
        var value = ReadValue(hex, out _);

        value.IsDecodeError.Should().BeTrue();
        value.ErrorReason.Should().Contain(reason);
    }

    // OBJECT IDENTIFIER (X.690 §8.19).
    [TestCase("06082B06010201010100", "1.3.6.1.2.1.1.1.0")]
    // Largest arc 4294967295 = 0x8F 0xFF 0xFF 0xFF 0x7F.
    [TestCase("06062B8FFFFFFF7F", "1.3.4294967295")]
    // First arcs 2.x with x >= 40: 2.999.3 is 0x88 0x37 0x03 (X.690 §8.19.4 example).
    [TestCase("0603883703", "2.999.3")]
    [TestCase("060151", "2.1")]
    [TestCase("060100", "0.0")]
    [TestCase("060127", "0.39")]
    [TestCase("060128", "1.0")]
    // 2.(2^32-1): the first sub-identifier is 2^32-1+80, above 32 bits itself.
    [TestCase("0605908080804F", "2.4294967295")]
    // net-snmp's sysObjectID, captured.
    [TestCase("060A2B06010401BF0803020A", "1.3.6.1.4.1.8072.3.2.10")]
    public void ReadValue_ObjectIdentifier_ReturnsArcs(string hex, string expected)
    {
        var value = ReadValue(hex, out var leniencies);

        value.AsOid().Should().Be(Oid.Parse(expected));
        leniencies.Should().Be(BerLeniency.None);
    }

    // Lenient OIDs.
    // Zero-length OID read as 0.0, as net-snmp does (sysObjectID of some embedded agents).
    [TestCase("0600", "0.0", BerLeniency.ZeroLengthValue)]
    // Sub-identifier with a leading 0x80 octet (non-minimal, from hand-written agents).
    [TestCase("06032B8001", "1.3.1", BerLeniency.NonMinimalSubidentifier)]
    public void ReadValue_LenientOid_ReadsAndCountsTheLeniency(string hex, string expected, BerLeniency leniency)
    {
        var value = ReadValue(hex, out var leniencies);

        value.AsOid().Should().Be(Oid.Parse(expected));
        leniencies.Should().Be(leniency);
    }

    // Other types, and the exceptions as per-varbind states.
    [TestCase("0400", SnmpValueType.OctetString)]
    [TestCase("0500", SnmpValueType.Null)]
    [TestCase("4004C0000202", SnmpValueType.IpAddress)]
    [TestCase("4403010203", SnmpValueType.Opaque)]
    [TestCase("8000", SnmpValueType.NoSuchObject)]
    [TestCase("8100", SnmpValueType.NoSuchInstance)]
    [TestCase("8200", SnmpValueType.EndOfMibView)]
    public void ReadValue_OtherTypes_ReturnsTheType(string hex, SnmpValueType type)
    {
        var value = ReadValue(hex, out var leniencies);

        value.Type.Should().Be(type);
        value.IsException.Should().Be(type is SnmpValueType.NoSuchObject or SnmpValueType.NoSuchInstance or SnmpValueType.EndOfMibView);
        leniencies.Should().Be(BerLeniency.None);
    }

    // Zero-length IpAddress read as 0.0.0.0 (ipAdEntAddr of unnumbered interfaces on some routers).
    [Test]
    public void ReadValue_ZeroLengthIpAddress_ReadsAnyAddress()
    {
        var value = ReadValue("4000", out var leniencies);

        value.ToString().Should().Be("IpAddress: 0.0.0.0");
        leniencies.Should().Be(BerLeniency.ZeroLengthValue);
    }

    // NULL with content octets (0x05 0x01 0x00), sent by some old agents in exceptions and requests.
    [Test]
    public void ReadValue_NullWithContent_ReadsNullAndCountsIt()
    {
        var value = ReadValue("050100", out var leniencies);

        value.Type.Should().Be(SnmpValueType.Null);
        leniencies.Should().Be(BerLeniency.NonEmptyNull);
    }

    // Malformed headers: each returns false with a reason and an offset, never throws.
    [TestCase("", "expected a tag", 0)]
    [TestCase("04", "before the length octet", 1)]
    [TestCase("0480", "indefinite length", 1)]
    [TestCase("04FF", "reserved", 1)]
    [TestCase("040501", "goes beyond the end of the data", 0)]
    [TestCase("0484FFFFFFFF", "above 2147483647", 1)]
    [TestCase("048201", "runs past the end", 1)]
    [TestCase("1F0100", "multi-octet tag", 0)]
    public void TryReadValue_MalformedHeader_FailsWithReasonAndOffset(string hex, string reason, int offset)
    {
        var reader = new BerReader(Convert.FromHexString(hex));

        reader.TryReadValue(out _).Should().BeFalse();
        reader.ErrorReason.Should().Contain(reason);
        reader.ErrorOffset.Should().Be(offset);
    }

    [Test]
    public void TryEnter_LengthBeyondTheEnclosingSequence_Fails()
    {
        // SEQUENCE of 3 octets containing an OCTET STRING that claims 5.
        var reader = new BerReader(Convert.FromHexString("3003040561626364"));

        reader.TryEnter(BerTag.Sequence, out _).Should().BeTrue();
        reader.TryReadOctetString(out _).Should().BeFalse();
        reader.ErrorReason.Should().Contain("goes beyond the end of the data (1 octets left)");
    }

    [Test]
    public void TryReadVarbind_NameWithArcOverflow_KeepsTheVarbindAsDecodeError()
    {
        // SEQUENCE { OID 1.3.4294967296, INTEGER 1 }
        var reader = new BerReader(Convert.FromHexString("300B06062B9080808000020101"));

        reader.TryReadVarbind(out var varbind).Should().BeTrue();
        varbind.Value.IsDecodeError.Should().BeTrue();
        varbind.Value.ErrorReason.Should().Contain("varbind name at byte 2").And.Contain("above 4294967295");
        reader.HasMore.Should().BeFalse();
    }

    private static SnmpValue ReadValue(string hex, out BerLeniency leniencies)
    {
        var reader = new BerReader(Convert.FromHexString(hex));
        reader.TryReadValue(out var value).Should().BeTrue(reader.ErrorReason);
        reader.HasMore.Should().BeFalse();
        leniencies = reader.Leniencies;
        return value;
    }
}
