using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Alpi.Protocols.Radius;

/// <summary>
/// One attribute of a RADIUS packet (RFC 2865 §5): a type and its value octets, or a vendor sub-attribute carried in
/// a Vendor-Specific attribute (RFC 2865 §5.26), identified by its Vendor-Id and vendor type. Equality compares the
/// value octets.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "RFC 2865 §5 calls it an attribute; it is not a .NET attribute.")]
public sealed record RadiusAttribute
{
    /// <summary>The largest value one attribute can carry: 255 minus the two header octets (RFC 2865 §5).</summary>
    public const int MaxValueLength = 253;

    /// <summary>The largest value one vendor sub-attribute can carry in one Vendor-Specific attribute (RFC 2865 §5.26).</summary>
    public const int MaxVendorValueLength = MaxValueLength - 6;

    private RadiusAttribute(byte type, uint vendorId, byte vendorType, ReadOnlyMemory<byte> value)
    {
        Type = type;
        VendorId = vendorId;
        VendorType = vendorType;
        Value = value;
    }

    /// <summary>The attribute type (RFC 2865 §5); <see cref="RadiusAttributeType.VendorSpecific"/> for a vendor sub-attribute.</summary>
    public byte Type { get; }

    /// <summary>The SMI Network Management Private Enterprise Code of the vendor (RFC 2865 §5.26), or 0.</summary>
    public uint VendorId { get; }

    /// <summary>The vendor's own attribute type (RFC 2865 §5.26), or 0.</summary>
    public byte VendorType { get; }

    /// <summary>The value octets, without any header.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>Whether this is a vendor sub-attribute (RFC 2865 §5.26).</summary>
    public bool IsVendorSpecific => Type == RadiusAttributeType.VendorSpecific;

    /// <summary>A standard attribute (RFC 2865 §5). The value is copied.</summary>
    /// <param name="type">The attribute type; not <see cref="RadiusAttributeType.VendorSpecific"/>.</param>
    /// <param name="value">The value octets; longer values are split by the writer.</param>
    public static RadiusAttribute Create(byte type, ReadOnlySpan<byte> value)
    {
        if (type == RadiusAttributeType.VendorSpecific)
        {
            throw new ArgumentException("use Vendor() for Vendor-Specific attributes (RFC 2865 §5.26)", nameof(type));
        }

        return new RadiusAttribute(type, 0, 0, value.ToArray());
    }

    /// <summary>A vendor sub-attribute in the format recommended by RFC 2865 §5.26. The value is copied.</summary>
    /// <param name="vendorId">The vendor's Private Enterprise Code (for example 14122 for WISPr).</param>
    /// <param name="vendorType">The vendor's attribute type.</param>
    /// <param name="value">The value octets.</param>
    public static RadiusAttribute Vendor(uint vendorId, byte vendorType, ReadOnlySpan<byte> value) =>
        new(RadiusAttributeType.VendorSpecific, vendorId, vendorType, value.ToArray());

    /// <summary>A text attribute, UTF-8 encoded (RFC 2865 §5, "text").</summary>
    public static RadiusAttribute FromString(byte type, string value) => Create(type, Encoding.UTF8.GetBytes(value));

    /// <summary>A 32-bit unsigned big-endian integer attribute (RFC 2865 §5, "integer").</summary>
    public static RadiusAttribute FromUInt32(byte type, uint value)
    {
        Span<byte> octets = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(octets, value);
        return Create(type, octets);
    }

    /// <summary>An IPv4 address attribute (RFC 2865 §5, "address").</summary>
    public static RadiusAttribute FromIPv4(byte type, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> octets = stackalloc byte[4];
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || !address.TryWriteBytes(octets, out _))
        {
            throw new ArgumentException("an IPv4 address is expected (RFC 2865 §5)", nameof(address));
        }

        return Create(type, octets);
    }

    /// <summary>A vendor integer sub-attribute (RFC 2865 §5.26).</summary>
    public static RadiusAttribute VendorUInt32(uint vendorId, byte vendorType, uint value)
    {
        Span<byte> octets = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(octets, value);
        return Vendor(vendorId, vendorType, octets);
    }

    /// <summary>A vendor text sub-attribute, UTF-8 encoded (RFC 2865 §5.26).</summary>
    public static RadiusAttribute VendorString(uint vendorId, byte vendorType, string value) =>
        Vendor(vendorId, vendorType, Encoding.UTF8.GetBytes(value));

    /// <summary>The value as UTF-8 text (RFC 2865 §5, "text"); invalid sequences become U+FFFD.</summary>
    public string GetString() => Encoding.UTF8.GetString(Value.Span);

    /// <summary>The value as a 32-bit big-endian integer (RFC 2865 §5, "integer").</summary>
    /// <param name="value">The integer.</param>
    /// <returns>False when the value is not exactly four octets.</returns>
    public bool TryGetUInt32(out uint value)
    {
        if (Value.Length != 4)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(Value.Span);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(RadiusAttribute? other) =>
        other is not null && Type == other.Type && VendorId == other.VendorId && VendorType == other.VendorType
        && Value.Span.SequenceEqual(other.Value.Span);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        hash.Add(VendorId);
        hash.Add(VendorType);
        hash.AddBytes(Value.Span);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => IsVendorSpecific
        ? $"Vendor-Specific {VendorId}/{VendorType} = 0x{Convert.ToHexString(Value.Span)}"
        : $"{Type} = 0x{Convert.ToHexString(Value.Span)}";
}
