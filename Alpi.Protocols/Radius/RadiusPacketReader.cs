using System.Buffers.Binary;

namespace Alpi.Protocols.Radius;

/// <summary>
/// Decodes a datagram into a <see cref="RadiusPacket"/> (RFC 2865 §3 and §5), splitting each Vendor-Specific
/// attribute into its vendor sub-attributes (RFC 2865 §5.26). Malformed input gives an error value, never an exception.
/// </summary>
public static class RadiusPacketReader
{
    /// <summary>Decodes one datagram.</summary>
    /// <param name="datagram">The UDP payload; octets beyond the Length field are ignored (RFC 2865 §3).</param>
    /// <param name="packet">The packet, or null on failure.</param>
    /// <param name="error">Why decoding failed, or <see cref="RadiusDecodeError.None"/>.</param>
    /// <returns>Whether the datagram is a well-formed packet.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> datagram, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RadiusPacket? packet, out RadiusDecodeError error)
    {
        packet = null;
        var reader = new RadiusReader(datagram);
        if (!reader.TryReadHeader(out var code, out var identifier, out var authenticator))
        {
            error = reader.Error;
            return false;
        }

        var attributes = new List<RadiusAttribute>();
        while (reader.TryReadAttribute(out var type, out var value, out _))
        {
            if (type != RadiusAttributeType.VendorSpecific)
            {
                attributes.Add(RadiusAttribute.Create(type, value));
            }
            else if (!TryAddVendorSpecific(value, attributes))
            {
                error = RadiusDecodeError.VendorSpecificMalformed;
                return false;
            }
        }

        if (reader.Error != RadiusDecodeError.None)
        {
            error = reader.Error;
            return false;
        }

        error = RadiusDecodeError.None;
        packet = new RadiusPacket(code, identifier, authenticator.ToArray(), attributes);
        return true;
    }

    /// <summary>
    /// RFC 2865 §5.26: Vendor-Id (4 octets, high octet 0) then one or more sub-attributes of vendor type, vendor
    /// length (≥ 2, counting its own header) and value.
    /// </summary>
    private static bool TryAddVendorSpecific(ReadOnlySpan<byte> value, List<RadiusAttribute> attributes)
    {
        if (value.Length < 4 + 2)
        {
            return false;
        }

        var vendorId = BinaryPrimitives.ReadUInt32BigEndian(value);
        var rest = value[4..];
        var first = attributes.Count;
        while (!rest.IsEmpty)
        {
            if (rest.Length < 2 || rest[1] < 2 || rest[1] > rest.Length)
            {
                attributes.RemoveRange(first, attributes.Count - first);
                return false;
            }

            attributes.Add(RadiusAttribute.Vendor(vendorId, rest[0], rest[2..rest[1]]));
            rest = rest[rest[1]..];
        }

        return true;
    }
}
