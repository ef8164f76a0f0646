namespace Alpi.Protocols.Snmp.V3;

/// <summary>
/// The USM authentication protocol of an SNMPv3 user: the hash that turns a password into a key and the HMAC that
/// signs each message, truncated to the length carried in <c>msgAuthenticationParameters</c>.
/// </summary>
/// <remarks>Sources: RFC 3414 §6 (HMAC-MD5-96), §7 (HMAC-SHA-96); RFC 7860 §4.2 (HMAC-SHA-2 truncations).</remarks>
#pragma warning disable CA1707 // Named as RFC 3414 and RFC 7860 name them: HMAC-MD5-96, HMAC-SHA-224-128 (hash, then MAC bits).
public enum SnmpAuthProtocol
{
    /// <summary>No authentication (<c>noAuthNoPriv</c>): no key, empty <c>msgAuthenticationParameters</c>.</summary>
    None,

    /// <summary>usmHMACMD5AuthProtocol, RFC 3414 §6: MD5 keys of 16 octets, MAC truncated to 12 octets.</summary>
    HmacMd5_96,

    /// <summary>usmHMACSHAAuthProtocol, RFC 3414 §7: SHA-1 keys of 20 octets, MAC truncated to 12 octets.</summary>
    HmacSha1_96,

    /// <summary>usmHMAC128SHA224AuthProtocol, RFC 7860 §4.2: SHA-224 keys of 28 octets, MAC truncated to 16 octets.</summary>
    HmacSha224_128,

    /// <summary>usmHMAC192SHA256AuthProtocol, RFC 7860 §4.2: SHA-256 keys of 32 octets, MAC truncated to 24 octets.</summary>
    HmacSha256_192,

    /// <summary>usmHMAC256SHA384AuthProtocol, RFC 7860 §4.2: SHA-384 keys of 48 octets, MAC truncated to 32 octets.</summary>
    HmacSha384_256,

    /// <summary>usmHMAC384SHA512AuthProtocol, RFC 7860 §4.2: SHA-512 keys of 64 octets, MAC truncated to 48 octets.</summary>
    HmacSha512_384,
}
#pragma warning restore CA1707
