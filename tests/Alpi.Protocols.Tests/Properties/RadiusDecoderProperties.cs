using System.Net;
using System.Text;
using Alpi.Protocols.Radius;
using Alpi.Protocols.Tests.Radius;
using Alpi.Testing.Hostile;
using CsCheck;

namespace Alpi.Protocols.Tests.Properties;

/// <summary>
/// Hostile input for the RADIUS decoder (<see cref="RadiusPacketReader.TryDecode"/>, documented to return an error
/// value and never throw) and the checks the server runs on what it decodes (<see cref="RadiusCrypto"/>: results as
/// values): random octets, real packets mutated (bit flips, truncation, lies in the header Length, attribute Lengths
/// and vendor lengths), bombs of tiny attributes, then round trips. Fixed PCG states: every run tries the same inputs.
/// </summary>
[TestFixture]
public sealed class RadiusDecoderProperties
{
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes(RadiusCaptures.RadclientSecret);

    private static readonly IReadOnlyList<byte[]> Seeds =
    [
        RadiusCaptures.Rfc2865AccessRequest, RadiusCaptures.Rfc2865AccessAccept, RadiusCaptures.RadclientPap,
        RadiusCaptures.RadclientChap, RadiusCaptures.RadclientAccountingStart, AcceptWithVendorAttributes(), CoaRequestWithEap(),
    ];

    [Test]
    public void TryDecode_RandomOctets_ReturnsAPacketOrAnError()
    {
        // Half pure noise, half noise behind a header whose Length is within the datagram.
        var gen = Gen.OneOf(
            Gen.Byte.Array[0, 300],
            Gen.Select(Gen.Byte, Gen.Byte.Array[0, 280], (code, rest) =>
            {
                var packet = new byte[20 + rest.Length];
                packet[0] = code;
                packet[2] = (byte)(packet.Length >> 8);
                packet[3] = (byte)packet.Length;
                rest.CopyTo(packet, 20);
                return packet;
            }));

        PropertyRun.Check(gen, state: 0xAD_0001, count: 20_000, DecodesOrReportsAnError, PropertyRun.Hex);
    }

    [Test]
    public void TryDecode_MutatedRealPackets_ReturnsAPacketOrAnError()
    {
        PropertyRun.Check(Mutated.From(Seeds, RadiusFormat.Instance), state: 0xAD_0002, count: 40_000, DecodesOrReportsAnError, PropertyRun.Hex);
    }

    [Test]
    public void TryDecode_AttributeBombsAndLyingHeaders_ReturnsWithoutBlowingUp()
    {
        PropertyRun.Check(Bombs.Radius, state: 0xAD_0003, count: 5_000, DecodesOrReportsAnError, PropertyRun.Hex);
    }

    [Test]
    public void EncodeOfDecode_OfMutatedPackets_IsStable()
    {
        PropertyRun.Check(Mutated.From(Seeds, RadiusFormat.Instance, maxMutations: 2), state: 0xAD_0004, count: 30_000, datagram =>
        {
            if (!RadiusPacketReader.TryDecode(datagram, out var packet, out _))
            {
                return;
            }

            var buffer = new byte[RadiusPacket.MaxLength];
            if (!RadiusPacketWriter.TryEncode(packet, buffer, out var written))
            {
                // Documented: a packet whose vendor sub-attributes each need their own Vendor-Specific may outgrow 4096 octets.
                RadiusPacketWriter.GetEncodedLength(packet).Should().BeGreaterThan(RadiusPacket.MaxLength);
                return;
            }

            var encoded = buffer[..written];
            RadiusPacketReader.TryDecode(encoded, out var again, out var error).Should().BeTrue(error.ToString());
            again.Should().Be(packet);
            RadiusPacketWriter.Encode(again!).Should().Equal(encoded);
        }, PropertyRun.Hex);
    }

    [Test]
    public void DecodeOfEncode_GeneratedPackets_GivesTheSamePacket()
    {
        var attribute = Gen.OneOf(
            Gen.Select(Gen.Byte.Where(t => t != RadiusAttributeType.VendorSpecific), Gen.Byte.Array[0, RadiusAttribute.MaxValueLength], (t, v) => RadiusAttribute.Create(t, v)),
            Gen.Select(Gen.UInt, Gen.Byte, Gen.Byte.Array[0, RadiusAttribute.MaxVendorValueLength], (id, t, v) => RadiusAttribute.Vendor(id, t, v)));
        var gen = Gen.Select(Gen.Byte, Gen.Byte, Gen.Byte.Array[16], attribute.Array[0, 14],
            (code, id, authenticator, attributes) => new RadiusPacket((RadiusCode)code, id, authenticator, attributes));

        PropertyRun.Check(gen, state: 0xAD_0005, count: 20_000, packet =>
        {
            var encoded = RadiusPacketWriter.Encode(packet);
            RadiusPacketReader.TryDecode(encoded, out var decoded, out var error).Should().BeTrue(error.ToString());
            decoded.Should().Be(packet);
        }, p => string.Join(", ", p.Attributes));
    }

    /// <summary>TryDecode's contract, then what the server does with a decoded packet: authenticators, password, CHAP, dictionary.</summary>
    internal static void DecodesOrReportsAnError(byte[] datagram)
    {
        var decoded = RadiusPacketReader.TryDecode(datagram, out var packet, out var error);
        decoded.Should().Be(packet is not null);
        (error == RadiusDecodeError.None).Should().Be(decoded);
        Enum.IsDefined(error).Should().BeTrue();

        // The Message-Authenticator check runs on the raw datagram: "Malformed" is its documented answer to broken framing.
        Enum.IsDefined(RadiusCrypto.VerifyMessageAuthenticator(datagram, Secret, default)).Should().BeTrue();
        Enum.IsDefined(RadiusCrypto.VerifyMessageAuthenticator(datagram, Secret, new byte[16])).Should().BeTrue();
        if (packet is null)
        {
            return;
        }

        RadiusCrypto.VerifyRequestAuthenticator(datagram, Secret);
        RadiusCrypto.VerifyResponseAuthenticator(datagram, new byte[16], Secret);
        RadiusCrypto.VerifyChapPassword(packet, "p"u8);
        _ = packet.Concatenate(RadiusAttributeType.EapMessage).Length + packet.Concatenate(RadiusAttributeType.ProxyState).Length;
        if (packet.Find(RadiusAttributeType.UserPassword) is { } password)
        {
            var plain = new byte[password.Value.Length];
            var unhidden = RadiusCrypto.TryUnhidePassword(password.Value.Span, Secret, packet.Authenticator.Span, plain, out var written, out var passwordError);
            unhidden.Should().Be(passwordError == RadiusPasswordError.None);
            written.Should().BeInRange(0, plain.Length);
        }

        foreach (var attribute in packet.Attributes)
        {
            _ = attribute.ToString() + attribute.GetString() + RadiusDictionary.Describe(attribute);
            attribute.TryGetUInt32(out _);
        }
    }

    private static byte[] AcceptWithVendorAttributes()
    {
        var packet = new RadiusPacket(RadiusCode.AccessAccept, 9, new byte[16],
        [
            RadiusAttribute.FromUInt32(RadiusAttributeType.SessionTimeout, 7200),
            RadiusAttribute.FromString(18, /* Reply-Message */ "Bienvenue sur Cigale"),
            RadiusAttribute.VendorUInt32(RadiusDictionary.WisprVendorId, 7, 2_000_000),
            RadiusAttribute.VendorUInt32(RadiusDictionary.WisprVendorId, 8, 500_000),
            RadiusAttribute.VendorUInt32(RadiusDictionary.ChilliSpotVendorId, 3, 1_000_000_000),
            RadiusAttribute.Create(RadiusAttributeType.Class, "alpi:42:1"u8),
            RadiusAttribute.Create(RadiusAttributeType.ProxyState, [1, 2, 3]),
            RadiusAttribute.Create(RadiusAttributeType.MessageAuthenticator, new byte[16]),
        ]);
        var encoded = RadiusPacketWriter.Encode(packet);
        RadiusCrypto.TrySetMessageAuthenticator(encoded, Secret, new byte[16]);
        return encoded;
    }

    private static byte[] CoaRequestWithEap() => RadiusPacketWriter.Encode(new RadiusPacket(RadiusCode.CoaRequest, 3, new byte[16],
    [
        RadiusAttribute.FromString(RadiusAttributeType.UserName, "alice@example.org"),
        RadiusAttribute.FromIPv4(RadiusAttributeType.NasIpAddress, IPAddress.Parse("192.0.2.10")),
        RadiusAttribute.Create(RadiusAttributeType.EapMessage, Enumerable.Repeat((byte)0xEA, 300).ToArray()),
        RadiusAttribute.Create(RadiusAttributeType.MessageAuthenticator, new byte[16]),
    ]));
}
