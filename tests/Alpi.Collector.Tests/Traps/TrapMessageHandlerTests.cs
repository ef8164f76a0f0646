using System.Buffers;
using System.Net;
using Alpi.Collector.Traps;
using Alpi.Protocols.Snmp;
using Alpi.Protocols.Snmp.Ber;
using Microsoft.Extensions.Time.Testing;

namespace Alpi.Collector.Tests.Traps;

public class TrapMessageHandlerTests
{
    private static readonly IPAddress Source = IPAddress.Parse("192.0.2.7");
    private static readonly byte[] OurEngine = Convert.FromHexString("80001F8804616C7069");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    private TrapMessageHandler Handler()
    {
        var options = new TrapReceiverOptions { Communities = ["public"] };
        return new TrapMessageHandler(options, new TrapSourceMap(options), new TrapUsmUsers(options.Users), new TrapLocalEngine(OurEngine, 3, _time), _time);
    }

    private static byte[] Encode(SnmpMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        SnmpMessageCodec.Encode(message, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static Varbind[] Notification(string trapOid, params Varbind[] more) =>
        [new(TrapOids.SysUpTime0, SnmpValue.TimeTicks(4200)), new(TrapOids.SnmpTrapOid0, SnmpValue.ObjectIdentifier(Oid.Parse(trapOid))), .. more];

    [Test]
    public void Handle_V2cInform_AnswersAResponseWithTheSameRequestIdAndVarbinds()
    {
        var varbinds = Notification("1.3.6.1.6.3.1.1.5.1", new Varbind(Oid.Parse("1.3.6.1.2.1.1.5.0"), SnmpValue.OctetString("sw1")));
        var datagram = Encode(new SnmpMessage(SnmpVersion.V2c, "public", new SnmpPdu(SnmpPduType.InformRequest, 1234, SnmpErrorStatus.NoError, 0, varbinds)));

        var outcome = Handler().Handle(datagram, Source);

        outcome.DropReason.Should().BeNull();
        outcome.Event!.Pdu.Should().Be("inform");
        outcome.Event.TrapName.Should().Be("coldStart");
        outcome.Event.Uptime.Should().Be(4200);
        outcome.Event.Time.Should().Be(_time.GetUtcNow());
        outcome.Event.Varbinds.Should().Equal(new TrapVarbind("1.3.6.1.2.1.1.5.0", "OctetString", "\"sw1\""));
        var response = SnmpMessageCodec.Decode(outcome.Response);
        response.IsSuccess.Should().BeTrue();
        response.Value!.CommunityText.Should().Be("public");
        var pdu = (SnmpPdu)response.Value.Pdu;
        pdu.Type.Should().Be(SnmpPduType.Response, "RFC 3416 §4.2.7");
        pdu.RequestId.Should().Be(1234);
        pdu.ErrorStatus.Should().Be(SnmpErrorStatus.NoError);
        pdu.Varbinds.Should().Equal(varbinds);
    }

    // Request-id 42 as 02 02 00 2A: an agent that writes INTEGERs at a fixed width (X.690 §8.3.2 wants one octet).
    [TestCase(false, BerLeniency.NonMinimalInteger, 100u)]
    // sysUpTime.0 200 as 43 01 C8: an agent that encodes unsigned TimeTicks like a signed C integer, no leading zero.
    [TestCase(true, BerLeniency.UnsignedWithoutLeadingZero, 200u)]
    public void Handle_DatagramWithABerDeviation_IsAcceptedAndReportsTheDeviation(bool unsignedCase, BerLeniency expected, uint uptime)
    {
        var datagram = unsignedCase
            ? CraftedTraps.V2cTrapWithUnsignedWithoutLeadingZero("public", 1)
            : CraftedTraps.V2cTrapWithNonMinimalRequestId("public", 1);

        var outcome = Handler().Handle(datagram, Source);

        outcome.DropReason.Should().BeNull();
        outcome.Event!.TrapOid.Should().Be("1.3.6.1.4.1.8072.2.3.0.1");
        outcome.Event.Uptime.Should().Be(uptime);
        outcome.Leniencies.Should().Be(expected);
    }

    [Test]
    public void Handle_DroppedDatagramWithABerDeviation_StillReportsTheDeviation()
    {
        var outcome = Handler().Handle(CraftedTraps.V2cTrapWithNonMinimalRequestId("not-public", 1), Source);

        outcome.DropReason.Should().Be(TrapDropReason.UnknownCommunity);
        outcome.Leniencies.Should().Be(BerLeniency.NonMinimalInteger, "the deviation is the sender's, whatever happens to the datagram");
    }

    [Test]
    public void Handle_MinimalEncoding_ReportsNoDeviation()
    {
        var datagram = Encode(new SnmpMessage(SnmpVersion.V2c, "public", new SnmpPdu(SnmpPduType.SNMPv2Trap, 42, SnmpErrorStatus.NoError, 0, Notification("1.3.6.1.6.3.1.1.5.3"))));

        Handler().Handle(datagram, Source).Leniencies.Should().Be(BerLeniency.None);
    }

    [Test]
    public void Handle_V2cTrap_IsAcceptedWithoutAnswer()
    {
        var datagram = Encode(new SnmpMessage(SnmpVersion.V2c, "public", new SnmpPdu(SnmpPduType.SNMPv2Trap, 1, SnmpErrorStatus.NoError, 0, Notification("1.3.6.1.6.3.1.1.5.3"))));

        var outcome = Handler().Handle(datagram, Source);

        outcome.Event!.TrapName.Should().Be("linkDown");
        outcome.Event.Device.Should().Be("192.0.2.7");
        outcome.Event.Tenant.Should().Be("default");
        outcome.Response.Should().BeNull();
    }

    // Each case: a community-based datagram that must be dropped, and the reason counted.
    // A wrong community.
    [TestCase("private", SnmpPduType.SNMPv2Trap, true, TrapDropReason.UnknownCommunity)]
    // A notification without snmpTrapOID.0 (RFC 3416 §4.2.6 requires it second).
    [TestCase("public", SnmpPduType.SNMPv2Trap, false, TrapDropReason.Malformed)]
    // A GetRequest sent to the trap port.
    [TestCase("public", SnmpPduType.GetRequest, true, TrapDropReason.UnexpectedPdu)]
    public void Handle_BadCommunityDatagram_IsDroppedWithItsReason(string community, SnmpPduType type, bool withTrapOid, string reason)
    {
        Varbind[] varbinds = withTrapOid ? Notification("1.3.6.1.6.3.1.1.5.1") : [new(TrapOids.SysUpTime0, SnmpValue.TimeTicks(1))];
        var datagram = Encode(new SnmpMessage(SnmpVersion.V2c, community, new SnmpPdu(type, 1, SnmpErrorStatus.NoError, 0, varbinds)));

        var outcome = Handler().Handle(datagram, Source);

        outcome.DropReason.Should().Be(reason);
        outcome.Event.Should().BeNull();
        outcome.Response.Should().BeNull();
    }

    // Garbage: not BER at all, a truncated SEQUENCE, an unknown version number.
    [TestCase("00")]
    [TestCase("3082FFFF0201")]
    [TestCase("300E020102040670756240696300A000")]
    public void Handle_Garbage_IsDroppedAsMalformed(string hex)
    {
        Handler().Handle(Convert.FromHexString(hex), Source).DropReason.Should().Be(TrapDropReason.Malformed);
    }

    [Test]
    public void Handle_V3Discovery_AnswersAReportWithThisEngine()
    {
        var probe = new SnmpV3Message(77, 65507, SnmpV3MessageFlags.Reportable, UsmSecurityParameters.Empty,
            new SnmpScopedPdu(default, default, new SnmpPdu(SnmpPduType.GetRequest, 99, SnmpErrorStatus.NoError, 0, [])), default);
        var buffer = new ArrayBufferWriter<byte>();
        SnmpMessageCodec.EncodeV3(probe, 0, buffer, out _);
        _time.Advance(TimeSpan.FromSeconds(42));

        var outcome = Handler().Handle(buffer.WrittenSpan.ToArray(), Source);

        outcome.Event.Should().BeNull();
        var report = SnmpMessageCodec.DecodeV3(outcome.Response).Value!.Message;
        report.MessageId.Should().Be(77);
        report.SecurityParameters.AuthoritativeEngineId.ToArray().Should().Equal(OurEngine);
        report.SecurityParameters.EngineBoots.Should().Be(3);
        report.SecurityParameters.EngineTime.Should().Be(0, "the engine was created after the clock advanced");
        report.ScopedPdu!.Pdu.Type.Should().Be(SnmpPduType.Report);
        report.ScopedPdu.Pdu.RequestId.Should().Be(99);
        report.ScopedPdu.Pdu.Varbinds.Should().ContainSingle().Which.Oid.Should().Be(TrapOids.UsmStatsUnknownEngineIds0, "RFC 3414 §4");
    }
}
