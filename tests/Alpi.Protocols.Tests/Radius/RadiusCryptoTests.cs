using System.Text;
using Alpi.Protocols.Radius;

namespace Alpi.Protocols.Tests.Radius;

public class RadiusCryptoTests
{
    private static readonly byte[] Rfc2865Secret = Encoding.ASCII.GetBytes(RadiusCaptures.Rfc2865Secret);
    private static readonly byte[] RadclientSecret = Encoding.ASCII.GetBytes(RadiusCaptures.RadclientSecret);

    [Test]
    public void HidePassword_Rfc2865Example_GivesTheHiddenValueOfSection7_1()
    {
        var request = Decode(RadiusCaptures.Rfc2865AccessRequest);

        var hidden = RadiusCrypto.HidePassword("arctangent"u8, Rfc2865Secret, request.Authenticator.Span);

        hidden.Should().Equal(request.Find(RadiusAttributeType.UserPassword)!.Value.ToArray());
        Convert.ToHexString(hidden).Should().Be("0DBE708D93D413CE3196E43F782A0AEE");
    }

    [Test]
    public void TryUnhidePassword_Rfc2865Example_ReturnsArctangent()
    {
        var request = Decode(RadiusCaptures.Rfc2865AccessRequest);
        var destination = new byte[128];

        RadiusCrypto.TryUnhidePassword(request.Find(RadiusAttributeType.UserPassword)!.Value.Span, Rfc2865Secret,
            request.Authenticator.Span, destination, out var written, out var error).Should().BeTrue();

        error.Should().Be(RadiusPasswordError.None);
        Encoding.ASCII.GetString(destination, 0, written).Should().Be("arctangent");
    }

    [Test]
    public void TryUnhidePassword_RadclientPap_ReturnsP()
    {
        var request = Decode(RadiusCaptures.RadclientPap);
        var destination = new byte[16];

        RadiusCrypto.TryUnhidePassword(request.Find(RadiusAttributeType.UserPassword)!.Value.Span, RadclientSecret,
            request.Authenticator.Span, destination, out var written, out _).Should().BeTrue();

        Encoding.ASCII.GetString(destination, 0, written).Should().Be("p");
    }

    // 1, 16 (one full block, no padding), 17 (two blocks), 128 (the maximum, 8 blocks).
    [TestCase(1)]
    [TestCase(16)]
    [TestCase(17)]
    [TestCase(128)]
    public void HidePassword_ThenUnhide_RoundTrips(int length)
    {
        var password = Enumerable.Range(1, length).Select(i => (byte)('a' + (i % 26))).ToArray();
        var authenticator = Enumerable.Range(0, 16).Select(i => (byte)(i * 7)).ToArray();
        var hidden = RadiusCrypto.HidePassword(password, RadclientSecret, authenticator);
        var destination = new byte[128];

        RadiusCrypto.TryUnhidePassword(hidden, RadclientSecret, authenticator, destination, out var written, out _).Should().BeTrue();

        hidden.Length.Should().Be((length + 15) / 16 * 16);
        destination.AsSpan(0, written).ToArray().Should().Equal(password);
    }

    // Empty value.
    [TestCase(0, RadiusPasswordError.LengthNotMultipleOf16)]
    // Not padded to 16 (a NAS that forgot the padding).
    [TestCase(10, RadiusPasswordError.LengthNotMultipleOf16)]
    // 17 octets.
    [TestCase(17, RadiusPasswordError.LengthNotMultipleOf16)]
    // 144 octets: beyond the 128 of RFC 2865 §5.2.
    [TestCase(144, RadiusPasswordError.TooLong)]
    public void TryUnhidePassword_BadLength_ReturnsError(int length, RadiusPasswordError expected)
    {
        var ok = RadiusCrypto.TryUnhidePassword(new byte[length], RadclientSecret, new byte[16], new byte[256], out _, out var error);

        ok.Should().BeFalse();
        error.Should().Be(expected);
    }

    [TestCase(0)]
    [TestCase(129)]
    public void HidePassword_LengthOutOfRange_Throws(int length)
    {
        var act = () => RadiusCrypto.HidePassword(new byte[length], RadclientSecret, new byte[16]);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Test]
    public void VerifyResponseAuthenticator_Rfc2865AccessAccept_IsValid()
    {
        var request = Decode(RadiusCaptures.Rfc2865AccessRequest);

        RadiusCrypto.VerifyResponseAuthenticator(RadiusCaptures.Rfc2865AccessAccept, request.Authenticator.Span, Rfc2865Secret)
            .Should().BeTrue();
        RadiusCrypto.VerifyResponseAuthenticator(RadiusCaptures.Rfc2865AccessAccept, request.Authenticator.Span, RadclientSecret)
            .Should().BeFalse();
    }

    [Test]
    public void SetResponseAuthenticator_Rfc2865AccessAccept_ReproducesTheRfcBytes()
    {
        var request = Decode(RadiusCaptures.Rfc2865AccessRequest);
        var accept = Decode(RadiusCaptures.Rfc2865AccessAccept) with { Authenticator = new byte[16] };
        var bytes = RadiusPacketWriter.Encode(accept);

        RadiusCrypto.SetResponseAuthenticator(bytes, request.Authenticator.Span, Rfc2865Secret);

        bytes.Should().Equal(RadiusCaptures.Rfc2865AccessAccept);
    }

    [Test]
    public void VerifyRequestAuthenticator_RadclientAccountingStart_IsValid()
    {
        RadiusCrypto.VerifyRequestAuthenticator(RadiusCaptures.RadclientAccountingStart, RadclientSecret).Should().BeTrue();
        RadiusCrypto.VerifyRequestAuthenticator(RadiusCaptures.RadclientAccountingStart, "wrong"u8).Should().BeFalse();
    }

    [Test]
    public void SetRequestAuthenticator_DisconnectRequest_VerifiesAndSurvivesTampering()
    {
        var packet = new RadiusPacket(RadiusCode.DisconnectRequest, 9, new byte[16],
            [RadiusAttribute.FromString(RadiusAttributeType.AcctSessionId, "S1")]);
        var bytes = RadiusPacketWriter.Encode(packet);

        RadiusCrypto.SetRequestAuthenticator(bytes, RadclientSecret);
        RadiusCrypto.VerifyRequestAuthenticator(bytes, RadclientSecret).Should().BeTrue();

        bytes[^1] ^= 1;
        RadiusCrypto.VerifyRequestAuthenticator(bytes, RadclientSecret).Should().BeFalse();
    }

    [Test]
    public void VerifyMessageAuthenticator_RadclientPap_IsValid()
    {
        RadiusCrypto.VerifyMessageAuthenticator(RadiusCaptures.RadclientPap, RadclientSecret, default)
            .Should().Be(RadiusMessageAuthenticatorResult.Valid);
    }

    [Test]
    public void VerifyMessageAuthenticator_WrongSecretOrAlteredPacket_IsInvalid()
    {
        var altered = RadiusCaptures.RadclientPap.ToArray();
        altered[22] = (byte)'v';

        RadiusCrypto.VerifyMessageAuthenticator(RadiusCaptures.RadclientPap, "testing124"u8, default)
            .Should().Be(RadiusMessageAuthenticatorResult.Invalid);
        RadiusCrypto.VerifyMessageAuthenticator(altered, RadclientSecret, default)
            .Should().Be(RadiusMessageAuthenticatorResult.Invalid);
    }

    // _ = 16 zero octets of authenticator.
    // No Message-Authenticator (radclient CHAP request).
    [TestCase("0101002AC48D6E11A27D35FE5EC8C736BE1C383401037503133ACC97E5E331AED672BACC53CA11162D67", RadiusMessageAuthenticatorResult.Missing)]
    // Message-Authenticator of 4 octets.
    [TestCase("0101001A_500600000000", RadiusMessageAuthenticatorResult.Malformed)]
    // Attribute length 0 before it: broken framing.
    [TestCase("01010016_0000", RadiusMessageAuthenticatorResult.Malformed)]
    public void VerifyMessageAuthenticator_MissingOrMalformed_SaysSo(string hex, RadiusMessageAuthenticatorResult expected)
    {
        var bytes = Convert.FromHexString(hex.Replace("_", new string('0', 32), StringComparison.Ordinal));

        RadiusCrypto.VerifyMessageAuthenticator(bytes, RadclientSecret, default).Should().Be(expected);
    }

    [Test]
    public void TrySetMessageAuthenticator_AccessAccept_IsFirstAndCoveredByResponseAuthenticator()
    {
        // CVE-2024-3596: Message-Authenticator first in the reply, computed with the Request Authenticator, then the
        // Response Authenticator over everything.
        var request = Decode(RadiusCaptures.RadclientPap);
        var accept = new RadiusPacket(RadiusCode.AccessAccept, request.Identifier, new byte[16],
        [
            RadiusAttribute.Create(RadiusAttributeType.MessageAuthenticator, new byte[16]),
            RadiusAttribute.FromUInt32(RadiusAttributeType.SessionTimeout, 3600),
        ]);
        var bytes = RadiusPacketWriter.Encode(accept);

        RadiusCrypto.TrySetMessageAuthenticator(bytes, RadclientSecret, request.Authenticator.Span).Should().BeTrue();
        RadiusCrypto.SetResponseAuthenticator(bytes, request.Authenticator.Span, RadclientSecret);

        RadiusCrypto.VerifyMessageAuthenticator(bytes, RadclientSecret, request.Authenticator.Span)
            .Should().Be(RadiusMessageAuthenticatorResult.Valid);
        RadiusCrypto.VerifyResponseAuthenticator(bytes, request.Authenticator.Span, RadclientSecret).Should().BeTrue();
        RadiusCrypto.VerifyMessageAuthenticator(bytes, RadclientSecret, new byte[16])
            .Should().Be(RadiusMessageAuthenticatorResult.Invalid);
    }

    [Test]
    public void TrySetMessageAuthenticator_AccountingRequest_UsesZeroAuthenticatorThenRequestAuthenticatorCoversIt()
    {
        var packet = new RadiusPacket(RadiusCode.AccountingRequest, 3, new byte[16],
        [
            RadiusAttribute.FromUInt32(RadiusAttributeType.AcctStatusType, 1),
            RadiusAttribute.Create(RadiusAttributeType.MessageAuthenticator, new byte[16]),
        ]);
        var bytes = RadiusPacketWriter.Encode(packet);

        RadiusCrypto.TrySetMessageAuthenticator(bytes, RadclientSecret, default).Should().BeTrue();
        RadiusCrypto.SetRequestAuthenticator(bytes, RadclientSecret);

        RadiusCrypto.VerifyRequestAuthenticator(bytes, RadclientSecret).Should().BeTrue();
        RadiusCrypto.VerifyMessageAuthenticator(bytes, RadclientSecret, default).Should().Be(RadiusMessageAuthenticatorResult.Valid);
    }

    [Test]
    public void VerifyChapPassword_RadclientChapWithoutChallenge_UsesRequestAuthenticator()
    {
        var request = Decode(RadiusCaptures.RadclientChap);

        request.Find(RadiusAttributeType.ChapChallenge).Should().BeNull();
        RadiusCrypto.VerifyChapPassword(request, "p"u8).Should().BeTrue();
        RadiusCrypto.VerifyChapPassword(request, "q"u8).Should().BeFalse();
    }

    [Test]
    public void VerifyChapPassword_WithChapChallenge_UsesTheChallenge()
    {
        var challenge = Enumerable.Range(0, 16).Select(i => (byte)(0xA0 + i)).ToArray();
        var response = new byte[17];
        response[0] = 42;
        RadiusCrypto.ComputeChapResponse(42, "secret"u8, challenge, response.AsSpan(1));
        var request = new RadiusPacket(RadiusCode.AccessRequest, 1, new byte[16],
        [
            RadiusAttribute.Create(RadiusAttributeType.ChapPassword, response),
            RadiusAttribute.Create(RadiusAttributeType.ChapChallenge, challenge),
        ]);

        RadiusCrypto.VerifyChapPassword(request, "secret"u8).Should().BeTrue();
        RadiusCrypto.VerifyChapPassword(response, "secret"u8, new byte[16]).Should().BeFalse();
    }

    // Empty, 16 octets (Ident missing) and 18 octets.
    [TestCase(0)]
    [TestCase(16)]
    [TestCase(18)]
    public void VerifyChapPassword_WrongLength_ReturnsFalse(int length)
    {
        RadiusCrypto.VerifyChapPassword(new byte[length], "p"u8, new byte[16]).Should().BeFalse();
    }

    [Test]
    public void MessageAuthenticators_OfTwoNasSecretsInTurn_OnOneThread_AreEachTheirOwn()
    {
        // Each thread keeps one HMAC-MD5 context for the last secret used: switching secrets must never mix them.
        var capture = RadiusCaptures.RadclientPap;
        var other = Encoding.ASCII.GetBytes("another-secret");
        for (var round = 0; round < 3; round++)
        {
            RadiusCrypto.VerifyMessageAuthenticator(capture, RadclientSecret, default).Should().Be(RadiusMessageAuthenticatorResult.Valid);
            RadiusCrypto.VerifyMessageAuthenticator(capture, other, default).Should().Be(RadiusMessageAuthenticatorResult.Invalid);
        }

        var signed = (byte[])capture.Clone();
        RadiusCrypto.TrySetMessageAuthenticator(signed, other, default).Should().BeTrue();
        RadiusCrypto.VerifyMessageAuthenticator(signed, other, default).Should().Be(RadiusMessageAuthenticatorResult.Valid);
        RadiusCrypto.VerifyMessageAuthenticator(signed, RadclientSecret, default).Should().Be(RadiusMessageAuthenticatorResult.Invalid);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "The reference MD5 and HMAC-MD5 that RADIUS requires.")]
    [TestCase(1)]
    [TestCase(16)]
    [TestCase(63)]
    [TestCase(64)]
    [TestCase(65)]
    [TestCase(200)]
    public void Authenticators_AgreeWithThePlatformsMd5AndHmacMd5_ForSecretsOfEveryLength(int secretLength)
    {
        // The managed MD5 against .NET's (OpenSSL's) on the same octets: secrets shorter than, equal to and longer than
        // HMAC's 64-octet block (a longer key is hashed first, RFC 2104 §2), packets of one to several MD5 blocks.
        var random = new Random(secretLength);
        var secret = new byte[secretLength];
        random.NextBytes(secret);
        foreach (var attributesLength in new[] { 0, 40, 300 })
        {
            var packet = new byte[RadiusPacket.HeaderLength + attributesLength + 18];
            random.NextBytes(packet);
            packet[0] = (byte)RadiusCode.AccessAccept;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
            // Attributes: Class attributes of up to 150 octets filling the space (when any), then the Message-Authenticator.
            for (var offset = 0; offset < attributesLength; offset += 150)
            {
                packet[RadiusPacket.HeaderLength + offset] = RadiusAttributeType.Class;
                packet[RadiusPacket.HeaderLength + offset + 1] = (byte)Math.Min(150, attributesLength - offset);
            }

            var at = RadiusPacket.HeaderLength + attributesLength;
            packet[at] = RadiusAttributeType.MessageAuthenticator;
            packet[at + 1] = 18;
            var requestAuthenticator = new byte[16];
            random.NextBytes(requestAuthenticator);

            RadiusCrypto.TrySetMessageAuthenticator(packet, secret, requestAuthenticator).Should().BeTrue();
            var zeroed = (byte[])packet.Clone();
            requestAuthenticator.CopyTo(zeroed, 4);
            Array.Clear(zeroed, at + 2, 16);
            packet.AsSpan(at + 2, 16).ToArray().Should().Equal(System.Security.Cryptography.HMACMD5.HashData(secret, zeroed));

            RadiusCrypto.SetResponseAuthenticator(packet, requestAuthenticator, secret);
            var signed = (byte[])packet.Clone();
            requestAuthenticator.CopyTo(signed, 4);
            packet.AsSpan(4, 16).ToArray().Should().Equal(System.Security.Cryptography.MD5.HashData([.. signed, .. secret]));
        }
    }

    private static RadiusPacket Decode(byte[] datagram)
    {
        RadiusPacketReader.TryDecode(datagram, out var packet, out var error).Should().BeTrue(error.ToString());
        return packet!;
    }
}
