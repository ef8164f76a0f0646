using System.Buffers;
using System.Net;
using Alpi.Protocols.Radius;

namespace Alpi.Protocols.Tests.Radius;

public class RadiusPacketWriterTests
{
    [Test]
    public void Encode_DecodedRfc2865AccessAccept_ReproducesTheBytes()
    {
        RadiusPacketReader.TryDecode(RadiusCaptures.Rfc2865AccessAccept, out var packet, out _).Should().BeTrue();

        RadiusPacketWriter.Encode(packet!).Should().Equal(RadiusCaptures.Rfc2865AccessAccept);
    }

    [Test]
    public void Encode_ThenDecode_RoundTripsStandardAndVendorAttributes()
    {
        var packet = new RadiusPacket(RadiusCode.AccessAccept, 7, new byte[16],
        [
            RadiusAttribute.FromUInt32(RadiusAttributeType.SessionTimeout, 3600),
            RadiusAttribute.FromIPv4(RadiusAttributeType.NasIpAddress, IPAddress.Parse("10.0.0.1")),
            RadiusAttribute.VendorUInt32(14122, 8, 2_000_000),
            RadiusAttribute.VendorString(14559, 9, "http://example.org/"),
            RadiusAttribute.FromString(RadiusAttributeType.Class, "grp-1"),
        ]);

        var bytes = RadiusPacketWriter.Encode(packet);
        RadiusPacketReader.TryDecode(bytes, out var decoded, out _).Should().BeTrue();

        decoded.Should().Be(packet);
    }

    [Test]
    public void Encode_600OctetEapMessage_IsSplitIntoThreeAttributes()
    {
        var value = Enumerable.Range(0, 600).Select(i => (byte)i).ToArray();
        var packet = new RadiusPacket(RadiusCode.AccessChallenge, 1, new byte[16],
            [RadiusAttribute.Create(RadiusAttributeType.EapMessage, value)]);

        var bytes = RadiusPacketWriter.Encode(packet);
        RadiusPacketReader.TryDecode(bytes, out var decoded, out _).Should().BeTrue();

        bytes.Length.Should().Be(20 + 600 + (3 * 2));
        decoded!.Attributes.Select(a => a.Value.Length).Should().Equal(253, 253, 94);
        decoded.Concatenate(RadiusAttributeType.EapMessage).Should().Equal(value);
    }

    [Test]
    public void Encode_600OctetVendorValue_IsSplitIntoThreeVendorSpecificAttributes()
    {
        var value = Enumerable.Range(0, 600).Select(i => (byte)i).ToArray();
        var packet = new RadiusPacket(RadiusCode.AccessAccept, 1, new byte[16], [RadiusAttribute.Vendor(14559, 6, value)]);

        var bytes = RadiusPacketWriter.Encode(packet);
        RadiusPacketReader.TryDecode(bytes, out var decoded, out _).Should().BeTrue();

        decoded!.Attributes.Select(a => a.Value.Length).Should().Equal(247, 247, 106);
        decoded.Attributes.Should().OnlyContain(a => a.VendorId == 14559 && a.VendorType == 6);
        decoded.Attributes.SelectMany(a => a.Value.ToArray()).Should().Equal(value);
    }

    [Test]
    public void TryEncode_PacketAbove4096Octets_ReturnsFalse()
    {
        var packet = new RadiusPacket(RadiusCode.AccessAccept, 1, new byte[16],
            [RadiusAttribute.Create(RadiusAttributeType.Class, new byte[4100])]);

        RadiusPacketWriter.TryEncode(packet, new byte[8192], out _).Should().BeFalse();
    }

    [Test]
    public void Encode_IntoBufferWriter_AdvancesByTheLength()
    {
        var output = new ArrayBufferWriter<byte>();
        RadiusPacketReader.TryDecode(RadiusCaptures.RadclientPap, out var packet, out _).Should().BeTrue();

        RadiusPacketWriter.Encode(packet!, output);

        output.WrittenSpan.ToArray().Should().Equal(RadiusCaptures.RadclientPap);
    }
}
