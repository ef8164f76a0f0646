using System.Text;

namespace Alpi.Protocols.LineProtocol;

/// <summary>
/// A small direct-mapped cache from short UTF-8 byte sequences to strings, so that measurement names,
/// tag keys, tag values and field keys repeated from line to line are allocated once. Not thread-safe:
/// the parser keeps one per thread.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int Size = 1024;
    private const int MaxLength = 64;

    private readonly byte[]?[] _keys = new byte[Size][];
    private readonly string?[] _values = new string[Size];

    /// <summary>The string for the valid UTF-8 <paramref name="utf8"/>, from the cache when possible.</summary>
    public string GetString(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (utf8.Length > MaxLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var slot = Hash(utf8) & (Size - 1);
        var key = _keys[slot];
        if (key is not null && utf8.SequenceEqual(key))
        {
            return _values[slot]!;
        }

        var value = Encoding.UTF8.GetString(utf8);
        _keys[slot] = utf8.ToArray();
        _values[slot] = value;
        return value;
    }

    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        // FNV-1a: short keys, no need for anything stronger (the cache only saves allocations).
        var hash = 2166136261u;
        foreach (var b in utf8)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash ^ (hash >> 15));
    }
}
