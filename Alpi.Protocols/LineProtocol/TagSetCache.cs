namespace Alpi.Protocols.LineProtocol;

/// <summary>
/// The tag sets of the recent lines of one payload, so that the points with the same tags (a collection of 16 CPUs
/// repeats 16 tag sets line after line) share one tag list instead of one each, shaped once by
/// <see cref="LinePointShaping.TagSet"/> when given. Direct-mapped on a cheap hash of the tags (lengths, first and last
/// two characters); a slot is used only when its tags are equal by value (a reference check for the names and values the
/// parser's <see cref="Utf8StringCache"/> interned). One per
/// <see cref="LineProtocolParser.Parse(ReadOnlySpan{byte}, TimestampPrecision, ICollection{LinePoint}, ICollection{LineProtocolError})"/>
/// call; not thread-safe.
/// </summary>
internal sealed class TagSetCache(Func<KeyValuePair<string, string>[], IReadOnlyList<KeyValuePair<string, string>>>? shape)
{
    private const int Size = 128;

    private readonly KeyValuePair<string, string>[]?[] _parsed = new KeyValuePair<string, string>[Size][];
    private readonly IReadOnlyList<KeyValuePair<string, string>>?[] _shaped = new IReadOnlyList<KeyValuePair<string, string>>[Size];
    private IReadOnlyList<KeyValuePair<string, string>>? _none;

    /// <summary>The tag list of a line whose tags are <paramref name="tags"/>, shared with earlier lines of the same tags.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Get(List<KeyValuePair<string, string>> tags)
    {
        if (tags.Count == 0)
        {
            return _none ??= shape is null ? [] : shape([]);
        }

        // Lengths and first and last two characters only: no string hashed; a collision only costs a miss.
        var hash = (uint)tags.Count;
        foreach (var (key, value) in tags)
        {
            hash = (hash * 31) + (uint)key.Length;
            hash = (hash * 31) + (uint)value.Length;
            hash = (hash * 31) + value[^1];
            hash = (hash * 31) + (value.Length > 1 ? value[^2] : 0u);
            hash = (hash * 31) + value[0];
        }

        hash ^= hash >> 13;
        hash *= 0x9E3779B1u;
        var slot = (int)(hash >> 24) & (Size - 1);
        var cached = _parsed[slot];
        if (cached is not null && Same(cached, tags))
        {
            return _shaped[slot]!;
        }

        var array = tags.ToArray();
        var shaped = shape is null ? array : shape(array);
        _parsed[slot] = array;
        _shaped[slot] = shaped;
        return shaped;
    }

    private static bool Same(KeyValuePair<string, string>[] cached, List<KeyValuePair<string, string>> tags)
    {
        if (cached.Length != tags.Count)
        {
            return false;
        }

        for (var i = 0; i < cached.Length; i++)
        {
            if (!string.Equals(cached[i].Key, tags[i].Key, StringComparison.Ordinal) || !string.Equals(cached[i].Value, tags[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
