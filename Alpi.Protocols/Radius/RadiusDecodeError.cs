namespace Alpi.Protocols.Radius;

/// <summary>Why a datagram is not a well-formed RADIUS packet (RFC 2865 §3 and §5). Such packets are silently discarded.</summary>
public enum RadiusDecodeError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The datagram is shorter than the 20-octet header (RFC 2865 §3).</summary>
    DatagramTooShort,

    /// <summary>The Length field is below 20 or above 4096 (RFC 2865 §3).</summary>
    LengthOutOfRange,

    /// <summary>The Length field is larger than the datagram received (RFC 2865 §3: the packet must be discarded).</summary>
    LengthBeyondDatagram,

    /// <summary>An attribute's Length is below 2, or the octets left cannot hold an attribute header (RFC 2865 §5).</summary>
    AttributeTooShort,

    /// <summary>An attribute's Length runs past the end of the packet (RFC 2865 §5).</summary>
    AttributeOverrun,

    /// <summary>A Vendor-Specific attribute is too short to hold its Vendor-Id, or its sub-attributes are malformed (RFC 2865 §5.26).</summary>
    VendorSpecificMalformed,
}
