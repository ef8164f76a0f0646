using System.Text;
using Alpi.Protocols.Radius;

namespace Alpi.Protocols.Tests.Radius;

public class RadiusPacketReaderTests
{
    [Test]
    public void TryDecode_Rfc2865AccessRequest_ReturnsHeaderAndAttributesInOrder()
    {
        RadiusPacketReader.TryDecode(RadiusCaptures.Rfc2865AccessRequest, out var packet, out var error).Should().BeTrue();

        error.Should().Be(RadiusDecodeError.None);
        packet!.Code.Should().Be(RadiusCode.AccessRequest);
        packet.Identifier.Should().Be(0);
        Convert.ToHexString(packet.Authenticator.Span).Should().Be("0F403F9473978057BD83D5CB98F4227A");
        packet.Attributes.Select(a => a.Type).Should().Equal(1, 2, 4, 5);
        packet.Find(RadiusAttributeType.UserName)!.GetString().Should().Be("nemo");
        packet.Find(RadiusAttributeType.UserPassword)!.Value.Length.Should().Be(16);
        Convert.ToHexString(packet.Find(RadiusAttributeType.NasIpAddress)!.Value.Span).Should().Be("C0A80110");
        packet.Find(RadiusAttributeType.NasPort)!.TryGetUInt32(out var port).Should().BeTrue();
        port.Should().Be(3);
    }

    [Test]
    public void TryDecode_RadclientAccountingStart_ReturnsAttributes()
    {
        RadiusPacketReader.TryDecode(RadiusCaptures.RadclientAccountingStart, out var packet, out _).Should().BeTrue();

        packet!.Code.Should().Be(RadiusCode.AccountingRequest);
        packet.Identifier.Should().Be(69);
        packet.Find(RadiusAttributeType.AcctStatusType)!.TryGetUInt32(out var status).Should().BeTrue();
        status.Should().Be(1);
        packet.Find(RadiusAttributeType.AcctSessionId)!.GetString().Should().Be("0123456789ABCDEF");
    }

    // Codes outside RFC 2865/2866/5176 are decoded and kept as numbers; rejecting them is the server's decision.
    // 255: reserved (RFC 3575 §2.1).
    [TestCase(255)]
    // 250: experimental use (RFC 3575 §2.1).
    [TestCase(250)]
    public void TryDecode_UnknownCode_KeepsTheNumber(int code)
    {
        var datagram = RadiusCaptures.RadclientChap.ToArray();
        datagram[0] = (byte)code;

        RadiusPacketReader.TryDecode(datagram, out var packet, out _).Should().BeTrue();

        ((int)packet!.Code).Should().Be(code);
    }

    [Test]
    public void TryDecode_ExtraOctetsBeyondLength_AreIgnored()
    {
        var datagram = RadiusCaptures.RadclientChap.Concat(new byte[] { 0x01, 0x00, 0xFF }).ToArray();

        RadiusPacketReader.TryDecode(datagram, out var packet, out _).Should().BeTrue();

        packet!.Attributes.Should().HaveCount(2);
    }

    [Test]
    public void TryDecode_VendorSpecificWithTwoSubAttributes_ReturnsBoth()
    {
        // RFC 2865 §5.26 allows several sub-attributes in one Vendor-Specific: WISPr-Bandwidth-Max-Up 1000 and -Down 2000.
        var datagram = Convert.FromHexString("02010026" + new string('0', 32) + "1A120000372A" + "0706000003E8" + "0806000007D0");

        RadiusPacketReader.TryDecode(datagram, out var packet, out var error).Should().BeTrue(error.ToString());

        packet!.Attributes.Should().Equal(
            RadiusAttribute.VendorUInt32(14122, 7, 1000),
            RadiusAttribute.VendorUInt32(14122, 8, 2000));
        packet.FindVendor(14122, 8)!.TryGetUInt32(out var down).Should().BeTrue();
        down.Should().Be(2000);
    }

    // Header: 20 octets of Code, Identifier, Length and Authenticator; _ = 16 zero octets of authenticator.
    // Shorter than the header.
    [TestCase("01000014", RadiusDecodeError.DatagramTooShort)]
    // Empty datagram.
    [TestCase("", RadiusDecodeError.DatagramTooShort)]
    // Length 19, below the minimum of 20.
    [TestCase("01000013_", RadiusDecodeError.LengthOutOfRange)]
    // Length 0.
    [TestCase("01000000_", RadiusDecodeError.LengthOutOfRange)]
    // Length 4097, above the maximum of 4096.
    [TestCase("01001001_", RadiusDecodeError.LengthOutOfRange)]
    // Length 0xFFFF.
    [TestCase("0100FFFF_", RadiusDecodeError.LengthOutOfRange)]
    // Length 24 but only 20 octets received: RFC 2865 §3 says discard.
    [TestCase("01000018_", RadiusDecodeError.LengthBeyondDatagram)]
    // Attribute length 0 (would loop forever in a naive parser).
    [TestCase("01000016_0100", RadiusDecodeError.AttributeTooShort)]
    // Attribute length 1.
    [TestCase("01000016_0101", RadiusDecodeError.AttributeTooShort)]
    // One octet left after a valid attribute: no room for a header.
    [TestCase("01000018_010375FF", RadiusDecodeError.AttributeTooShort)]
    // Attribute length 10 with only 4 octets in the packet.
    [TestCase("01000018_010A7575", RadiusDecodeError.AttributeOverrun)]
    // Attribute overrunning the Length field although the datagram holds more octets.
    [TestCase("01000018_0106757575757575", RadiusDecodeError.AttributeOverrun)]
    // Vendor-Specific with only 3 octets of Vendor-Id.
    [TestCase("01000019_1A05000037", RadiusDecodeError.VendorSpecificMalformed)]
    // Vendor-Specific with a Vendor-Id and nothing else.
    [TestCase("0100001A_1A060000372A", RadiusDecodeError.VendorSpecificMalformed)]
    // Vendor sub-attribute length 1.
    [TestCase("0100001C_1A080000372A0701", RadiusDecodeError.VendorSpecificMalformed)]
    // Vendor sub-attribute length 9 running past its Vendor-Specific attribute.
    [TestCase("0100001E_1A0A0000372A07090000", RadiusDecodeError.VendorSpecificMalformed)]
    public void TryDecode_MalformedDatagram_ReturnsErrorWithoutThrowing(string hex, RadiusDecodeError expected)
    {
        var datagram = Convert.FromHexString(hex.Replace("_", new string('0', 32), StringComparison.Ordinal));

        var ok = RadiusPacketReader.TryDecode(datagram, out var packet, out var error);

        ok.Should().BeFalse();
        packet.Should().BeNull();
        error.Should().Be(expected);
    }

    [Test]
    public void RadiusReader_HeaderAndAttributes_ReadWithoutDecodingToObjects()
    {
        var reader = new RadiusReader(RadiusCaptures.Rfc2865AccessRequest);

        reader.TryReadHeader(out var code, out var identifier, out var authenticator).Should().BeTrue();
        code.Should().Be(RadiusCode.AccessRequest);
        identifier.Should().Be(0);
        authenticator.Length.Should().Be(16);
        reader.TryReadAttribute(out var type, out var value, out var offset).Should().BeTrue();
        type.Should().Be(RadiusAttributeType.UserName);
        Encoding.ASCII.GetString(value).Should().Be("nemo");
        offset.Should().Be(20);
    }

    [Test]
    public void RadiusReader_ScanningAPacket_DoesNotAllocate()
    {
        var datagram = RadiusCaptures.RadclientPap;
        Scan(datagram);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var total = Scan(datagram);

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
        total.Should().Be(1 + 16 + 16);
    }

    private static int Scan(ReadOnlySpan<byte> datagram)
    {
        var reader = new RadiusReader(datagram);
        reader.TryReadHeader(out _, out _, out _);
        var total = 0;
        while (reader.TryReadAttribute(out _, out var value, out _))
        {
            total += value.Length;
        }

        return total;
    }
}
