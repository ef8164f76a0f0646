using System.Text;
using Alpi.Protocols.Snmp.V3;

namespace Alpi.Protocols.Tests.Snmp.V3;

public class UsmAuthenticationTests
{
    private static readonly byte[] EngineId = Convert.FromHexString("000000000000000000000002");
    private static readonly byte[] Message = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog");

    // Each case: protocol, msgAuthenticationParameters length (RFC 3414 §6.3.1, §7.3.1; RFC 7860 §4.2),
    // and the truncated HMAC of Message under the "maplesyrup" key localised to EngineId, computed with Python
    // hmac.new(kul, msg, hash).digest()[:length].
    [TestCase(SnmpAuthProtocol.HmacMd5_96, 12, "f0f6feddaeba11477cd7b197")]
    [TestCase(SnmpAuthProtocol.HmacSha1_96, 12, "d69c6462c5b2d160809f6575")]
    // SHA-224 is not in the BCL: this case checks our own SHA-224 and HMAC.
    [TestCase(SnmpAuthProtocol.HmacSha224_128, 16, "3d233455906ac7890aebac2586533576")]
    [TestCase(SnmpAuthProtocol.HmacSha256_192, 24, "fbef0a4916e8e388ba9057e71355ff773b581960a56ad69e")]
    [TestCase(SnmpAuthProtocol.HmacSha384_256, 32, "d0e6436a271eb196c9682fd4f76fb5964f27ae4eaa12b5b72644c51d8bd9fcc1")]
    [TestCase(SnmpAuthProtocol.HmacSha512_384, 48,
        "5ccdc708fdd0c4294056a9d2b15a7c28ffcf216f4c7c26eecbc0fdeef39c9ce3f79990fe1e972bbce14556137294e95c")]
    public void ComputeMac_IsTheTruncatedHmac(SnmpAuthProtocol protocol, int length, string expected)
    {
        var key = UsmKeys.LocalizedAuthKey(protocol, "maplesyrup", EngineId);

        var mac = UsmAuthentication.ComputeMac(protocol, key, Message);

        UsmAuthentication.AuthParamsLength(protocol).Should().Be(length);
        mac.Should().HaveCount(length);
        Convert.ToHexStringLower(mac).Should().Be(expected);
        UsmAuthentication.Verify(protocol, key, Message, mac).Should().Be(UsmError.None);
    }

    [Test]
    public void AuthParamsLength_None_IsZero()
    {
        UsmAuthentication.AuthParamsLength(SnmpAuthProtocol.None).Should().Be(0);
    }

    // Each case: protocol, and the bit flipped (octet index, bit mask) in the message or in the MAC.
    [TestCase(SnmpAuthProtocol.HmacMd5_96, 0, 0x01)]
    [TestCase(SnmpAuthProtocol.HmacSha1_96, 42, 0x80)]
    [TestCase(SnmpAuthProtocol.HmacSha224_128, 7, 0x10)]
    [TestCase(SnmpAuthProtocol.HmacSha256_192, 20, 0x02)]
    [TestCase(SnmpAuthProtocol.HmacSha384_256, 3, 0x40)]
    [TestCase(SnmpAuthProtocol.HmacSha512_384, 11, 0x08)]
    public void Verify_OneBitChanged_IsWrongDigest(SnmpAuthProtocol protocol, int octet, int mask)
    {
        var key = UsmKeys.LocalizedAuthKey(protocol, "maplesyrup", EngineId);
        var mac = UsmAuthentication.ComputeMac(protocol, key, Message);
        var tamperedMessage = (byte[])Message.Clone();
        tamperedMessage[octet] ^= (byte)mask;
        var tamperedMac = (byte[])mac.Clone();
        tamperedMac[octet % mac.Length] ^= (byte)mask;
        var tamperedKey = (byte[])key.Clone();
        tamperedKey[octet % key.Length] ^= (byte)mask;

        UsmAuthentication.Verify(protocol, key, tamperedMessage, mac).Should().Be(UsmError.WrongDigest);
        UsmAuthentication.Verify(protocol, key, Message, tamperedMac).Should().Be(UsmError.WrongDigest);
        UsmAuthentication.Verify(protocol, tamperedKey, Message, mac).Should().Be(UsmError.WrongDigest);
    }

    // Each case: protocol and a received msgAuthenticationParameters length that is not its own.
    // Empty: an authNoPriv message answered without a MAC.
    [TestCase(SnmpAuthProtocol.HmacSha1_96, 0)]
    // 11 octets: one short.
    [TestCase(SnmpAuthProtocol.HmacMd5_96, 11)]
    // 20 octets: the untruncated SHA-1 HMAC.
    [TestCase(SnmpAuthProtocol.HmacSha1_96, 20)]
    // 12 octets for SHA-256: a peer configured with SHA-1 against a SHA-256 user.
    [TestCase(SnmpAuthProtocol.HmacSha256_192, 12)]
    public void Verify_WrongLength_IsWrongAuthenticationParametersLength(SnmpAuthProtocol protocol, int length)
    {
        var key = UsmKeys.LocalizedAuthKey(protocol, "maplesyrup", EngineId);

        UsmAuthentication.Verify(protocol, key, Message, new byte[length])
            .Should().Be(UsmError.WrongAuthenticationParametersLength);
    }

    // Each case: protocol; the MAC field sits at octet 10 of a 64-octet message.
    [TestCase(SnmpAuthProtocol.HmacMd5_96)]
    [TestCase(SnmpAuthProtocol.HmacSha512_384)]
    public void Sign_ThenVerifyInPlace_RoundTripsAndRestoresTheField(SnmpAuthProtocol protocol)
    {
        var key = UsmKeys.LocalizedAuthKey(protocol, "maplesyrup", EngineId);
        var message = Enumerable.Range(0, 64).Select(i => (byte)(i * 7)).ToArray();
        var length = UsmAuthentication.AuthParamsLength(protocol);

        UsmAuthentication.Sign(protocol, key, message, 10);
        var signed = (byte[])message.Clone();
        var zeroed = (byte[])message.Clone();
        Array.Clear(zeroed, 10, length);

        signed.AsSpan(10, length).ToArray().Should().Equal(UsmAuthentication.ComputeMac(protocol, key, zeroed));
        UsmAuthentication.VerifyInPlace(protocol, key, message, 10, length).Should().Be(UsmError.None);
        message.Should().Equal(signed);
        message[40] ^= 1;
        UsmAuthentication.VerifyInPlace(protocol, key, message, 10, length).Should().Be(UsmError.WrongDigest);
    }

    [Test]
    public void ComputeMac_None_Throws()
    {
        var act = () => UsmAuthentication.ComputeMac(SnmpAuthProtocol.None, [], Message);

        act.Should().Throw<ArgumentException>();
    }
}
