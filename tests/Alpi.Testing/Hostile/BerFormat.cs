namespace Alpi.Testing.Hostile;

/// <summary>
/// BER as SNMP uses it (X.690 §8.1, definite lengths): walks the TLV tree of a packet, into constructed elements and
/// into OCTET STRINGs that wrap a SEQUENCE (msgSecurityParameters), and lies in length octets.
/// </summary>
public sealed class BerFormat : IPacketFormat
{
    /// <summary>The one instance.</summary>
    public static readonly BerFormat Instance = new();

    private BerFormat()
    {
    }

    /// <inheritdoc />
    public IReadOnlyList<LengthField> LengthFields(byte[] data)
    {
        var fields = new List<LengthField>();
        Walk(data, 0, data.Length, fields, 0);
        return fields;
    }

    /// <summary>
    /// Lies: 0, one short, one long, 127, the indefinite form 0x80, the reserved 0xFF, a non-minimal long form, 2³¹−1,
    /// 2³²−1, nine length octets, 65535, double, a five-octet non-minimal form and a length octet with nothing after it.
    /// </summary>
    public byte[] Lie(byte[] data, LengthField field, uint lie)
    {
        byte[] encoded = (lie % 14) switch
        {
            0 => [0x00],
            1 => Definite(Math.Max(0, field.Value - 1)),
            2 => Definite(field.Value + 1),
            3 => [0x7F],
            4 => [0x80],
            5 => [0xFF],
            6 => [0x82, (byte)(field.Value >> 8), (byte)field.Value],
            7 => [0x84, 0x7F, 0xFF, 0xFF, 0xFF],
            8 => [0x84, 0xFF, 0xFF, 0xFF, 0xFF],
            9 => [0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9],
            10 => [0x82, 0xFF, 0xFF],
            11 => Definite(field.Value * 2L),
            12 => [0x85, 0, 0, 0, (byte)(field.Value >> 8), (byte)field.Value],
            _ => [0x84],
        };
        return [.. data.AsSpan(0, field.Offset), .. encoded, .. data.AsSpan(field.Offset + field.Size)];
    }

    /// <summary>The minimal definite length octets of <paramref name="length"/> (X.690 §8.1.3), clamped to 2³¹−1.</summary>
    public static byte[] Definite(long length)
    {
        var value = (int)Math.Clamp(length, 0, int.MaxValue);
        return value switch
        {
            < 0x80 => [(byte)value],
            <= 0xFF => [0x81, (byte)value],
            <= 0xFFFF => [0x82, (byte)(value >> 8), (byte)value],
            <= 0xFFFFFF => [0x83, (byte)(value >> 16), (byte)(value >> 8), (byte)value],
            _ => [0x84, (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value],
        };
    }

    /// <summary>A TLV with the given tag and content, minimal length.</summary>
    public static byte[] Tlv(byte tag, ReadOnlySpan<byte> content) => [tag, .. Definite(content.Length), .. content];

    private static void Walk(byte[] data, int position, int end, List<LengthField> fields, int depth)
    {
        while (position + 1 < end && depth < 64)
        {
            var tag = data[position];
            var lengthOffset = position + 1;
            int first = data[lengthOffset];
            int size, length;
            if (first < 0x80)
            {
                size = 1;
                length = first;
            }
            else
            {
                var count = first & 0x7F;
                if (count is 0 or > 4 || lengthOffset + count >= end)
                {
                    return;
                }

                size = 1 + count;
                long value = 0;
                for (var i = 0; i < count; i++)
                {
                    value = (value << 8) | data[lengthOffset + 1 + i];
                }

                if (value > int.MaxValue)
                {
                    return;
                }

                length = (int)value;
            }

            var content = lengthOffset + size;
            if (length > end - content)
            {
                return;
            }

            fields.Add(new LengthField(lengthOffset, size, length));
            if ((tag & 0x20) != 0 || (tag == 0x04 && length > 0 && data[content] == 0x30))
            {
                Walk(data, content, content + length, fields, depth + 1);
            }

            position = content + length;
        }
    }
}
