using System.Security.Cryptography;
using System.Text;

namespace Alpi.Protocols.Snmp.V3;

/// <summary>
/// USM key derivation: a password becomes a key <c>Ku</c> (RFC 3414 A.2), localised to one authoritative engine as
/// <c>Kul = H(Ku ‖ snmpEngineID ‖ Ku)</c> (RFC 3414 §2.6), and lengthened for ciphers that need more octets than the
/// hash gives (AES-192/256 over MD5 or SHA-1). Pure functions: no state, no I/O.
/// </summary>
/// <remarks>
/// Sources: RFC 3414 §2.6, §11.2 and A.2 (MD5, SHA-1); RFC 7860 §4.2.2 (the same algorithms over SHA-2);
/// RFC 3414 §8.1.1.1 and RFC 3826 §3.1.2.1 (privacy keys are localised with the authentication protocol's hash);
/// draft-blumenthal-aes-usm-04 §3.1.2.1 and draft-reeder-snmpv3-usm-3desede-00 §2.1 (key extension).
/// </remarks>
public static class UsmKeys
{
    /// <summary>The shortest password accepted: 8 octets, net-snmp's <c>USM_LENGTH_P_MIN</c> (RFC 3414 §11.2 recommends at least 8 characters).</summary>
    public const int MinimumPasswordLength = 8;

    /// <summary>The password is repeated to 1 MiB (1 048 576 octets) before hashing: RFC 3414 A.2.1 and A.2.2.</summary>
    public const int ExpandedPasswordLength = 1024 * 1024;

    /// <summary>
    /// The length of the localised privacy key a cipher uses, in octets: DES 16 (8-octet key ‖ 8-octet pre-IV,
    /// RFC 3414 §8.1.1.1), AES-128 16 (RFC 3826 §3.1.2.1), AES-192 24, AES-256 32 (draft-blumenthal-aes-usm-04 §3.1.2.1).
    /// </summary>
    /// <exception cref="ArgumentException"><see cref="SnmpPrivProtocol.None"/> or an undefined value: no key.</exception>
    public static int PrivKeyLength(SnmpPrivProtocol protocol) => protocol switch
    {
        SnmpPrivProtocol.Des => 16,
        SnmpPrivProtocol.Aes128 => 16,
        SnmpPrivProtocol.Aes192 => 24,
        SnmpPrivProtocol.Aes256 => 32,
        _ => throw new ArgumentException($"Privacy protocol {protocol} has no key.", nameof(protocol)),
    };

    /// <summary>
    /// The length of a localised authentication key, in octets: the hash's digest length, 16 (MD5), 20 (SHA-1),
    /// 28 (SHA-224), 32 (SHA-256), 48 (SHA-384) or 64 (SHA-512). RFC 3414 §6.2, §7.2; RFC 7860 §4.2.2.
    /// </summary>
    public static int AuthKeyLength(SnmpAuthProtocol protocol) => UsmHash.HashLength(protocol);

    /// <summary>
    /// RFC 3414 A.2 password to key: the password's UTF-8 octets repeated to 1 MiB and hashed with the protocol's hash.
    /// The result <c>Ku</c> is <see cref="AuthKeyLength"/> octets (16 for MD5, 20 for SHA-1, RFC 7860 §4.2.2 for SHA-2).
    /// </summary>
    /// <exception cref="ArgumentException">The password is empty or shorter than <see cref="MinimumPasswordLength"/> octets.</exception>
    public static byte[] PasswordToKey(SnmpAuthProtocol protocol, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var octets = Encoding.UTF8.GetBytes(password);
        try
        {
            return PasswordToKey(protocol, octets);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(octets);
        }
    }

    /// <summary>
    /// RFC 3414 A.2 password to key over the password's octets: repeated to 1 MiB and hashed. Returns <c>Ku</c>,
    /// <see cref="AuthKeyLength"/> octets.
    /// </summary>
    /// <exception cref="ArgumentException">The password is empty or shorter than <see cref="MinimumPasswordLength"/> octets.</exception>
    public static byte[] PasswordToKey(SnmpAuthProtocol protocol, ReadOnlySpan<byte> password)
    {
        if (password.IsEmpty)
        {
            throw new ArgumentException("An SNMPv3 password must not be empty (RFC 3414 A.2: the password is repeated to 1 MiB).", nameof(password));
        }

        if (password.Length < MinimumPasswordLength)
        {
            throw new ArgumentException(
                $"An SNMPv3 password must be at least {MinimumPasswordLength} octets long (RFC 3414 §11.2; net-snmp rejects shorter ones).",
                nameof(password));
        }

        return PasswordToKeyCore(protocol, password);
    }

    /// <summary>
    /// RFC 3414 §2.6 key localisation: <c>Kul = H(Ku ‖ snmpEngineID ‖ Ku)</c>, <see cref="AuthKeyLength"/> octets.
    /// <paramref name="engineId"/> is the authoritative snmpEngineID as sent (RFC 3411 §5: 5 to 32 octets).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="engineId"/> is empty (discovery has not been done).</exception>
    public static byte[] Localize(SnmpAuthProtocol protocol, ReadOnlySpan<byte> key, ReadOnlySpan<byte> engineId)
    {
        if (engineId.IsEmpty)
        {
            throw new ArgumentException("Keys are localised to a discovered snmpEngineID, which is never empty (RFC 3414 §4).", nameof(engineId));
        }

        using var hasher = new UsmHasher(protocol);
        hasher.Append(key);
        hasher.Append(engineId);
        hasher.Append(key);
        var localized = new byte[UsmHash.HashLength(protocol)];
        hasher.GetHashAndReset(localized);
        return localized;
    }

    /// <summary>
    /// The localised authentication key for a user on one engine: <see cref="Localize"/> of <see cref="PasswordToKey(SnmpAuthProtocol, string)"/>,
    /// <see cref="AuthKeyLength"/> octets. RFC 3414 §6.2, §7.2; RFC 7860 §4.2.2.
    /// </summary>
    public static byte[] LocalizedAuthKey(SnmpAuthProtocol protocol, string password, ReadOnlySpan<byte> engineId)
    {
        var ku = PasswordToKey(protocol, password);
        try
        {
            return Localize(protocol, ku, engineId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ku);
        }
    }

    /// <summary>
    /// The localised privacy key for a user on one engine, exactly <see cref="PrivKeyLength"/> octets: the privacy
    /// password turned into a key and localised with the AUTHENTICATION protocol's hash (RFC 3414 §8.1.1.1,
    /// RFC 3826 §3.1.2.1), lengthened by <paramref name="extension"/> when the hash is shorter than the cipher needs.
    /// For DES the first 8 octets are the DES key and the last 8 the pre-IV.
    /// </summary>
    /// <param name="extension">Only used when the cipher needs more octets than the hash gives (AES-192/256 over MD5, SHA-1, SHA-224).</param>
    /// <exception cref="ArgumentException">No authentication protocol (privacy requires authentication, RFC 3414 §3.1 step 1), or a password that is too short.</exception>
    public static byte[] LocalizedPrivKey(
        SnmpAuthProtocol authProtocol, SnmpPrivProtocol privProtocol, string password, ReadOnlySpan<byte> engineId,
        UsmKeyExtension extension = UsmKeyExtension.Blumenthal)
    {
        var length = PrivKeyLength(privProtocol);
        var kul = LocalizedAuthKey(authProtocol, password, engineId);
        return ExtendKey(authProtocol, kul, engineId, length, extension);
    }

    /// <summary>
    /// Lengthens (or truncates) a localised key to <paramref name="length"/> octets. Blumenthal
    /// (draft-blumenthal-aes-usm-04 §3.1.2.1): append <c>H(key so far)</c>. Reeder (draft-reeder-snmpv3-usm-3desede-00 §2.1):
    /// append <c>Localize(PasswordToKey(key so far))</c>. Repeated until long enough, then truncated.
    /// </summary>
    /// <param name="localizedKey">The <c>Kul</c> from <see cref="Localize"/>; not modified.</param>
    /// <param name="engineId">The snmpEngineID <paramref name="localizedKey"/> was localised to (used by Reeder only).</param>
    /// <param name="length">The key length the cipher needs, in octets (<see cref="PrivKeyLength"/>).</param>
    public static byte[] ExtendKey(
        SnmpAuthProtocol authProtocol, ReadOnlySpan<byte> localizedKey, ReadOnlySpan<byte> engineId, int length, UsmKeyExtension extension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (localizedKey.IsEmpty)
        {
            throw new ArgumentException("A localised key is never empty.", nameof(localizedKey));
        }

        var key = localizedKey.ToArray();
        while (key.Length < length)
        {
            var next = extension switch
            {
                UsmKeyExtension.Blumenthal => UsmHash.Hash(authProtocol, key),
                UsmKeyExtension.Reeder => Localize(authProtocol, PasswordToKeyCore(authProtocol, key), engineId),
                _ => throw new ArgumentOutOfRangeException(nameof(extension), extension, "Unknown key extension."),
            };
            var longer = new byte[key.Length + next.Length];
            key.CopyTo(longer, 0);
            next.CopyTo(longer, key.Length);
            CryptographicOperations.ZeroMemory(key);
            key = longer;
        }

        if (key.Length == length)
        {
            return key;
        }

        var result = key.AsSpan(0, length).ToArray();
        CryptographicOperations.ZeroMemory(key);
        return result;
    }

    /// <summary>RFC 3414 A.2 without the length rule: Reeder's extension feeds a key in as the password.</summary>
    private static byte[] PasswordToKeyCore(SnmpAuthProtocol protocol, ReadOnlySpan<byte> password)
    {
        // A chunk holding whole repetitions of the password, so consecutive chunks continue the cycle.
        var repetitions = Math.Max(1, 4096 / password.Length);
        var chunk = new byte[Math.Min(password.Length * repetitions, ExpandedPasswordLength)];
        for (var offset = 0; offset < chunk.Length; offset += password.Length)
        {
            password[..Math.Min(password.Length, chunk.Length - offset)].CopyTo(chunk.AsSpan(offset));
        }

        using var hasher = new UsmHasher(protocol);
        var remaining = ExpandedPasswordLength;
        while (remaining > 0)
        {
            var take = Math.Min(chunk.Length, remaining);
            hasher.Append(chunk.AsSpan(0, take));
            remaining -= take;
        }

        CryptographicOperations.ZeroMemory(chunk);
        var ku = new byte[UsmHash.HashLength(protocol)];
        hasher.GetHashAndReset(ku);
        return ku;
    }
}
