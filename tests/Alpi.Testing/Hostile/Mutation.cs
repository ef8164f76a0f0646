using CsCheck;

namespace Alpi.Testing.Hostile;

/// <summary>What a mutation does to a real packet (after AFL's havoc stage, plus structure-aware length lies).</summary>
public enum MutationKind
{
    /// <summary>Flips one bit.</summary>
    FlipBit,

    /// <summary>Sets one octet to an interesting value (0x00, 0x7F, 0x80, 0x81, 0x82, 0x84, 0xFF) or a random one.</summary>
    SetByte,

    /// <summary>Cuts the packet short.</summary>
    Truncate,

    /// <summary>Removes 1 to 16 octets.</summary>
    Delete,

    /// <summary>Inserts 1 to 8 random octets.</summary>
    Insert,

    /// <summary>Repeats a chunk of the packet 1 to 4 times in place.</summary>
    Duplicate,

    /// <summary>Rewrites a length field (a BER length, a RADIUS Length) with a lie: too short, too long, huge, reserved.</summary>
    LengthLie,

    /// <summary>Inserts a chunk of another real packet.</summary>
    Splice,
}

/// <summary>One mutation; its three numbers pick positions and values modulo the packet's current size.</summary>
public readonly record struct Mutation(MutationKind Kind, uint A, uint B, uint C)
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x02, 0x7F, 0x80, 0x81, 0x82, 0x84, 0xFE, 0xFF, 0x30, 0x04, 0x06, 0xA0, 0xA4, 0xA7, 0x1A];

    /// <summary>Any mutation, length lies weighted like the other kinds.</summary>
    public static readonly Gen<Mutation> Gen = CsCheck.Gen.Select(
        CsCheck.Gen.Int[0, (int)MutationKind.Splice].Select(k => (MutationKind)k), CsCheck.Gen.UInt, CsCheck.Gen.UInt, CsCheck.Gen.UInt,
        (kind, a, b, c) => new Mutation(kind, a, b, c));

    /// <summary>The packet after this mutation (a new array; <paramref name="data"/> is left alone).</summary>
    public byte[] Apply(byte[] data, IPacketFormat format, IReadOnlyList<byte[]> seeds)
    {
        if (data.Length == 0)
        {
            return Kind is MutationKind.Insert or MutationKind.Splice ? Apply([0], format, seeds) : data;
        }

        var position = (int)(A % (uint)data.Length);
        switch (Kind)
        {
            case MutationKind.FlipBit:
                {
                    var copy = (byte[])data.Clone();
                    copy[position] ^= (byte)(1 << (int)(B % 8));
                    return copy;
                }

            case MutationKind.SetByte:
                {
                    var copy = (byte[])data.Clone();
                    copy[position] = C % 2 == 0 ? Interesting[B % (uint)Interesting.Length] : (byte)B;
                    return copy;
                }

            case MutationKind.Truncate:
                return data[..(int)(A % (uint)(data.Length + 1))];

            case MutationKind.Delete:
                {
                    var count = Math.Min(1 + (int)(B % 16), data.Length - position);
                    return [.. data.AsSpan(0, position), .. data.AsSpan(position + count)];
                }

            case MutationKind.Insert:
                {
                    var inserted = new byte[1 + (B % 8)];
                    new Random((int)C).NextBytes(inserted);
                    return [.. data.AsSpan(0, position), .. inserted, .. data.AsSpan(position)];
                }

            case MutationKind.Duplicate:
                {
                    var chunk = data.AsSpan(position, Math.Min(1 + (int)(B % 64), data.Length - position)).ToArray();
                    var result = new List<byte>(data.Length + (chunk.Length * 4));
                    result.AddRange(data.AsSpan(0, position + chunk.Length));
                    for (var i = 0; i < 1 + (C % 4); i++)
                    {
                        result.AddRange(chunk);
                    }

                    result.AddRange(data.AsSpan(position + chunk.Length));
                    return [.. result];
                }

            case MutationKind.LengthLie:
                {
                    var fields = format.LengthFields(data);
                    return fields.Count == 0
                        ? (this with { Kind = MutationKind.FlipBit }).Apply(data, format, seeds)
                        : format.Lie(data, fields[(int)(A % (uint)fields.Count)], B);
                }

            default:
                {
                    var other = seeds[(int)(B % (uint)seeds.Count)];
                    if (other.Length == 0)
                    {
                        return data;
                    }

                    var start = (int)(C % (uint)other.Length);
                    var chunk = other.AsSpan(start, Math.Min(1 + (int)((C >> 16) % 32), other.Length - start));
                    return [.. data.AsSpan(0, position), .. chunk, .. data.AsSpan(position)];
                }
        }
    }
}

/// <summary>Where a packet format keeps its length fields, and how to lie in one.</summary>
public interface IPacketFormat
{
    /// <summary>The length fields found in <paramref name="data"/> (as far as it can be walked).</summary>
    IReadOnlyList<LengthField> LengthFields(byte[] data);

    /// <summary><paramref name="data"/> with <paramref name="field"/> rewritten by lie number <paramref name="lie"/> (taken modulo the lies known).</summary>
    byte[] Lie(byte[] data, LengthField field, uint lie);
}

/// <summary>A length field: <paramref name="Size"/> octets at <paramref name="Offset"/> saying <paramref name="Value"/>.</summary>
public readonly record struct LengthField(int Offset, int Size, int Value);

/// <summary>Generators of mutated real packets.</summary>
public static class Mutated
{
    /// <summary>A real packet from <paramref name="seeds"/> with 1 to <paramref name="maxMutations"/> mutations stacked.</summary>
    public static Gen<byte[]> From(IReadOnlyList<byte[]> seeds, IPacketFormat format, int maxMutations = 6) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Mutation.Gen.Array[1, maxMutations], (index, mutations) =>
        {
            var data = seeds[index];
            foreach (var mutation in mutations)
            {
                data = mutation.Apply(data, format, seeds);
            }

            return data;
        });
}
