using System.Buffers;
using Alpi.Protocols.Snmp;
using Alpi.Protocols.Snmp.Ber;
using FluentAssertions;

namespace Alpi.Protocols.Tests.Snmp;

public class SnmpV3FramingTests
{
    private static readonly byte[] EngineId = Convert.FromHexString("80001F888043D4073B37490C6B00000000");

    [Test]
    public void DecodeV3_NetSnmpDiscoveryRequest_ReturnsEmptyUsmParametersAndReportableFlag()
    {
        var result = SnmpMessageCodec.DecodeV3(NetSnmpCaptures.V3DiscoveryRequest);

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        var message = result.Value!.Message;
        message.MessageId.Should().Be(0x5C8E38FA);
        message.MaxSize.Should().Be(65507);
        message.Flags.Should().Be(SnmpV3MessageFlags.Reportable);
        message.SecurityParameters.AuthoritativeEngineId.IsEmpty.Should().BeTrue();
        message.SecurityParameters.UserName.IsEmpty.Should().BeTrue();
        message.ScopedPdu!.Pdu.Type.Should().Be(SnmpPduType.GetRequest);
        message.ScopedPdu.Pdu.Varbinds.Should().BeEmpty();
        result.Value.MessageLength.Should().Be(NetSnmpCaptures.V3DiscoveryRequest.Length);
    }

    [Test]
    public void DecodeV3_NetSnmpDiscoveryReport_ReturnsEngineIdBootsTimeAndUsmStats()
    {
        var result = SnmpMessageCodec.DecodeV3(NetSnmpCaptures.V3DiscoveryReport);

        var message = result.Value!.Message;
        message.Flags.Should().Be(SnmpV3MessageFlags.None);
        message.SecurityParameters.AuthoritativeEngineId.ToArray().Should().Equal(EngineId);
        message.SecurityParameters.EngineBoots.Should().Be(1);
        message.SecurityParameters.EngineTime.Should().Be(17);
        message.ScopedPdu!.ContextEngineId.ToArray().Should().Equal(EngineId);
        message.ScopedPdu.Pdu.Type.Should().Be(SnmpPduType.Report);
        message.ScopedPdu.Pdu.Varbinds.Single().ToString().Should().Be(".1.3.6.1.6.3.15.1.1.4.0 = Counter32: 2");
    }

    [Test]
    public void DecodeV3_NetSnmpAuthPrivRequest_ExposesHmacOffsetAndEncryptedPdu()
    {
        var datagram = NetSnmpCaptures.V3AuthPrivRequest;

        var frame = SnmpMessageCodec.DecodeV3(datagram).Value!;

        frame.Message.Flags.Should().Be(SnmpV3MessageFlags.Authentication | SnmpV3MessageFlags.Privacy | SnmpV3MessageFlags.Reportable);
        frame.Message.SecurityParameters.UserName.ToArray().Should().Equal("alpiuser"u8.ToArray());
        frame.AuthenticationParametersLength.Should().Be(12);
        datagram.AsSpan(frame.AuthenticationParametersOffset, 12).ToArray().Should().Equal(Convert.FromHexString("931BC0070F342220AEC4B121"));
        datagram[frame.AuthenticationParametersOffset - 2].Should().Be(BerTag.OctetString);
        frame.Message.SecurityParameters.PrivacyParameters.ToArray().Should().Equal(Convert.FromHexString("EAE6DD141E710223"));
        frame.Message.ScopedPdu.Should().BeNull();
        frame.Message.EncryptedPdu.Length.Should().Be(0x35);
        frame.Message.EncryptedPdu.Span[..4].ToArray().Should().Equal(Convert.FromHexString("DC22B57F"));
    }

    // Each net-snmp SNMPv3 datagram decodes and re-encodes to the same octets.
    [TestCase(nameof(NetSnmpCaptures.V3DiscoveryRequest))]
    [TestCase(nameof(NetSnmpCaptures.V3DiscoveryReport))]
    [TestCase(nameof(NetSnmpCaptures.V3AuthPrivRequest))]
    public void EncodeV3_DecodedNetSnmpDatagram_ReproducesTheOctets(string capture)
    {
        var datagram = (byte[])typeof(NetSnmpCaptures).GetField(capture)!.GetValue(null)!;
        var frame = SnmpMessageCodec.DecodeV3(datagram).Value!;

        var output = new ArrayBufferWriter<byte>();
        SnmpMessageCodec.EncodeV3(frame.Message, 0, output, out var authOffset);

        Convert.ToHexString(output.WrittenSpan).Should().Be(Convert.ToHexString(datagram));
        authOffset.Should().Be(frame.AuthenticationParametersOffset);
    }

    [Test]
    public void EncodeV3_WithPlaceholder_WritesZerosWhereTheHmacGoes()
    {
        var frame = SnmpMessageCodec.DecodeV3(NetSnmpCaptures.V3AuthPrivRequest).Value!;
        var buffer = new byte[512];

        SnmpMessageCodec.TryEncodeV3(frame.Message, 12, buffer, out var written, out var authOffset).Should().BeTrue();

        // Filling the placeholder with net-snmp's HMAC gives back net-snmp's datagram.
        buffer.AsSpan(authOffset, 12).ToArray().Should().OnlyContain(b => b == 0);
        Convert.FromHexString("931BC0070F342220AEC4B121").CopyTo(buffer.AsSpan(authOffset));
        buffer.AsSpan(0, written).ToArray().Should().Equal(NetSnmpCaptures.V3AuthPrivRequest);
    }

    [Test]
    public void RoundTrip_V3PlaintextWithLargePdu_KeepsTheHmacOffsetRight()
    {
        var varbinds = Enumerable.Range(1, 40).Select(i => new Varbind(Oid.Parse($"1.3.6.1.2.1.2.2.1.10.{i}"), SnmpValue.Counter32((uint)i * 1000))).ToArray();
        var message = new SnmpV3Message(
            42,
            65507,
            SnmpV3MessageFlags.Authentication | SnmpV3MessageFlags.Reportable,
            new UsmSecurityParameters(EngineId, 3, 123456, "alpiuser"u8.ToArray(), default, default),
            new SnmpScopedPdu(EngineId, default, new SnmpPdu(SnmpPduType.Response, 7, SnmpErrorStatus.NoError, 0, varbinds)),
            default);
        var output = new ArrayBufferWriter<byte>();

        var written = SnmpMessageCodec.EncodeV3(message, 24, output, out var authOffset);

        var frame = SnmpMessageCodec.DecodeV3(output.WrittenSpan).Value!;
        frame.AuthenticationParametersOffset.Should().Be(authOffset);
        frame.AuthenticationParametersLength.Should().Be(24);
        frame.MessageLength.Should().Be(written);
        frame.Message.SecurityParameters.EngineTime.Should().Be(123456);
        frame.Message.ScopedPdu!.Pdu.Varbinds.Should().Equal(varbinds);
    }

    [Test]
    public void ScopedPdu_EncodeThenDecodeWithCipherPadding_IgnoresThePadding()
    {
        var scoped = new SnmpScopedPdu(EngineId, "ctx"u8.ToArray(), SnmpPdu.Get(9, Oid.Parse("1.3.6.1.2.1.1.5.0")));
        var output = new ArrayBufferWriter<byte>();
        SnmpMessageCodec.EncodeScopedPdu(scoped, output);

        // DES-CBC pads the plaintext to a multiple of 8 octets (RFC 3414 §8.1.1.2).
        var result = SnmpMessageCodec.DecodeScopedPdu([.. output.WrittenSpan, 0, 0, 0, 0, 0, 0, 0]);

        result.IsSuccess.Should().BeTrue();
        result.Leniencies.Should().Be(BerLeniency.None);
        result.Value!.ContextName.ToArray().Should().Equal("ctx"u8.ToArray());
        result.Value.Pdu.Varbinds.Should().Equal(scoped.Pdu.Varbinds);
    }

    // Malformed SNMPv3 framing.
    // A v2c message given to the v3 decoder.
    [TestCase("3003020101", "msgVersion 1 is not 3", 2)]
    // msgFlags of two octets.
    [TestCase("3014020103300F020101020300FFE3040207000201030400", "msgFlags is 2 octets", 15)]
    // msgSecurityModel 2 (SNMPv2c community model) instead of USM.
    [TestCase("3013020103300E020101020300FFE30401070201020400", "msgSecurityModel 2 is not USM", 18)]
    public void DecodeV3_Malformed_ReturnsErrorWithoutThrowing(string hex, string reason, int offset)
    {
        var result = SnmpMessageCodec.DecodeV3(Convert.FromHexString(hex));

        result.IsSuccess.Should().BeFalse();
        result.Error!.Reason.Should().Contain(reason);
        result.Error.Offset.Should().Be(offset);
    }

    [Test]
    public void DecodeV3_EveryTruncationOfARealRequest_ReturnsErrorWithoutThrowing()
    {
        var datagram = NetSnmpCaptures.V3AuthPrivRequest;
        for (var length = 0; length < datagram.Length; length++)
        {
            SnmpMessageCodec.DecodeV3(datagram.AsSpan(0, length)).IsSuccess.Should().BeFalse($"{length} octets");
        }
    }
}
