using Alpi.Protocols.Snmp.V3;

namespace Alpi.Protocols.Tests.Snmp.V3;

public class UsmKeysTests
{
    // RFC 3414 A.3: password "maplesyrup", snmpEngineID 00 00 00 00 00 00 00 00 00 00 00 02.
    private static readonly byte[] EngineId = Convert.FromHexString("000000000000000000000002");

    // Each case: protocol, Ku (RFC 3414 A.2 password to key), Kul (localised to EngineId).
    // RFC 3414 A.3.1 (MD5): the RFC's own vectors.
    [TestCase(SnmpAuthProtocol.HmacMd5_96, "9faf3283884e92834ebc9847d8edd963", "526f5eed9fcce26f8964c2930787d82b")]
    // RFC 3414 A.3.2 (SHA-1): the RFC's own vectors.
    [TestCase(SnmpAuthProtocol.HmacSha1_96, "9fb5cc0381497b3793528939ff788d5d79145211", "6695febc9288e36282235fc7151f128497b38f3f")]
    // RFC 7860 gives no vectors. SHA-2 cases: computed with Python hashlib (the A.2 algorithm, 1 MiB, H(Ku ‖ engineID ‖ Ku));
    // the localised keys are also those net-snmp 5.9.3 snmpd stores in its persistent usmUser lines for
    // "createUser -e 0x000000000000000000000002 u SHA-224|SHA-256|SHA-512 maplesyrup".
    [TestCase(SnmpAuthProtocol.HmacSha224_128, "282a5867ee9aac639ad59df9572c7d3ac0fbc13a905b6df07dbbf00b",
        "0bd8827c6e29f8065e08e09237f177e410f69b90e1782be682075674")]
    [TestCase(SnmpAuthProtocol.HmacSha256_192, "ab51014d1e077f6017df2b12bee5f5aa72993177e9bb569c4dff5a4ca0b4afac",
        "8982e0e549e866db361a6b625d84cccc11162d453ee8ce3a6445c2d6776f0f8b")]
    // SHA-384: Python hashlib only (net-snmp was not asked for this one).
    [TestCase(SnmpAuthProtocol.HmacSha384_256,
        "e06eccdf2c68a06ed034723c9c26e0db3b669e1e2efed49150b55377a2e98f383c86fb836857444654b287c93f51ff64",
        "3b298f16164a11184279d5432bf169e2d2a48307de02b3d3f7e2b4f36eb6f0455a53689a3937eea07319a633d2ccba78")]
    [TestCase(SnmpAuthProtocol.HmacSha512_384,
        "7e4396de5aadc77be853819b98c9406265b3a9c37cc3176569847a4e4f6fba63dd3a73d04924d31a63f95a601f9385af6be4ed1b37f87d040f7c6ed6f8d38a91",
        "22a5a36cedfcc085807a128d7bc6c2382167ad6c0dbc5fdff856740f3d84c099ad1ea87a8db096714d9788bd544047c9021e4229ce27e4c0a69250adfcffbb0b")]
    public void PasswordToKey_Maplesyrup_GivesTheReferenceKuAndKul(SnmpAuthProtocol protocol, string ku, string kul)
    {
        var key = UsmKeys.PasswordToKey(protocol, "maplesyrup");

        Convert.ToHexStringLower(key).Should().Be(ku);
        Convert.ToHexStringLower(UsmKeys.Localize(protocol, key, EngineId)).Should().Be(kul);
        Convert.ToHexStringLower(UsmKeys.LocalizedAuthKey(protocol, "maplesyrup", EngineId)).Should().Be(kul);
        UsmKeys.AuthKeyLength(protocol).Should().Be(kul.Length / 2);
    }

    // Each case: a password net-snmp refuses, and the rule the message must name.
    // Empty: nothing to repeat to 1 MiB.
    [TestCase("", "must not be empty")]
    // Seven octets: one below net-snmp's USM_LENGTH_P_MIN.
    [TestCase("1234567", "at least 8 octets")]
    // One character: the typical typo.
    [TestCase("x", "at least 8 octets")]
    public void PasswordToKey_TooShortPassword_ThrowsNamingTheRule(string password, string rule)
    {
        var act = () => UsmKeys.PasswordToKey(SnmpAuthProtocol.HmacSha1_96, password);

        act.Should().Throw<ArgumentException>().WithMessage($"*{rule}*").Which.ParamName.Should().Be("password");
    }

    [Test]
    public void PasswordToKey_EightOctets_IsAccepted()
    {
        UsmKeys.PasswordToKey(SnmpAuthProtocol.HmacMd5_96, "12345678").Should().HaveCount(16);
    }

    [Test]
    public void PasswordToKey_LongerThanTheChunk_RepeatsTheWholePassword()
    {
        // A 5000-octet password does not divide 1 MiB: the cycle must carry on across chunks.
        // Expected from Python: hashlib.sha1((p * 210)[:1048576]).hexdigest() with p = bytes(range(250)) * 20.
        var password = Enumerable.Repeat(Enumerable.Range(0, 250).Select(i => (byte)i), 20).SelectMany(b => b).ToArray();

        Convert.ToHexStringLower(UsmKeys.PasswordToKey(SnmpAuthProtocol.HmacSha1_96, password))
            .Should().Be(LongPasswordSha1Ku);
    }

    // Each case: auth protocol, priv protocol, extension, the localised privacy key for "maplesyrup" on EngineId.
    // The expected keys were computed in Python (hashlib, the drafts' algorithms) and are byte for byte those
    // net-snmp 5.9.3 snmpd stores in its persistent usmUser lines for the same createUser.
    // DES over SHA-1: the first 16 octets of Kul (net-snmp "SHA ... DES").
    [TestCase(SnmpAuthProtocol.HmacSha1_96, SnmpPrivProtocol.Des, UsmKeyExtension.Blumenthal, "6695febc9288e36282235fc7151f1284")]
    // AES-128 over MD5: Kul itself (RFC 3826 §3.1.2.1).
    [TestCase(SnmpAuthProtocol.HmacMd5_96, SnmpPrivProtocol.Aes128, UsmKeyExtension.Blumenthal, "526f5eed9fcce26f8964c2930787d82b")]
    // AES-128 over SHA-256: first 16 octets (net-snmp "SHA-256 ... AES").
    [TestCase(SnmpAuthProtocol.HmacSha256_192, SnmpPrivProtocol.Aes128, UsmKeyExtension.Reeder, "8982e0e549e866db361a6b625d84cccc")]
    // AES-256 over MD5, Blumenthal (net-snmp "MD5 ... AES-256").
    [TestCase(SnmpAuthProtocol.HmacMd5_96, SnmpPrivProtocol.Aes256, UsmKeyExtension.Blumenthal,
        "526f5eed9fcce26f8964c2930787d82bfa24a92467426c2f4b09192be10dfaec")]
    // AES-256 over MD5, Reeder (Python only).
    [TestCase(SnmpAuthProtocol.HmacMd5_96, SnmpPrivProtocol.Aes256, UsmKeyExtension.Reeder,
        "526f5eed9fcce26f8964c2930787d82b79eff44a90650ee0a3a40abfac5acc12")]
    // AES-192 over SHA-1, Blumenthal (net-snmp "SHA ... AES-192").
    [TestCase(SnmpAuthProtocol.HmacSha1_96, SnmpPrivProtocol.Aes192, UsmKeyExtension.Blumenthal, "6695febc9288e36282235fc7151f128497b38f3f505e07eb")]
    // AES-192 over SHA-1, Reeder (Python only).
    [TestCase(SnmpAuthProtocol.HmacSha1_96, SnmpPrivProtocol.Aes192, UsmKeyExtension.Reeder, "6695febc9288e36282235fc7151f128497b38f3f9b8b6d78")]
    // AES-256 over SHA-1, Blumenthal (net-snmp "SHA ... AES-256").
    [TestCase(SnmpAuthProtocol.HmacSha1_96, SnmpPrivProtocol.Aes256, UsmKeyExtension.Blumenthal,
        "6695febc9288e36282235fc7151f128497b38f3f505e07eb9af25568fa1f5dbe")]
    // AES-256 over SHA-1, Reeder (net-snmp "SHA ... AES-256-C", the Cisco variant).
    [TestCase(SnmpAuthProtocol.HmacSha1_96, SnmpPrivProtocol.Aes256, UsmKeyExtension.Reeder,
        "6695febc9288e36282235fc7151f128497b38f3f9b8b6d78936ba6e7d19dfd9c")]
    // AES-256 over SHA-224 (28 octets, so still extended), Blumenthal (net-snmp "SHA-224 ... AES-256").
    [TestCase(SnmpAuthProtocol.HmacSha224_128, SnmpPrivProtocol.Aes256, UsmKeyExtension.Blumenthal,
        "0bd8827c6e29f8065e08e09237f177e410f69b90e1782be682075674e82d9bf0")]
    // AES-256 over SHA-224, Reeder (Python only).
    [TestCase(SnmpAuthProtocol.HmacSha224_128, SnmpPrivProtocol.Aes256, UsmKeyExtension.Reeder,
        "0bd8827c6e29f8065e08e09237f177e410f69b90e1782be68207567422c34be4")]
    // AES-256 over SHA-512: long enough already, truncated; the extension does not matter.
    [TestCase(SnmpAuthProtocol.HmacSha512_384, SnmpPrivProtocol.Aes256, UsmKeyExtension.Reeder,
        "22a5a36cedfcc085807a128d7bc6c2382167ad6c0dbc5fdff856740f3d84c099")]
    public void LocalizedPrivKey_Maplesyrup_GivesTheReferenceKey(
        SnmpAuthProtocol auth, SnmpPrivProtocol priv, UsmKeyExtension extension, string expected)
    {
        var key = UsmKeys.LocalizedPrivKey(auth, priv, "maplesyrup", EngineId, extension);

        Convert.ToHexStringLower(key).Should().Be(expected);
        key.Should().HaveCount(UsmKeys.PrivKeyLength(priv));
    }

    // Each case: an auth protocol whose hash is shorter than AES-256 needs.
    [TestCase(SnmpAuthProtocol.HmacMd5_96)]
    [TestCase(SnmpAuthProtocol.HmacSha1_96)]
    [TestCase(SnmpAuthProtocol.HmacSha224_128)]
    public void LocalizedPrivKey_BlumenthalAndReeder_ShareKulThenDiffer(SnmpAuthProtocol auth)
    {
        var blumenthal = UsmKeys.LocalizedPrivKey(auth, SnmpPrivProtocol.Aes256, "maplesyrup", EngineId, UsmKeyExtension.Blumenthal);
        var reeder = UsmKeys.LocalizedPrivKey(auth, SnmpPrivProtocol.Aes256, "maplesyrup", EngineId, UsmKeyExtension.Reeder);
        var kulLength = UsmKeys.AuthKeyLength(auth);

        blumenthal.Should().HaveCount(32);
        reeder.Should().HaveCount(32);
        blumenthal.AsSpan(0, kulLength).SequenceEqual(reeder.AsSpan(0, kulLength)).Should().BeTrue();
        blumenthal.Should().NotEqual(reeder);
    }

    [Test]
    public void LocalizedPrivKey_WithoutAuthentication_Throws()
    {
        // RFC 3414 §3.1 step 1: privacy without authentication is not a security level.
        var act = () => UsmKeys.LocalizedPrivKey(SnmpAuthProtocol.None, SnmpPrivProtocol.Aes128, "maplesyrup", EngineId);

        act.Should().Throw<ArgumentException>();
    }

    [Test]
    public void Localize_EmptyEngineId_Throws()
    {
        var act = () => UsmKeys.Localize(SnmpAuthProtocol.HmacSha1_96, new byte[20], []);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("engineId");
    }

    // Each case: priv protocol and its key length in octets.
    [TestCase(SnmpPrivProtocol.Des, 16)]
    [TestCase(SnmpPrivProtocol.Aes128, 16)]
    [TestCase(SnmpPrivProtocol.Aes192, 24)]
    [TestCase(SnmpPrivProtocol.Aes256, 32)]
    public void PrivKeyLength_IsTheCiphersNeed(SnmpPrivProtocol protocol, int length)
    {
        UsmKeys.PrivKeyLength(protocol).Should().Be(length);
    }

    private const string LongPasswordSha1Ku = "340a29147013173dc811bd390da1a6672c3158e8";
}
