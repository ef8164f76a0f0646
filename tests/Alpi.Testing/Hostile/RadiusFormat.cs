using System.Buffers.Binary;

namespace Alpi.Testing.Hostile;

/// <summary>
/// RADIUS (RFC 2865 §3, §5, §5.26): the header's Length, each attribute's Length and each vendor sub-attribute's
/// length, and lies in them.
/// </summary>
public sealed class RadiusFormat : IPacketFormat
{
    /// <summary>The one instance.</summary>
    public static readonly RadiusFormat Instance = new();

    private RadiusFormat()
    {
    }

    /// <inheritdoc />
    public IReadOnlyList<LengthField> LengthFields(byte[] data)
    {
        var fields = new List<LengthField>();
        if (data.Length < 20)
        {
            return fields;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(2));
        fields.Add(new LengthField(2, 2, length));
        var end = Math.Min(length, data.Length);
        var position = 20;
        while (position + 1 < end)
        {
            int attributeLength = data[position + 1];
            fields.Add(new LengthField(position + 1, 1, attributeLength));
            if (attributeLength < 2 || position + attributeLength > end)
            {
                break;
            }

            if (data[position] == 26 && attributeLength > 8)
            {
                // Vendor-Specific: Vendor-Id, then vendor type / vendor length / value.
                var sub = position + 6;
                while (sub + 1 < position + attributeLength)
                {
                    int subLength = data[sub + 1];
                    fields.Add(new LengthField(sub + 1, 1, subLength));
                    if (subLength < 2)
                    {
                        break;
                    }

                    sub += subLength;
                }
            }

            position += attributeLength;
        }

        return fields;
    }

    /// <summary>Lies: 0, 1, 2, one short, one long, the largest the field holds, 19/20/4096/4097 for the header, and the octets left.</summary>
    public byte[] Lie(byte[] data, LengthField field, uint lie)
    {
        var copy = (byte[])data.Clone();
        if (field.Size == 2)
        {
            int[] lies = [0, 1, 19, 20, field.Value - 1, field.Value + 1, 4095, 4096, 4097, 65535, data.Length, data.Length + 1, data.Length - 1];
            BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(field.Offset), (ushort)Math.Clamp(lies[lie % (uint)lies.Length], 0, 65535));
        }
        else
        {
            var left = data.Length - field.Offset + 1;
            int[] lies = [0, 1, 2, 3, field.Value - 1, field.Value + 1, 255, left, left + 1, 6, 7, 8];
            copy[field.Offset] = (byte)Math.Clamp(lies[lie % (uint)lies.Length], 0, 255);
        }

        return copy;
    }
}
