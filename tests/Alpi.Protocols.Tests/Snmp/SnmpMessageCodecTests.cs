using System.Buffers;
using System.Net;
using Alpi.Protocols.Snmp;
using Alpi.Protocols.Snmp.Ber;
using FluentAssertions;

namespace Alpi.Protocols.Tests.Snmp;

public class SnmpMessageCodecTests
{
    [Test]
    public void Decode_NetSnmpGetResponse_ReturnsVarbindsAsNetSnmpPrintsThem()
    {
        var result = SnmpMessageCodec.Decode(NetSnmpCaptures.V2cGetResponse);

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        result.Leniencies.Should().Be(BerLeniency.None);
        var message = result.Value!;
        message.Version.Should().Be(SnmpVersion.V2c);
        message.CommunityText.Should().Be("public");
        var pdu = (SnmpPdu)message.Pdu;
        pdu.Type.Should().Be(SnmpPduType.Response);
        pdu.RequestId.Should().Be(0x0BD1B59C);
        pdu.ErrorStatus.Should().Be(SnmpErrorStatus.NoError);
        pdu.Varbinds.Select(v => v.ToString()).Should().Equal(
            ".1.3.6.1.2.1.1.1.0 = STRING: \"Linux vm 6.18.44-fc-v782 #1 SMP PREEMPT_DYNAMIC @0 x86_64\"",
            ".1.3.6.1.2.1.1.3.0 = Timeticks: (1622) 0:00:16.22",
            ".1.3.6.1.2.1.1.4.0 = STRING: \"root\"",
            ".1.3.6.1.2.1.1.6.0 = STRING: \"Test \\\"room\\\" \\\\ 1\"",
            ".1.3.6.1.2.1.1.99.0 = No Such Object available on this agent at this OID",
            ".1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.8072.3.2.10");
        pdu.Varbinds[4].Value.IsException.Should().BeTrue();
    }

    [Test]
    public void Decode_NetSnmpGetBulkResponse_ReturnsEveryType()
    {
        var result = SnmpMessageCodec.Decode(NetSnmpCaptures.V2cGetBulkResponse);

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        ((SnmpPdu)result.Value!.Pdu).Varbinds.Select(v => v.ToString()).Should().Equal(
            ".1.3.6.1.2.1.2.2.1.6.1 = \"\"",
            ".1.3.6.1.2.1.31.1.1.1.6.1 = Counter64: 1744174081",
            ".1.3.6.1.2.1.4.20.1.1.127.0.0.1 = IpAddress: 127.0.0.1",
            ".1.3.6.1.2.1.2.2.1.6.2 = Hex-STRING: 36 55 55 87 2E 84 ",
            ".1.3.6.1.2.1.31.1.1.1.6.2 = Counter64: 0",
            ".1.3.6.1.2.1.4.20.1.1.192.0.2.2 = IpAddress: 192.0.2.2");
    }

    [Test]
    public void Decode_NetSnmpV1NoSuchName_ReturnsErrorStatusAndIndex()
    {
        var result = SnmpMessageCodec.Decode(NetSnmpCaptures.V1NoSuchNameResponse);

        var pdu = (SnmpPdu)result.Value!.Pdu;
        result.Value.Version.Should().Be(SnmpVersion.V1);
        pdu.ErrorStatus.Should().Be(SnmpErrorStatus.NoSuchName);
        pdu.ErrorIndex.Should().Be(1);
    }

    [Test]
    public void Decode_NetSnmpV1Trap_ReturnsTrapFields()
    {
        var result = SnmpMessageCodec.Decode(NetSnmpCaptures.V1Trap);

        var trap = (TrapV1Pdu)result.Value!.Pdu;
        trap.Enterprise.Should().Be(Oid.Parse("1.3.6.1.4.1.8072.2.3"));
        trap.AgentAddress.Should().Be(IPAddress.Parse("192.0.2.7"));
        trap.Generic.Should().Be(GenericTrap.EnterpriseSpecific);
        trap.SpecificTrap.Should().Be(17);
        trap.TimeStamp.Should().Be(12345);
        trap.Varbinds.Should().Equal(new Varbind(Oid.Parse("1.3.6.1.2.1.1.5.0"), SnmpValue.OctetString("router-1")));
    }

    [Test]
    public void Decode_NetSnmpV2cTrapAndInform_ReturnSysUpTimeAndTrapOid()
    {
        var trap = (SnmpPdu)SnmpMessageCodec.Decode(NetSnmpCaptures.V2cTrap).Value!.Pdu;
        var inform = (SnmpPdu)SnmpMessageCodec.Decode(NetSnmpCaptures.V2cInform).Value!.Pdu;

        trap.Type.Should().Be(SnmpPduType.SNMPv2Trap);
        trap.Varbinds[0].Value.Should().Be(SnmpValue.TimeTicks(12345));
        trap.Varbinds[1].Value.AsOid().Should().Be(Oid.Parse("1.3.6.1.6.3.1.1.5.3"));
        trap.Varbinds[2].Should().Be(new Varbind(Oid.Parse("1.3.6.1.2.1.2.2.1.1.2"), SnmpValue.Integer32(2)));
        inform.Type.Should().Be(SnmpPduType.InformRequest);
        inform.Varbinds[1].Value.AsOid().Should().Be(Oid.Parse("1.3.6.1.6.3.1.1.5.1"));
    }

    // Each net-snmp datagram decodes and re-encodes to the same octets: our encoder is as minimal as net-snmp's.
    [TestCase(nameof(NetSnmpCaptures.V2cGetRequest))]
    [TestCase(nameof(NetSnmpCaptures.V2cGetResponse))]
    [TestCase(nameof(NetSnmpCaptures.V2cGetBulkRequest))]
    [TestCase(nameof(NetSnmpCaptures.V2cGetBulkResponse))]
    [TestCase(nameof(NetSnmpCaptures.V1NoSuchNameResponse))]
    [TestCase(nameof(NetSnmpCaptures.V1Trap))]
    [TestCase(nameof(NetSnmpCaptures.V2cTrap))]
    [TestCase(nameof(NetSnmpCaptures.V2cInform))]
    public void Encode_DecodedNetSnmpDatagram_ReproducesTheOctets(string capture)
    {
        var datagram = (byte[])typeof(NetSnmpCaptures).GetField(capture)!.GetValue(null)!;
        var message = SnmpMessageCodec.Decode(datagram).Value!;

        var output = new ArrayBufferWriter<byte>();
        SnmpMessageCodec.Encode(message, output);

        Convert.ToHexString(output.WrittenSpan).Should().Be(Convert.ToHexString(datagram));
    }

    [Test]
    public void Encode_GetBulk_MatchesNetSnmpRequest()
    {
        var pdu = SnmpPdu.GetBulk(0x55C74C91, 0, 2, Oid.Parse("1.3.6.1.2.1.2.2.1.6"), Oid.Parse("1.3.6.1.2.1.31.1.1.1.6"), Oid.Parse("1.3.6.1.2.1.4.20.1.1"));
        var buffer = new byte[256];

        SnmpMessageCodec.TryEncode(new SnmpMessage(SnmpVersion.V2c, "public", pdu), buffer, out var written).Should().BeTrue();

        Convert.ToHexString(buffer.AsSpan(0, written)).Should().Be(Convert.ToHexString(NetSnmpCaptures.V2cGetBulkRequest));
    }

    [Test]
    public void RoundTrip_EveryValueTypeAndException_ReturnsEqualVarbinds()
    {
        Varbind[] varbinds =
        [
            new(Oid.Parse("1.3.6.1.1"), SnmpValue.Integer32(int.MinValue)),
            new(Oid.Parse("1.3.6.1.2"), SnmpValue.Integer32(int.MaxValue)),
            new(Oid.Parse("1.3.6.1.3"), SnmpValue.OctetString(new byte[300])),
            new(Oid.Parse("1.3.6.1.4"), SnmpValue.Null),
            new(Oid.Parse("1.3.6.1.5"), SnmpValue.ObjectIdentifier(Oid.Parse("2.999.4294967295"))),
            new(Oid.Parse("1.3.6.1.6"), SnmpValue.IpAddress(IPAddress.Parse("255.255.255.255"))),
            new(Oid.Parse("1.3.6.1.7"), SnmpValue.Counter32(uint.MaxValue)),
            new(Oid.Parse("1.3.6.1.8"), SnmpValue.Gauge32(uint.MaxValue)),
            new(Oid.Parse("1.3.6.1.9"), SnmpValue.TimeTicks(uint.MaxValue)),
            new(Oid.Parse("1.3.6.1.10"), SnmpValue.Opaque(new byte[] { 0x9F, 0x78, 0x04, 0x3F, 0x80, 0x00, 0x00 })),
            new(Oid.Parse("1.3.6.1.11"), SnmpValue.Counter64(ulong.MaxValue)),
            new(Oid.Parse("1.3.6.1.4294967295"), SnmpValue.NoSuchObject),
            new(Oid.Parse("1.3.6.1.13"), SnmpValue.NoSuchInstance),
            new(Oid.Parse("1.3.6.1.14"), SnmpValue.EndOfMibView),
        ];
        var message = new SnmpMessage(SnmpVersion.V2c, "c0mmunity", new SnmpPdu(SnmpPduType.Response, -7, SnmpErrorStatus.NoError, 0, varbinds));

        var decoded = RoundTrip(message);

        decoded.Version.Should().Be(SnmpVersion.V2c);
        decoded.CommunityText.Should().Be("c0mmunity");
        ((SnmpPdu)decoded.Pdu).RequestId.Should().Be(-7);
        decoded.Pdu.Varbinds.Should().Equal(varbinds);
    }

    // Whole messages of each PDU type round trip.
    [TestCase(SnmpVersion.V1, SnmpPduType.GetRequest)]
    [TestCase(SnmpVersion.V1, SnmpPduType.GetNextRequest)]
    [TestCase(SnmpVersion.V1, SnmpPduType.SetRequest)]
    [TestCase(SnmpVersion.V2c, SnmpPduType.Response)]
    [TestCase(SnmpVersion.V2c, SnmpPduType.InformRequest)]
    [TestCase(SnmpVersion.V2c, SnmpPduType.SNMPv2Trap)]
    [TestCase(SnmpVersion.V2c, SnmpPduType.Report)]
    public void RoundTrip_PduTypes_KeepsAllFields(SnmpVersion version, SnmpPduType type)
    {
        var pdu = new SnmpPdu(type, 123456, SnmpErrorStatus.GenErr, 2, [new(Oid.Parse("1.3.6.1.2.1.1.5.0"), SnmpValue.OctetString("x"))]);

        var decoded = (SnmpPdu)RoundTrip(new SnmpMessage(version, "public", pdu)).Pdu;

        decoded.Type.Should().Be(type);
        decoded.RequestId.Should().Be(123456);
        decoded.ErrorStatus.Should().Be(SnmpErrorStatus.GenErr);
        decoded.ErrorIndex.Should().Be(2);
        decoded.Varbinds.Should().Equal(pdu.Varbinds);
    }

    [Test]
    public void RoundTrip_V1Trap_KeepsAllFields()
    {
        var trap = new TrapV1Pdu(Oid.Parse("1.3.6.1.4.1.9"), IPAddress.Parse("10.0.0.1"), GenericTrap.LinkDown, 0, 4294967295, [new(Oid.Parse("1.3.6.1.2.1.2.2.1.1.3"), SnmpValue.Integer32(3))]);

        var decoded = (TrapV1Pdu)RoundTrip(new SnmpMessage(SnmpVersion.V1, "public", trap)).Pdu;

        decoded.Should().BeEquivalentTo(trap, o => o.ComparingByMembers<TrapV1Pdu>().Excluding(t => t.Varbinds));
        decoded.Varbinds.Should().Equal(trap.Varbinds);
    }

    [Test]
    public void Decode_VarbindWithOutOfRangeValue_KeepsTheOtherVarbinds()
    {
        // Response with three varbinds; the second is a Counter64 of 9 significant octets.
        var datagram = Convert.FromHexString(
            "303E" + "020101" + "0406" + "7075626C6963" + "A231" + "020101" + "020100" + "020100" + "3026"
            + "3008" + "06032B0601" + "020105"
            + "3010" + "06032B0602" + "4609010000000000000000"
            + "3008" + "06032B0603" + "410107");

        var result = SnmpMessageCodec.Decode(datagram);

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        var varbinds = result.Value!.Pdu.Varbinds;
        varbinds.Should().HaveCount(3);
        varbinds[0].Value.Should().Be(SnmpValue.Integer32(5));
        varbinds[1].Oid.Should().Be(Oid.Parse("1.3.6.2"));
        varbinds[1].Value.IsDecodeError.Should().BeTrue();
        varbinds[1].Value.ErrorReason.Should().Contain("Counter64 above 18446744073709551615");
        varbinds[2].Value.Should().Be(SnmpValue.Counter32(7));
    }

    // Counter32 0xFFFFFFFF sent as 4 octets without leading zero by some Cisco IOS versions, in a whole response.
    [Test]
    public void Decode_CiscoCounterWithoutLeadingZero_ReportsTheLeniency()
    {
        var datagram = Convert.FromHexString("3025" + "020101" + "04067075626C6963" + "A218" + "020101" + "020100" + "020100" + "300D" + "300B" + "06032B0601" + "4104FFFFFFFF");

        var result = SnmpMessageCodec.Decode(datagram);

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        result.Value!.Pdu.Varbinds[0].Value.Should().Be(SnmpValue.Counter32(uint.MaxValue));
        result.Leniencies.Should().Be(BerLeniency.UnsignedWithoutLeadingZero);
    }

    // Octets after the message (padding from some embedded stacks): decoded, counted.
    [Test]
    public void Decode_TrailingOctetsAfterTheMessage_AreSkippedAndCounted()
    {
        var result = SnmpMessageCodec.Decode([.. NetSnmpCaptures.V1NoSuchNameResponse, 0, 0, 0, 0]);

        result.IsSuccess.Should().BeTrue();
        result.Leniencies.Should().Be(BerLeniency.TrailingBytes);
    }

    // Malformed datagrams: an error with a reason and offset, never an exception.
    // Empty datagram.
    [TestCase("", "expected a tag", 0)]
    // Not a SEQUENCE (an HTTP request sent to port 161).
    [TestCase("474554202F20485454502F312E310D0A", "expected SEQUENCE", 0)]
    // Indefinite length (BER allows it, SNMP does not).
    [TestCase("3080020101", "indefinite length", 1)]
    // Outer length beyond the datagram.
    [TestCase("3064020101", "goes beyond the end of the data", 0)]
    // Truncated in the middle of the community.
    [TestCase("300902010104067075626C", "goes beyond the end of the data", 5)]
    // Unsupported version 2 (SNMPv2u/v2* never deployed).
    [TestCase("3003020102", "unsupported SNMP version 2", 2)]
    // SNMPv3 given to the community decoder.
    [TestCase("3003020103", "use DecodeV3", 2)]
    // Not a PDU tag after the community.
    [TestCase("300D0201010406707562" + "6C6963" + "0500", "expected a PDU", 13)]
    // Depth bomb: SEQUENCEs nested 5000 deep.
    [TestCase("DEPTH", "expected INTEGER", 6)]
    public void Decode_Malformed_ReturnsErrorWithoutThrowing(string hex, string reason, int offset)
    {
        var datagram = hex == "DEPTH" ? DepthBomb(5000) : Convert.FromHexString(hex);

        var result = SnmpMessageCodec.Decode(datagram);

        result.IsSuccess.Should().BeFalse();
        result.Error!.Reason.Should().Contain(reason);
        result.Error.Offset.Should().Be(offset);
    }

    [Test]
    public void Decode_EveryTruncationOfARealResponse_ReturnsErrorWithoutThrowing()
    {
        var datagram = NetSnmpCaptures.V2cGetBulkResponse;
        for (var length = 0; length < datagram.Length; length++)
        {
            SnmpMessageCodec.Decode(datagram.AsSpan(0, length)).IsSuccess.Should().BeFalse($"{length} octets");
        }
    }

    [Test]
    public void Decode_EveryOctetFlippedInARealResponse_NeverThrows()
    {
        var datagram = NetSnmpCaptures.V2cGetResponse.ToArray();
        for (var i = 0; i < datagram.Length; i++)
        {
            foreach (var flip in new byte[] { 0x00, 0x7F, 0x80, 0xFF })
            {
                var original = datagram[i];
                datagram[i] = flip;
                var act = () => SnmpMessageCodec.Decode(datagram);
                act.Should().NotThrow();
                datagram[i] = original;
            }
        }
    }

    [Test]
    public void TryReadVersion_ReadsTheVersionOfEachKind()
    {
        SnmpMessageCodec.TryReadVersion(NetSnmpCaptures.V1Trap, out var v1).Should().BeTrue();
        SnmpMessageCodec.TryReadVersion(NetSnmpCaptures.V2cTrap, out var v2).Should().BeTrue();
        SnmpMessageCodec.TryReadVersion(NetSnmpCaptures.V3DiscoveryReport, out var v3).Should().BeTrue();

        (v1, v2, v3).Should().Be((SnmpVersion.V1, SnmpVersion.V2c, SnmpVersion.V3));
    }

    private static SnmpMessage RoundTrip(SnmpMessage message)
    {
        var output = new ArrayBufferWriter<byte>();
        SnmpMessageCodec.Encode(message, output);
        var result = SnmpMessageCodec.Decode(output.WrittenSpan);
        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        result.Leniencies.Should().Be(BerLeniency.None);
        return result.Value!;
    }

    private static byte[] DepthBomb(int depth)
    {
        // 30 84 LL LL LL LL repeated: each SEQUENCE claims the rest of the buffer.
        var datagram = new byte[depth * 6];
        for (var i = 0; i < depth; i++)
        {
            var rest = datagram.Length - ((i + 1) * 6);
            datagram[i * 6] = 0x30;
            datagram[(i * 6) + 1] = 0x84;
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(datagram.AsSpan((i * 6) + 2), rest);
        }

        return datagram;
    }
}
