namespace Alpi.Protocols.Radius;

/// <summary>The data types of attribute values (RFC 2865 §5, RFC 8044 §3).</summary>
public enum RadiusValueType
{
    /// <summary>UTF-8 text, 1–253 octets ("text", RFC 2865 §5; FreeRADIUS "string").</summary>
    Text,

    /// <summary>Binary data, 1–253 octets ("string", RFC 2865 §5; FreeRADIUS "octets").</summary>
    Octets,

    /// <summary>An IPv4 address, 4 octets ("address", RFC 2865 §5; FreeRADIUS "ipaddr").</summary>
    IPv4Address,

    /// <summary>A 32-bit unsigned big-endian integer ("integer", RFC 2865 §5).</summary>
    Integer,

    /// <summary>Seconds since 1970-01-01T00:00:00Z as a 32-bit unsigned integer ("time", RFC 2865 §5).</summary>
    Date,

    /// <summary>A Vendor-Specific container (RFC 2865 §5.26).</summary>
    VendorSpecific,
}
