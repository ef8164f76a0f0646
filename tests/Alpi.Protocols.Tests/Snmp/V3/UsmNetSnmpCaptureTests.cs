using System.Text;
using Alpi.Protocols.Snmp.V3;

namespace Alpi.Protocols.Tests.Snmp.V3;

/// <summary>
/// Responses captured from net-snmp 5.9.3 (Debian snmpd, "engineID alpitest", "sysName alpi-usm-test", users created
/// with "createUser NAME AUTH maplesyrup PRIV maplesyrup") to "snmpget -d -v3 -l authPriv ... 1.3.6.1.2.1.1.5.0".
/// The offsets of msgAuthenticationParameters and of the encrypted scopedPDU were read off the BER by hand
/// (no BER code here): the keys, MAC and ciphers alone must agree with net-snmp's.
/// </summary>
public class UsmNetSnmpCaptureTests
{
    // snmpEngineID 80001f8804616c706974657374: enterprise 8072 (net-snmp), format 4 (text), "alpitest".
    private static readonly byte[] EngineId = Convert.FromHexString("80001f8804616c706974657374");
    private static readonly byte[] SysName = Encoding.ASCII.GetBytes("alpi-usm-test");

    // Each case: auth, priv, key extension, captured response, offset and length of msgAuthenticationParameters,
    // msgPrivacyParameters, offset and length of the encrypted scopedPDU. All responses carry boots 1, time 2.
    // SHA-256 / AES-128 (user u256aes, RFC 7860 + RFC 3826): 24-octet MAC, 62-octet ciphertext.
    [TestCase(SnmpAuthProtocol.HmacSha256_192, SnmpPrivProtocol.Aes128, UsmKeyExtension.Blumenthal,
        "30819c0201033011020429e17ed4020300ffe304010302010304443042040d80001f8804616c7069746573740201010201020407753235366165730418f1577453d82415bbd261428f8b96c311a1f34cd2867d0a0d0408847c825d74d3ebea043e7e842741a41d4e5832ab5b0fdfdd123679f501957e863ca5ec0db676f6be2a18828cae667aedaacb77daa51ee6c23aa282cb96aea312bf93938375f649e0",
        61, 24, "847c825d74d3ebea", 97, 62)]
    // SHA-1 / DES (user ushades, RFC 3414): salt = boots 1 ‖ counter, ciphertext padded to 64.
    [TestCase(SnmpAuthProtocol.HmacSha1_96, SnmpPrivProtocol.Des, UsmKeyExtension.Blumenthal,
        "3081920201033011020453f97932020300ffe304010302010304383036040d80001f8804616c706974657374020101020102040775736861646573040c845903ae731f1d638940ca530408000000017ac9c01304406f93b2e6103417c8220331bde49e30c1a5f73ca2ea6222a076f6c806652e97f616247f52e2e13a5bc8a3b8d66b271e3ff255c230233abfbbebbc7a4a4586f16e",
        61, 12, "000000017ac9c013", 85, 64)]
    // SHA-1 / AES-256 (user usha256b, net-snmp "AES-256": Blumenthal extension).
    [TestCase(SnmpAuthProtocol.HmacSha1_96, SnmpPrivProtocol.Aes256, UsmKeyExtension.Blumenthal,
        "308191020103301102040d7bd36f020300ffe304010302010304393037040d80001f8804616c70697465737402010102010204087573686132353662040cf21d3524e635f5871d8b0d9f0408847c825d74d3ebeb043e4370c4d9ed0767d779a82282f10e6ced9d3752c656dc9a619a77b74c017c4e7d1e607c4b82e4763d141acfb8b8de81029e24a603fdad12a9b42418188dc3",
        62, 12, "847c825d74d3ebeb", 86, 62)]
    // MD5 / AES-256 (user umd5256c, net-snmp "AES-256-C": Reeder extension, Cisco's variant).
    [TestCase(SnmpAuthProtocol.HmacMd5_96, SnmpPrivProtocol.Aes256, UsmKeyExtension.Reeder,
        "308191020103301102044a76656e020300ffe304010302010304393037040d80001f8804616c7069746573740201010201020408756d643532353663040cc272aa6535c1d74312b3be560408847c825d74d3ebec043ef2548c64cecf2ccc98e049fddf91f457ff13d0370ec7388f532b2b141ec44cd841b2d13bc75674c21147846eef2adbc9f22485f56703053ef02dfa0536f2",
        62, 12, "847c825d74d3ebec", 86, 62)]
    public void CapturedResponse_VerifiesAndDecryptsToTheScopedPdu(
        SnmpAuthProtocol auth, SnmpPrivProtocol priv, UsmKeyExtension extension, string packetHex,
        int authOffset, int authLength, string privParamsHex, int encryptedOffset, int encryptedLength)
    {
        var packet = Convert.FromHexString(packetHex);
        var authKey = UsmKeys.LocalizedAuthKey(auth, "maplesyrup", EngineId);
        var privKey = UsmKeys.LocalizedPrivKey(auth, priv, "maplesyrup", EngineId, extension);
        var plaintext = new byte[encryptedLength];

        var authResult = UsmAuthentication.VerifyInPlace(auth, authKey, packet, authOffset, authLength);
        var privResult = UsmPrivacy.Decrypt(
            priv, privKey, 1, 2, Convert.FromHexString(privParamsHex), packet.AsSpan(encryptedOffset, encryptedLength), plaintext, out var written);

        authResult.Should().Be(UsmError.None);
        privResult.Should().Be(UsmError.None);
        written.Should().Be(encryptedLength);
        // The scopedPDU: SEQUENCE { contextEngineID, contextName, Response-PDU { ... sysName.0 = "alpi-usm-test" } }.
        plaintext[0].Should().Be(0x30);
        plaintext.AsSpan(2, EngineId.Length + 2).ToArray().Should().Equal([0x04, (byte)EngineId.Length, .. EngineId]);
        plaintext.AsSpan().IndexOf(SysName).Should().BePositive();
        var scopedPduLength = plaintext[1] + 2;
        if (priv == SnmpPrivProtocol.Des)
        {
            // RFC 3414 §8.1.1.2: padded up to the next multiple of 8.
            (encryptedLength - scopedPduLength).Should().BeInRange(0, 7);
        }
        else
        {
            // RFC 3826 §3.1.3: no padding.
            scopedPduLength.Should().Be(encryptedLength);
        }
    }

    [Test]
    public void CapturedResponse_OneBitChanged_FailsVerification()
    {
        var packet = Convert.FromHexString(
            "308191020103301102044a76656e020300ffe304010302010304393037040d80001f8804616c7069746573740201010201020408756d643532353663040cc272aa6535c1d74312b3be560408847c825d74d3ebec043ef2548c64cecf2ccc98e049fddf91f457ff13d0370ec7388f532b2b141ec44cd841b2d13bc75674c21147846eef2adbc9f22485f56703053ef02dfa0536f2");
        var authKey = UsmKeys.LocalizedAuthKey(SnmpAuthProtocol.HmacMd5_96, "maplesyrup", EngineId);
        // msgAuthoritativeEngineTime 2 becomes 3: a replay with a forged time.
        packet[49].Should().Be(0x02);
        packet[49] = 0x03;

        UsmAuthentication.VerifyInPlace(SnmpAuthProtocol.HmacMd5_96, authKey, packet, 62, 12).Should().Be(UsmError.WrongDigest);
    }
}
