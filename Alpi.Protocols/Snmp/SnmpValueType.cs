using Alpi.Protocols.Snmp.Ber;

namespace Alpi.Protocols.Snmp;

/// <summary>
/// The kind of a varbind value: the BER tag of each SNMP data type, the three per-varbind exceptions, and a decode
/// error state for a value that could not be read.
/// </summary>
/// <remarks>Sources: RFC 2578 §7.1 (SMIv2 types); RFC 3416 §3 (VarBind value CHOICE and exceptions).</remarks>
public enum SnmpValueType
{
    /// <summary>No value: <c>default(SnmpValue)</c>.</summary>
    None = 0,

    /// <summary>INTEGER / Integer32 (RFC 2578 §7.1.1).</summary>
    Integer32 = BerTag.Integer,

    /// <summary>OCTET STRING (RFC 2578 §7.1.2).</summary>
    OctetString = BerTag.OctetString,

    /// <summary>NULL, the value of varbinds in requests (RFC 3416 §3, unSpecified).</summary>
    Null = BerTag.Null,

    /// <summary>OBJECT IDENTIFIER (RFC 2578 §7.1.3).</summary>
    ObjectIdentifier = BerTag.ObjectIdentifier,

    /// <summary>IpAddress (RFC 2578 §7.1.5).</summary>
    IpAddress = BerTag.IpAddress,

    /// <summary>Counter32 (RFC 2578 §7.1.6).</summary>
    Counter32 = BerTag.Counter32,

    /// <summary>Gauge32, also Unsigned32 (RFC 2578 §7.1.7).</summary>
    Gauge32 = BerTag.Gauge32,

    /// <summary>TimeTicks, hundredths of a second (RFC 2578 §7.1.8).</summary>
    TimeTicks = BerTag.TimeTicks,

    /// <summary>Opaque (RFC 2578 §7.1.9).</summary>
    Opaque = BerTag.Opaque,

    /// <summary>Counter64 (RFC 2578 §7.1.10).</summary>
    Counter64 = BerTag.Counter64,

    /// <summary>Exception noSuchObject: no such object at this OID (RFC 3416 §4.2.1).</summary>
    NoSuchObject = BerTag.NoSuchObject,

    /// <summary>Exception noSuchInstance: the object exists but not this instance (RFC 3416 §4.2.1).</summary>
    NoSuchInstance = BerTag.NoSuchInstance,

    /// <summary>Exception endOfMibView: past the end of the MIB view (RFC 3416 §4.2.2).</summary>
    EndOfMibView = BerTag.EndOfMibView,

    /// <summary>
    /// The varbind was well framed but its name or value could not be read (out of its type's range, unknown type);
    /// the other varbinds of the PDU are kept.
    /// </summary>
    DecodeError = 0x100,
}
