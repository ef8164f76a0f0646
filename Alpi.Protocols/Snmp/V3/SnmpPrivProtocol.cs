namespace Alpi.Protocols.Snmp.V3;

/// <summary>The USM privacy protocol of an SNMPv3 user: the cipher that encrypts the scopedPDU.</summary>
/// <remarks>Sources: RFC 3414 §8 (CBC-DES), RFC 3826 §3 (AES-128 in CFB-128 mode), draft-blumenthal-aes-usm-04 (AES-192/256).</remarks>
public enum SnmpPrivProtocol
{
    /// <summary>No privacy (<c>noAuthNoPriv</c> or <c>authNoPriv</c>): the scopedPDU travels in clear.</summary>
    None,

    /// <summary>usmDESPrivProtocol, RFC 3414 §8: CBC-DES, 16-octet privacy key (8-octet DES key, 8-octet pre-IV), ciphertext padded to a multiple of 8 octets.</summary>
    Des,

    /// <summary>usmAesCfb128Protocol, RFC 3826 §3: AES-128 in CFB-128 mode, 16-octet key, ciphertext as long as the plaintext.</summary>
    Aes128,

    /// <summary>AES-192 in CFB-128 mode, 24-octet key, draft-blumenthal-aes-usm-04; the key extension is chosen by <see cref="UsmKeyExtension"/>.</summary>
    Aes192,

    /// <summary>AES-256 in CFB-128 mode, 32-octet key, draft-blumenthal-aes-usm-04; the key extension is chosen by <see cref="UsmKeyExtension"/>.</summary>
    Aes256,
}
