namespace Alpi.Protocols.Radius;

/// <summary>
/// A RADIUS packet (RFC 2865 §3): code, identifier, the 16-octet authenticator and the attributes in wire order.
/// Equality compares the authenticator octets and the attributes in order.
/// </summary>
/// <param name="Code">The packet type (RFC 2865 §3).</param>
/// <param name="Identifier">Matches requests and replies (RFC 2865 §3).</param>
/// <param name="Authenticator">The Request or Response Authenticator, 16 octets (RFC 2865 §3).</param>
/// <param name="Attributes">The attributes in the order they appear on the wire (RFC 2865 §5).</param>
public sealed record RadiusPacket(RadiusCode Code, byte Identifier, ReadOnlyMemory<byte> Authenticator, IReadOnlyList<RadiusAttribute> Attributes)
{
    /// <summary>The length of the fixed header: Code, Identifier, Length and Authenticator (RFC 2865 §3).</summary>
    public const int HeaderLength = 20;

    /// <summary>The length of the Authenticator field (RFC 2865 §3).</summary>
    public const int AuthenticatorLength = 16;

    /// <summary>The largest packet allowed (RFC 2865 §3).</summary>
    public const int MaxLength = 4096;

    /// <summary>The first standard attribute of the given type, or null.</summary>
    public RadiusAttribute? Find(byte type)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Type == type && !attribute.IsVendorSpecific)
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>The first vendor sub-attribute with the given vendor and type, or null (RFC 2865 §5.26).</summary>
    public RadiusAttribute? FindVendor(uint vendorId, byte vendorType)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.IsVendorSpecific && attribute.VendorId == vendorId && attribute.VendorType == vendorType)
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>
    /// The values of every standard attribute of the given type, concatenated in order: how a value split over
    /// consecutive attributes is put back together (RFC 3579 §3.1 for EAP-Message).
    /// </summary>
    public byte[] Concatenate(byte type)
    {
        var length = 0;
        foreach (var attribute in Attributes)
        {
            if (attribute.Type == type)
            {
                length += attribute.Value.Length;
            }
        }

        var result = new byte[length];
        var offset = 0;
        foreach (var attribute in Attributes)
        {
            if (attribute.Type == type)
            {
                attribute.Value.Span.CopyTo(result.AsSpan(offset));
                offset += attribute.Value.Length;
            }
        }

        return result;
    }

    /// <inheritdoc />
    public bool Equals(RadiusPacket? other) =>
        other is not null && Code == other.Code && Identifier == other.Identifier
        && Authenticator.Span.SequenceEqual(other.Authenticator.Span)
        && Attributes.SequenceEqual(other.Attributes);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Code);
        hash.Add(Identifier);
        hash.AddBytes(Authenticator.Span);
        hash.Add(Attributes.Count);
        return hash.ToHashCode();
    }
}
