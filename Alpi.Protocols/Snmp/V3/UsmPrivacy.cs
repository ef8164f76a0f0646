using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Alpi.Protocols.Snmp.V3;

/// <summary>
/// USM privacy: encryption and decryption of the serialised scopedPDU, and the 8-octet <c>msgPrivacyParameters</c>
/// (the salt) sent beside it. Pure functions over caller buffers; the salt counter is the caller's
/// (<see cref="UsmSaltCounter"/>). Expected failures are <see cref="UsmError"/> values.
/// </summary>
/// <remarks>
/// Sources: RFC 3414 §8.1.1 (CBC-DES: salt, IV, padding), §8.3 (procedures); RFC 3826 §3.1.2 (AES CFB-128: IV, no padding),
/// §3.3; draft-blumenthal-aes-usm-04 §3.1 (the same for AES-192/256).
/// </remarks>
public static class UsmPrivacy
{
    /// <summary>Length of <c>msgPrivacyParameters</c> for DES and AES: 8 octets (RFC 3414 §8.1.1.1, RFC 3826 §3.1.2.1).</summary>
    public const int PrivParamsLength = 8;

    private const int DesBlock = 8;
    private const int AesBlock = 16;

    /// <summary>
    /// The ciphertext length, in octets, for <paramref name="plaintextLength"/> octets of scopedPDU: DES rounds up to a
    /// multiple of 8 (RFC 3414 §8.1.1.2), AES keeps the length (RFC 3826 §3.1.3, CFB-128 needs no padding), none keeps it.
    /// </summary>
    public static int CiphertextLength(SnmpPrivProtocol protocol, int plaintextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        return protocol == SnmpPrivProtocol.Des ? (plaintextLength + DesBlock - 1) / DesBlock * DesBlock : plaintextLength;
    }

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> for <paramref name="protocol"/>, writing the 8-octet salt to
    /// <paramref name="privacyParameters"/> and <see cref="CiphertextLength"/> octets to <paramref name="ciphertext"/>.
    /// </summary>
    /// <param name="localizedPrivKey">From <see cref="UsmKeys.LocalizedPrivKey"/>: at least <see cref="UsmKeys.PrivKeyLength"/> octets, of which that many are used.</param>
    /// <param name="engineBoots">The authoritative engine's snmpEngineBoots sent in this message (0 to 2147483647).</param>
    /// <param name="engineTime">The authoritative engine's snmpEngineTime sent in this message, in seconds (AES only; DES ignores it).</param>
    /// <param name="salt">A fresh value per message from <see cref="UsmSaltCounter.Next"/>; DES uses its low 32 bits (RFC 3414 §8.1.1.1), AES all 64 (RFC 3826 §3.1.2.1).</param>
    /// <returns>The number of octets written to <paramref name="ciphertext"/>.</returns>
    /// <exception cref="ArgumentException"><see cref="SnmpPrivProtocol.None"/>, a short key, or a destination too small.</exception>
    public static int Encrypt(
        SnmpPrivProtocol protocol, ReadOnlySpan<byte> localizedPrivKey, int engineBoots, int engineTime, ulong salt,
        ReadOnlySpan<byte> plaintext, Span<byte> privacyParameters, Span<byte> ciphertext)
    {
        var key = KeyFor(protocol, localizedPrivKey);
        return protocol == SnmpPrivProtocol.Des
            ? EncryptDes(key, engineBoots, (uint)salt, plaintext, privacyParameters, ciphertext)
            : EncryptAes(key, engineBoots, engineTime, salt, plaintext, privacyParameters, ciphertext);
    }

    /// <summary>
    /// Decrypts an encrypted scopedPDU for <paramref name="protocol"/> into <paramref name="plaintext"/> (as many octets as
    /// the ciphertext; a DES plaintext keeps its padding, which the BER decoder ignores after the scopedPDU).
    /// </summary>
    /// <param name="engineBoots">msgAuthoritativeEngineBoots of the received message (AES only).</param>
    /// <param name="engineTime">msgAuthoritativeEngineTime of the received message, in seconds (AES only).</param>
    /// <param name="privacyParameters">msgPrivacyParameters as received; anything but 8 octets gives <see cref="UsmError.WrongPrivacyParametersLength"/>.</param>
    /// <param name="written">Octets written to <paramref name="plaintext"/>; 0 on error.</param>
    /// <returns><see cref="UsmError.None"/>, <see cref="UsmError.WrongPrivacyParametersLength"/> or (DES) <see cref="UsmError.CiphertextNotMultipleOf8"/>.</returns>
    public static UsmError Decrypt(
        SnmpPrivProtocol protocol, ReadOnlySpan<byte> localizedPrivKey, int engineBoots, int engineTime,
        ReadOnlySpan<byte> privacyParameters, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext, out int written)
    {
        var key = KeyFor(protocol, localizedPrivKey);
        return protocol == SnmpPrivProtocol.Des
            ? DecryptDes(key, privacyParameters, ciphertext, plaintext, out written)
            : DecryptAes(key, engineBoots, engineTime, privacyParameters, ciphertext, plaintext, out written);
    }

    /// <summary>
    /// RFC 3414 §8.1.1 CBC-DES encryption. Salt = engineBoots (4 octets, MSB first) ‖ <paramref name="localCounter"/>
    /// (4 octets, MSB first), written to <paramref name="privacyParameters"/>; IV = pre-IV (key octets 8–15) XOR salt;
    /// DES key = key octets 0–7; plaintext zero-padded to a multiple of 8 octets (the pad value is irrelevant, §8.1.1.2).
    /// </summary>
    /// <param name="localizedPrivKey">16 octets (more are ignored): DES key ‖ pre-IV.</param>
    /// <returns>The number of octets written: <see cref="CiphertextLength"/>, a multiple of 8.</returns>
    public static int EncryptDes(
        ReadOnlySpan<byte> localizedPrivKey, int engineBoots, uint localCounter, ReadOnlySpan<byte> plaintext,
        Span<byte> privacyParameters, Span<byte> ciphertext)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(engineBoots);
        RequireLength(localizedPrivKey, 16, nameof(localizedPrivKey));
        RequireLength(privacyParameters, PrivParamsLength, nameof(privacyParameters));
        var length = CiphertextLength(SnmpPrivProtocol.Des, plaintext.Length);
        RequireLength(ciphertext, length, nameof(ciphertext));

        BinaryPrimitives.WriteInt32BigEndian(privacyParameters, engineBoots);
        BinaryPrimitives.WriteUInt32BigEndian(privacyParameters[4..], localCounter);
        Span<byte> iv = stackalloc byte[DesBlock];
        DesIv(localizedPrivKey, privacyParameters, iv);

        // Whole blocks straight from the input, the last partial block through a zero-padded copy.
        var whole = plaintext.Length / DesBlock * DesBlock;
        Span<byte> last = stackalloc byte[DesBlock];
        last.Clear();
        plaintext[whole..].CopyTo(last);
        using var des = CreateDes(localizedPrivKey[..DesBlock]);
        des.EncryptCbc(plaintext[..whole], iv, ciphertext, PaddingMode.None);
        if (whole < length)
        {
            ReadOnlySpan<byte> chain = whole == 0 ? iv : ciphertext.Slice(whole - DesBlock, DesBlock);
            chain.CopyTo(iv);
            des.EncryptCbc(last, iv, ciphertext[whole..length], PaddingMode.None);
        }

        return length;
    }

    /// <summary>
    /// RFC 3414 §8.1.1.3 CBC-DES decryption with IV = pre-IV XOR <paramref name="privacyParameters"/>.
    /// Writes as many octets as <paramref name="ciphertext"/> (padding included).
    /// </summary>
    /// <param name="localizedPrivKey">16 octets (more are ignored): DES key ‖ pre-IV.</param>
    /// <returns><see cref="UsmError.WrongPrivacyParametersLength"/> unless the salt is 8 octets (§8.3.2 step 1);
    /// <see cref="UsmError.CiphertextNotMultipleOf8"/> unless the ciphertext is a multiple of 8 octets (§8.3.2 step 2).</returns>
    public static UsmError DecryptDes(
        ReadOnlySpan<byte> localizedPrivKey, ReadOnlySpan<byte> privacyParameters, ReadOnlySpan<byte> ciphertext,
        Span<byte> plaintext, out int written)
    {
        RequireLength(localizedPrivKey, 16, nameof(localizedPrivKey));
        written = 0;
        if (privacyParameters.Length != PrivParamsLength)
        {
            return UsmError.WrongPrivacyParametersLength;
        }

        if (ciphertext.Length % DesBlock != 0)
        {
            return UsmError.CiphertextNotMultipleOf8;
        }

        RequireLength(plaintext, ciphertext.Length, nameof(plaintext));
        Span<byte> iv = stackalloc byte[DesBlock];
        DesIv(localizedPrivKey, privacyParameters, iv);
        using var des = CreateDes(localizedPrivKey[..DesBlock]);
        written = des.DecryptCbc(ciphertext, iv, plaintext, PaddingMode.None);
        return UsmError.None;
    }

    /// <summary>
    /// RFC 3826 §3.1.3 AES CFB-128 encryption. Salt = <paramref name="salt"/> (8 octets, MSB first), written to
    /// <paramref name="privacyParameters"/>; IV = engineBoots (4 octets) ‖ engineTime (4 octets) ‖ salt (8 octets), all MSB first
    /// (§3.1.2.1); no padding, so the ciphertext is exactly as long as the plaintext.
    /// </summary>
    /// <param name="localizedPrivKey">The AES key: 16 (AES-128), 24 (AES-192) or 32 (AES-256) octets.</param>
    /// <param name="engineTime">snmpEngineTime sent in this message, in seconds (0 to 2147483647).</param>
    /// <returns>The number of octets written: the plaintext length.</returns>
    public static int EncryptAes(
        ReadOnlySpan<byte> localizedPrivKey, int engineBoots, int engineTime, ulong salt, ReadOnlySpan<byte> plaintext,
        Span<byte> privacyParameters, Span<byte> ciphertext)
    {
        RequireLength(privacyParameters, PrivParamsLength, nameof(privacyParameters));
        RequireLength(ciphertext, plaintext.Length, nameof(ciphertext));
        BinaryPrimitives.WriteUInt64BigEndian(privacyParameters, salt);
        Span<byte> iv = stackalloc byte[AesBlock];
        AesIv(engineBoots, engineTime, privacyParameters, iv);
        using var aes = CreateAes(localizedPrivKey);
        AesCfb(aes, plaintext, iv, ciphertext[..plaintext.Length], encrypt: true);
        return plaintext.Length;
    }

    /// <summary>
    /// RFC 3826 §3.1.4 AES CFB-128 decryption with IV = engineBoots ‖ engineTime ‖ <paramref name="privacyParameters"/>
    /// (§3.1.2.1). Writes as many octets as <paramref name="ciphertext"/>.
    /// </summary>
    /// <param name="localizedPrivKey">The AES key: 16, 24 or 32 octets.</param>
    /// <param name="engineBoots">msgAuthoritativeEngineBoots of the received message.</param>
    /// <param name="engineTime">msgAuthoritativeEngineTime of the received message, in seconds.</param>
    /// <returns><see cref="UsmError.WrongPrivacyParametersLength"/> unless the salt is 8 octets (RFC 3826 §3.3.2 step 1), else <see cref="UsmError.None"/>.</returns>
    public static UsmError DecryptAes(
        ReadOnlySpan<byte> localizedPrivKey, int engineBoots, int engineTime, ReadOnlySpan<byte> privacyParameters,
        ReadOnlySpan<byte> ciphertext, Span<byte> plaintext, out int written)
    {
        written = 0;
        if (privacyParameters.Length != PrivParamsLength)
        {
            return UsmError.WrongPrivacyParametersLength;
        }

        RequireLength(plaintext, ciphertext.Length, nameof(plaintext));
        Span<byte> iv = stackalloc byte[AesBlock];
        AesIv(engineBoots, engineTime, privacyParameters, iv);
        using var aes = CreateAes(localizedPrivKey);
        AesCfb(aes, ciphertext, iv, plaintext[..ciphertext.Length], encrypt: false);
        written = ciphertext.Length;
        return UsmError.None;
    }

    /// <summary>
    /// CFB-128 over any length: whole blocks through the BCL, the final partial block XORed with the encryption of
    /// the previous ciphertext block (or the IV), which is what CFB does and what OpenSSL/net-snmp produce.
    /// </summary>
    private static void AesCfb(Aes aes, ReadOnlySpan<byte> input, ReadOnlySpan<byte> iv, Span<byte> output, bool encrypt)
    {
        var whole = input.Length / AesBlock * AesBlock;
        Span<byte> register = stackalloc byte[AesBlock];
        if (whole > 0)
        {
            // The last whole ciphertext block feeds the tail.
            if (encrypt)
            {
                aes.EncryptCfb(input[..whole], iv, output, PaddingMode.None, feedbackSizeInBits: 128);
                output.Slice(whole - AesBlock, AesBlock).CopyTo(register);
            }
            else
            {
                input.Slice(whole - AesBlock, AesBlock).CopyTo(register);
                aes.DecryptCfb(input[..whole], iv, output, PaddingMode.None, feedbackSizeInBits: 128);
            }
        }
        else
        {
            iv.CopyTo(register);
        }

        if (whole == input.Length)
        {
            return;
        }

        Span<byte> keystream = stackalloc byte[AesBlock];
        // One block through ECB is CFB's keystream step, not a mode of operation for data.
        aes.EncryptEcb(register, keystream, PaddingMode.None);
        for (var i = whole; i < input.Length; i++)
        {
            output[i] = (byte)(input[i] ^ keystream[i - whole]);
        }
    }

    private static void DesIv(ReadOnlySpan<byte> localizedPrivKey, ReadOnlySpan<byte> salt, Span<byte> iv)
    {
        for (var i = 0; i < DesBlock; i++)
        {
            iv[i] = (byte)(localizedPrivKey[DesBlock + i] ^ salt[i]);
        }
    }

    private static void AesIv(int engineBoots, int engineTime, ReadOnlySpan<byte> salt, Span<byte> iv)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(engineBoots);
        ArgumentOutOfRangeException.ThrowIfNegative(engineTime);
        BinaryPrimitives.WriteInt32BigEndian(iv, engineBoots);
        BinaryPrimitives.WriteInt32BigEndian(iv[4..], engineTime);
        salt.CopyTo(iv[8..]);
    }

    private static ReadOnlySpan<byte> KeyFor(SnmpPrivProtocol protocol, ReadOnlySpan<byte> localizedPrivKey)
    {
        var length = UsmKeys.PrivKeyLength(protocol);
        RequireLength(localizedPrivKey, length, nameof(localizedPrivKey));
        return localizedPrivKey[..length];
    }

    private static Aes CreateAes(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("An AES key is 16, 24 or 32 octets (RFC 3826 §3.1.2.1, draft-blumenthal-aes-usm-04 §3.1.2.1).", nameof(key));
        }

        var aes = Aes.Create();
        aes.SetKey(key);
        return aes;
    }

    /// <summary>A DES key of 8 octets. A localised key that happens to be a DES weak key (odds about 2^-52) throws <see cref="CryptographicException"/>.</summary>
    private static DES CreateDes(ReadOnlySpan<byte> key)
    {
#pragma warning disable CA5351 // DES: required by RFC 3414 §8 for interoperability (usmDESPrivProtocol).
        var des = DES.Create();
#pragma warning restore CA5351
        des.SetKey(key);
        return des;
    }

    private static void RequireLength(ReadOnlySpan<byte> buffer, int length, string name)
    {
        if (buffer.Length < length)
        {
            throw new ArgumentException($"At least {length} octets are needed, {buffer.Length} given.", name);
        }
    }
}
