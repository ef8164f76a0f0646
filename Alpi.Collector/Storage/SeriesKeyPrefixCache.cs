using Alpi.Protocols.LineProtocol;

namespace Alpi.Collector.Storage;

/// <summary>
/// A small per-thread cache of <see cref="SeriesRegistry.SeriesKeyPrefix"/>: the points of one message share a few tag
/// lists (<see cref="Ingest.MetricsPayloadReader"/> gives the points of one tag set one list), so the sort and string
/// building of a prefix are done once per tag set instead of once per point. Direct-mapped by a cheap hash of the tag set;
/// an entry is used only when its measurement and tags are equal to the point's (compared by value; the parser's
/// interned strings make that a reference check). Not shared between threads.
/// </summary>
internal static class SeriesKeyPrefixCache
{
    private const int Size = 256;

    [ThreadStatic]
    private static Entry?[]? t_entries;

    /// <summary>The prefix of <paramref name="point"/>, from the cache when its measurement and tags were seen last in the same list.</summary>
    /// <param name="point">A point.</param>
    /// <param name="compute">Computes the prefix of a measurement and tag set (the uncached path).</param>
    public static string Get(LinePoint point, Func<string, IReadOnlyList<KeyValuePair<string, string>>, string> compute)
    {
        var entries = t_entries ??= new Entry?[Size];
        var tags = point.Tags;
        var slot = Slot(point.Measurement, tags);
        var entry = entries[slot];
        if (entry is not null && string.Equals(entry.Measurement, point.Measurement, StringComparison.Ordinal) && entry.Holds(tags))
        {
            return entry.Prefix;
        }

        var prefix = compute(point.Measurement, tags);
        entries[slot] = new Entry([.. tags], point.Measurement, prefix);
        return prefix;
    }

    /// <summary>
    /// A cheap hash of the tag set: lengths, first and last two characters only (no string hashed), enough to spread the tag sets
    /// of one host (<c>cpu0</c>…<c>cpu15</c>); a collision only costs a miss, as entries are compared by value.
    /// </summary>
    private static int Slot(string measurement, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        var hash = (uint)measurement.Length;
        for (var i = 0; i < tags.Count; i++)
        {
            var (key, value) = tags[i];
            hash = (hash * 31) + (uint)key.Length;
            hash = (hash * 31) + (uint)value.Length;
            if (value.Length > 0)
            {
                hash = (hash * 31) + value[^1];
                hash = (hash * 31) + (value.Length > 1 ? value[^2] : 0u);
                hash = (hash * 31) + value[0];
            }
        }

        hash ^= hash >> 13;
        hash *= 0x9E3779B1u;
        return (int)(hash >> 24) & (Size - 1);
    }

    private sealed record Entry(KeyValuePair<string, string>[] Snapshot, string Measurement, string Prefix)
    {
        public bool Holds(IReadOnlyList<KeyValuePair<string, string>> tags)
        {
            if (tags.Count != Snapshot.Length)
            {
                return false;
            }

            for (var i = 0; i < Snapshot.Length; i++)
            {
                var tag = tags[i];
                if (!string.Equals(tag.Key, Snapshot[i].Key, StringComparison.Ordinal) || !string.Equals(tag.Value, Snapshot[i].Value, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
