namespace Alpi.Protocols.Snmp.Ber;

/// <summary>
/// The deviations from X.690 DER-like minimal encoding that <see cref="BerReader"/> accepts because real agents send
/// them. The reader accumulates them as flags over a decode so callers can count decoded messages per deviation.
/// </summary>
/// <remarks>
/// Sources: X.690 §8.1.3.5 (minimal lengths are a DER rule, BER allows longer ones), §8.3.2 (minimal INTEGER octets),
/// §8.19.2 (sub-identifiers without leading 0x80 octets); RFC 2578 §7.1 (unsigned ranges of the application types).
/// </remarks>
[Flags]
public enum BerLeniency
{
    /// <summary>Nothing unusual was decoded.</summary>
    None = 0,

    /// <summary>An INTEGER or unsigned value had redundant leading 0x00 or 0xFF octets (X.690 §8.3.2).</summary>
    NonMinimalInteger = 1 << 0,

    /// <summary>
    /// A Counter32, Gauge32, TimeTicks or Counter64 with its high bit set and no leading zero octet: a negative
    /// number in two's complement, read as the unsigned number the agent meant (RFC 2578 §7.1.6–§7.1.10).
    /// </summary>
    UnsignedWithoutLeadingZero = 1 << 1,

    /// <summary>A zero-length INTEGER, unsigned, IpAddress or OBJECT IDENTIFIER value, read as zero (0.0.0.0, .0.0).</summary>
    ZeroLengthValue = 1 << 2,

    /// <summary>A length in long form where the short form would do, or with leading zero octets (X.690 §8.1.3.5).</summary>
    NonMinimalLength = 1 << 3,

    /// <summary>An OBJECT IDENTIFIER sub-identifier starting with a 0x80 octet (X.690 §8.19.2).</summary>
    NonMinimalSubidentifier = 1 << 4,

    /// <summary>A NULL or exception (noSuchObject, noSuchInstance, endOfMibView) with content octets (X.690 §8.8.2).</summary>
    NonEmptyNull = 1 << 5,

    /// <summary>Octets after the last expected element of a SEQUENCE or after the message, skipped.</summary>
    TrailingBytes = 1 << 6,
}
