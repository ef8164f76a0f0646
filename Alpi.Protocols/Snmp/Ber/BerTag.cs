namespace Alpi.Protocols.Snmp.Ber;

/// <summary>
/// The BER identifier octets SNMP uses: universal types, the SNMP application types, the per-varbind exceptions and the
/// PDU tags. SNMP uses only the low-tag-number form (one identifier octet).
/// </summary>
/// <remarks>
/// Sources: X.690 §8.1.2 (identifier octets); RFC 2578 §7.1 (application types); RFC 3416 §3 (PDU tags and the
/// noSuchObject, noSuchInstance, endOfMibView exceptions); RFC 1157 §4.1 (Trap-PDU).
/// </remarks>
public static class BerTag
{
    /// <summary>UNIVERSAL 2, INTEGER (X.690 §8.3).</summary>
    public const byte Integer = 0x02;

    /// <summary>UNIVERSAL 4, OCTET STRING (X.690 §8.7), primitive form.</summary>
    public const byte OctetString = 0x04;

    /// <summary>UNIVERSAL 5, NULL (X.690 §8.8).</summary>
    public const byte Null = 0x05;

    /// <summary>UNIVERSAL 6, OBJECT IDENTIFIER (X.690 §8.19).</summary>
    public const byte ObjectIdentifier = 0x06;

    /// <summary>UNIVERSAL 16, SEQUENCE, constructed (X.690 §8.9).</summary>
    public const byte Sequence = 0x30;

    /// <summary>IpAddress, [APPLICATION 0] IMPLICIT OCTET STRING (SIZE (4)) (RFC 2578 §7.1.5).</summary>
    public const byte IpAddress = 0x40;

    /// <summary>Counter32, [APPLICATION 1] IMPLICIT INTEGER (0..4294967295) (RFC 2578 §7.1.6).</summary>
    public const byte Counter32 = 0x41;

    /// <summary>Gauge32 and Unsigned32, [APPLICATION 2] IMPLICIT INTEGER (0..4294967295) (RFC 2578 §7.1.7).</summary>
    public const byte Gauge32 = 0x42;

    /// <summary>TimeTicks, [APPLICATION 3] IMPLICIT INTEGER (0..4294967295) (RFC 2578 §7.1.8).</summary>
    public const byte TimeTicks = 0x43;

    /// <summary>Opaque, [APPLICATION 4] IMPLICIT OCTET STRING (RFC 2578 §7.1.9).</summary>
    public const byte Opaque = 0x44;

    /// <summary>Counter64, [APPLICATION 6] IMPLICIT INTEGER (0..18446744073709551615) (RFC 2578 §7.1.10).</summary>
    public const byte Counter64 = 0x46;

    /// <summary>noSuchObject, [0] IMPLICIT NULL (RFC 3416 §3).</summary>
    public const byte NoSuchObject = 0x80;

    /// <summary>noSuchInstance, [1] IMPLICIT NULL (RFC 3416 §3).</summary>
    public const byte NoSuchInstance = 0x81;

    /// <summary>endOfMibView, [2] IMPLICIT NULL (RFC 3416 §3).</summary>
    public const byte EndOfMibView = 0x82;

    /// <summary>Whether a tag is constructed (bit 6 set, X.690 §8.1.2.5).</summary>
    /// <param name="tag">An identifier octet.</param>
    /// <returns>True for constructed encodings (SEQUENCE, PDUs).</returns>
    public static bool IsConstructed(byte tag) => (tag & 0x20) != 0;
}
