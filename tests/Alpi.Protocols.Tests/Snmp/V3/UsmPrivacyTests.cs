using Alpi.Protocols.Snmp.V3;

namespace Alpi.Protocols.Tests.Snmp.V3;

public class UsmPrivacyTests
{
    // The "maplesyrup" SHA-1 privacy key localised to 000000000000000000000002 and extended (Blumenthal) to 32 octets;
    // AES-128 uses its first 16 octets, AES-192 its first 24, DES its first 16 (key ‖ pre-IV).
    private static readonly byte[] Key = Convert.FromHexString("6695febc9288e36282235fc7151f128497b38f3f505e07eb9af25568fa1f5dbe");

    // 100 octets standing in for a serialised scopedPDU: (i * 13 + 5) mod 256.
    private static readonly byte[] Plaintext = Enumerable.Range(0, 100).Select(i => (byte)((i * 13) + 5)).ToArray();

    // Each case: protocol, plaintext length, expected ciphertext for engineBoots 7, engineTime 12345,
    // salt 0x0102030405060708. Computed with Python "cryptography" (AES in CFB mode, 128-bit feedback, streaming),
    // independently of the BCL. Lengths 1, 15, 17 and 100 exercise the partial final block.
    [TestCase(SnmpPrivProtocol.Aes128, 1, "e8")]
    [TestCase(SnmpPrivProtocol.Aes128, 15, "e81c5f1ceaeec95c5ccaa50616dffc")]
    [TestCase(SnmpPrivProtocol.Aes128, 16, "e81c5f1ceaeec95c5ccaa50616dffc3c")]
    [TestCase(SnmpPrivProtocol.Aes128, 17, "e81c5f1ceaeec95c5ccaa50616dffc3c26")]
    [TestCase(SnmpPrivProtocol.Aes128, 100,
        "e81c5f1ceaeec95c5ccaa50616dffc3c26d0990fe2cbb024b38d7f11b27c6b76fd13924203e67d3da7fc35b654291aa793d84aee4e636cfb128ec3d34d6455af95e5c243a9fadedb444285afcbdd8dc5fe7400e203edc11dd551094d28f69807bb03a9a8")]
    [TestCase(SnmpPrivProtocol.Aes192, 17, "9e36db093725a8f72b4ebc831eb0252989")]
    [TestCase(SnmpPrivProtocol.Aes192, 100,
        "9e36db093725a8f72b4ebc831eb02529890be8f97801fee9da463cbc8c18798c1128920446f6485ed1874bcfe8080985f4142aa66a7c6459e7a5233accbeb81bf985533db6af6467378981c0e17572452c76d7afed21ad71b1b44066f7db7511ba7509cb")]
    [TestCase(SnmpPrivProtocol.Aes256, 1, "02")]
    [TestCase(SnmpPrivProtocol.Aes256, 100,
        "02eb4338eaa9d8a76ad3dce28eeb159b2219a1f54bad4204babb9c59087ff5115eff12c7f17880fbf5a8005e1e9f0f47f918ac04818f7d0c3c21eea142dd6acead031423f1408013f1843e95ceffe9ef7b31db111e6ef6e0dd81548bd3a0df33b7fc1cbb")]
    public void Encrypt_Aes_MatchesAnIndependentCfb128(SnmpPrivProtocol protocol, int length, string expected)
    {
        var privParams = new byte[8];
        var ciphertext = new byte[length];

        var written = UsmPrivacy.Encrypt(protocol, Key, 7, 12345, 0x0102030405060708, Plaintext.AsSpan(0, length), privParams, ciphertext);

        written.Should().Be(length);
        Convert.ToHexStringLower(ciphertext).Should().Be(expected);
        // RFC 3826 §3.1.2.1: msgPrivacyParameters is the 64-bit salt, MSB first.
        Convert.ToHexStringLower(privParams).Should().Be("0102030405060708");
    }

    // Each case: plaintext length, expected ciphertext for engineBoots 7 and local counter 0xdeadbeef: salt
    // 00000007deadbeef, IV = pre-IV XOR salt, zero padding. Computed with Python "cryptography" (DES-CBC as
    // TripleDES with K1 = K2 = K3), independently of the BCL.
    // One octet: padded to one block.
    [TestCase(1, "4fab5e114af2cbb8")]
    // Exactly one block: no padding.
    [TestCase(8, "7a7c69c28f4b0ebb")]
    // 13 octets: padded to two blocks.
    [TestCase(13, "7a7c69c28f4b0ebbb6a78ce8fc6d85e1")]
    // 100 octets: padded to 104.
    [TestCase(100,
        "7a7c69c28f4b0ebb3c9dc6d2e6102c0d09408bb895b3dede831f5e45fd2ab18db840778c0a8b71c65c0fa991a7ba1a21d97b5430e2e814dc4b187e51b2c70c1ba2f5ce77af7653d225847987b0bdceabe41256686c49fefbad61b7db39729248653f82edf9d2df38")]
    public void EncryptDes_MatchesAnIndependentCbcDes(int length, string expected)
    {
        var privParams = new byte[8];
        var ciphertext = new byte[UsmPrivacy.CiphertextLength(SnmpPrivProtocol.Des, length)];

        var written = UsmPrivacy.EncryptDes(Key, 7, 0xdeadbeef, Plaintext.AsSpan(0, length), privParams, ciphertext);

        written.Should().Be(expected.Length / 2);
        Convert.ToHexStringLower(ciphertext).Should().Be(expected);
        // RFC 3414 §8.1.1.1: salt = engineBoots ‖ local counter, both MSB first.
        Convert.ToHexStringLower(privParams).Should().Be("00000007deadbeef");
    }

    // Each case: protocol and plaintext length; round trip through Encrypt and Decrypt.
    [TestCase(SnmpPrivProtocol.Des, 0)]
    [TestCase(SnmpPrivProtocol.Des, 1)]
    [TestCase(SnmpPrivProtocol.Des, 7)]
    [TestCase(SnmpPrivProtocol.Des, 8)]
    [TestCase(SnmpPrivProtocol.Des, 9)]
    [TestCase(SnmpPrivProtocol.Des, 100)]
    [TestCase(SnmpPrivProtocol.Aes128, 0)]
    [TestCase(SnmpPrivProtocol.Aes128, 1)]
    [TestCase(SnmpPrivProtocol.Aes128, 15)]
    [TestCase(SnmpPrivProtocol.Aes128, 16)]
    [TestCase(SnmpPrivProtocol.Aes128, 17)]
    [TestCase(SnmpPrivProtocol.Aes128, 100)]
    [TestCase(SnmpPrivProtocol.Aes192, 33)]
    [TestCase(SnmpPrivProtocol.Aes256, 100)]
    public void EncryptThenDecrypt_GivesThePlaintextBack(SnmpPrivProtocol protocol, int length)
    {
        var plaintext = Plaintext.AsSpan(0, length);
        var privParams = new byte[UsmPrivacy.PrivParamsLength];
        var ciphertext = new byte[UsmPrivacy.CiphertextLength(protocol, length)];
        UsmPrivacy.Encrypt(protocol, Key, 3, 1000, 0xfedcba9876543210, plaintext, privParams, ciphertext);
        var decrypted = new byte[ciphertext.Length];

        var error = UsmPrivacy.Decrypt(protocol, Key, 3, 1000, privParams, ciphertext, decrypted, out var written);

        error.Should().Be(UsmError.None);
        written.Should().Be(ciphertext.Length);
        decrypted.AsSpan(0, length).SequenceEqual(plaintext).Should().BeTrue();
        // DES padding is left in place for the BER decoder to ignore; it is never longer than 7 octets.
        (written - length).Should().BeLessThan(8);
    }

    // Each case: a plaintext length; RFC 3826 §3.1.3: CFB needs no padding, the ciphertext is as long as the plaintext.
    [TestCase(1)]
    [TestCase(15)]
    [TestCase(16)]
    [TestCase(17)]
    [TestCase(100)]
    public void CiphertextLength_Aes_EqualsPlaintextLength(int length)
    {
        UsmPrivacy.CiphertextLength(SnmpPrivProtocol.Aes128, length).Should().Be(length);
        UsmPrivacy.CiphertextLength(SnmpPrivProtocol.Aes256, length).Should().Be(length);
    }

    // Each case: plaintext length and DES ciphertext length (RFC 3414 §8.1.1.2: padded to a multiple of 8).
    [TestCase(0, 0)]
    [TestCase(1, 8)]
    [TestCase(8, 8)]
    [TestCase(9, 16)]
    [TestCase(100, 104)]
    public void CiphertextLength_Des_PadsToEight(int length, int expected)
    {
        UsmPrivacy.CiphertextLength(SnmpPrivProtocol.Des, length).Should().Be(expected);
    }

    // Each case: a DES ciphertext length that is not a multiple of 8 (RFC 3414 §8.3.2 step 2: decryptionError).
    // A datagram truncated by one octet.
    [TestCase(15)]
    // Shorter than one block.
    [TestCase(3)]
    // An AES ciphertext sent to a user configured for DES.
    [TestCase(101)]
    public void DecryptDes_LengthNotMultipleOf8_ReturnsTheError(int length)
    {
        var plaintext = new byte[length];

        var error = UsmPrivacy.Decrypt(SnmpPrivProtocol.Des, Key, 0, 0, new byte[8], new byte[length], plaintext, out var written);

        error.Should().Be(UsmError.CiphertextNotMultipleOf8);
        written.Should().Be(0);
    }

    // Each case: protocol and a received msgPrivacyParameters length other than 8 (RFC 3414 §8.3.2 step 1, RFC 3826 §3.3.2 step 1).
    // Empty: an authPriv message whose sender did not encrypt.
    [TestCase(SnmpPrivProtocol.Des, 0)]
    [TestCase(SnmpPrivProtocol.Aes128, 0)]
    // 16 octets: a whole IV sent instead of the salt.
    [TestCase(SnmpPrivProtocol.Aes256, 16)]
    [TestCase(SnmpPrivProtocol.Des, 7)]
    public void Decrypt_PrivacyParametersNotEightOctets_ReturnsTheError(SnmpPrivProtocol protocol, int length)
    {
        var error = UsmPrivacy.Decrypt(protocol, Key, 0, 0, new byte[length], new byte[16], new byte[16], out var written);

        error.Should().Be(UsmError.WrongPrivacyParametersLength);
        written.Should().Be(0);
    }

    [Test]
    public void DecryptAes_WrongEngineTime_GivesOtherOctets()
    {
        // RFC 3826 §3.1.2.1: boots and time are part of the IV, so the receiver must use the values sent in the message.
        var privParams = new byte[8];
        var ciphertext = new byte[32];
        UsmPrivacy.EncryptAes(Key.AsSpan(0, 16), 1, 500, 42, Plaintext.AsSpan(0, 32), privParams, ciphertext);
        var decrypted = new byte[32];

        UsmPrivacy.DecryptAes(Key.AsSpan(0, 16), 1, 501, privParams, ciphertext, decrypted, out _).Should().Be(UsmError.None);

        decrypted.Should().NotEqual(Plaintext.AsSpan(0, 32).ToArray());
    }

    [Test]
    public void Encrypt_KeyShorterThanTheCipherNeeds_Throws()
    {
        // An unextended 20-octet SHA-1 key cannot drive AES-256: a configuration bug, not a network outcome.
        var act = () => UsmPrivacy.Encrypt(SnmpPrivProtocol.Aes256, Key.AsSpan(0, 20), 0, 0, 0, Plaintext, new byte[8], new byte[100]);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("localizedPrivKey");
    }
}
