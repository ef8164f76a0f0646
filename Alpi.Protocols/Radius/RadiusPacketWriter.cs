using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Alpi.Protocols.Radius;

/// <summary>
/// Encodes a <see cref="RadiusPacket"/> (RFC 2865 §3 and §5). A value longer than one attribute can hold is split
/// into consecutive attributes of the same type, 253 octets each (RFC 3579 §3.1 for EAP-Message; RFC 2865 §5.26 for
/// vendor sub-attributes, 247 octets each, each in its own Vendor-Specific attribute). The authenticator is written as
/// given: <see cref="RadiusCrypto"/> computes it over the encoded octets.
/// </summary>
public static class RadiusPacketWriter
{
    /// <summary>The number of octets <paramref name="packet"/> encodes to, which may exceed 4096.</summary>
    public static int GetEncodedLength(RadiusPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var length = RadiusPacket.HeaderLength;
        foreach (var attribute in packet.Attributes)
        {
            length += GetEncodedLength(attribute);
        }

        return length;
    }

    /// <summary>Encodes into <paramref name="destination"/>.</summary>
    /// <param name="packet">The packet; its authenticator must be 16 octets.</param>
    /// <param name="destination">Where to write.</param>
    /// <param name="written">The number of octets written (the Length field).</param>
    /// <returns>False when the destination is too small or the packet would exceed 4096 octets (RFC 2865 §3).</returns>
    public static bool TryEncode(RadiusPacket packet, Span<byte> destination, out int written)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (packet.Authenticator.Length != RadiusPacket.AuthenticatorLength)
        {
            ThrowBadAuthenticator(nameof(packet));
        }

        written = 0;
        var length = GetEncodedLength(packet);
        if (length > RadiusPacket.MaxLength || length > destination.Length)
        {
            return false;
        }

        destination[0] = (byte)packet.Code;
        destination[1] = packet.Identifier;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
        packet.Authenticator.Span.CopyTo(destination[4..]);
        var position = RadiusPacket.HeaderLength;
        foreach (var attribute in packet.Attributes)
        {
            position += WriteAttribute(attribute, destination[position..]);
        }

        written = position;
        return true;
    }

    /// <summary>Encodes into a new array.</summary>
    /// <exception cref="ArgumentException">The packet would exceed 4096 octets (RFC 2865 §3).</exception>
    public static byte[] Encode(RadiusPacket packet)
    {
        var buffer = new byte[GetEncodedLength(packet)];
        if (!TryEncode(packet, buffer, out _))
        {
            ThrowTooLong(buffer.Length, nameof(packet));
        }

        return buffer;
    }

    /// <summary>Encodes into <paramref name="output"/>, advancing it by the packet length.</summary>
    /// <exception cref="ArgumentException">The packet would exceed 4096 octets (RFC 2865 §3).</exception>
    public static void Encode(RadiusPacket packet, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var length = GetEncodedLength(packet);
        if (!TryEncode(packet, output.GetSpan(length), out var written))
        {
            ThrowTooLong(length, nameof(packet));
        }

        output.Advance(written);
    }

    private static int GetEncodedLength(RadiusAttribute attribute)
    {
        var perAttribute = attribute.IsVendorSpecific ? RadiusAttribute.MaxVendorValueLength : RadiusAttribute.MaxValueLength;
        var overhead = attribute.IsVendorSpecific ? 8 : 2;
        var chunks = Math.Max(1, (attribute.Value.Length + perAttribute - 1) / perAttribute);
        return attribute.Value.Length + (chunks * overhead);
    }

    private static int WriteAttribute(RadiusAttribute attribute, Span<byte> destination)
    {
        var value = attribute.Value.Span;
        var position = 0;
        do
        {
            if (attribute.IsVendorSpecific)
            {
                var chunk = value[..Math.Min(value.Length, RadiusAttribute.MaxVendorValueLength)];
                destination[position] = RadiusAttributeType.VendorSpecific;
                destination[position + 1] = (byte)(chunk.Length + 8);
                BinaryPrimitives.WriteUInt32BigEndian(destination[(position + 2)..], attribute.VendorId);
                destination[position + 6] = attribute.VendorType;
                destination[position + 7] = (byte)(chunk.Length + 2);
                chunk.CopyTo(destination[(position + 8)..]);
                position += chunk.Length + 8;
                value = value[chunk.Length..];
            }
            else
            {
                var chunk = value[..Math.Min(value.Length, RadiusAttribute.MaxValueLength)];
                destination[position] = attribute.Type;
                destination[position + 1] = (byte)(chunk.Length + 2);
                chunk.CopyTo(destination[(position + 2)..]);
                position += chunk.Length + 2;
                value = value[chunk.Length..];
            }
        }
        while (!value.IsEmpty);

        return position;
    }

    [DoesNotReturn]
    private static void ThrowBadAuthenticator(string paramName) =>
        throw new ArgumentException("the authenticator must be 16 octets (RFC 2865 §3)", paramName);

    [DoesNotReturn]
    private static void ThrowTooLong(int length, string paramName) =>
        throw new ArgumentException($"the packet would be {length} octets, more than 4096 (RFC 2865 §3)", paramName);
}
