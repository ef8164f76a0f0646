namespace Alpi.Protocols.Radius;

/// <summary>One entry of <see cref="RadiusDictionary"/>: the name and value type of an attribute (RFC 2865 §5, §5.26).</summary>
/// <param name="Name">The name as FreeRADIUS spells it (for example <c>WISPr-Bandwidth-Max-Down</c>).</param>
/// <param name="VendorId">The vendor's Private Enterprise Code, or 0 for a standard attribute.</param>
/// <param name="Type">The attribute type, or the vendor type for a vendor attribute.</param>
/// <param name="ValueType">How the value octets are interpreted.</param>
public sealed record RadiusAttributeDefinition(string Name, uint VendorId, byte Type, RadiusValueType ValueType);
