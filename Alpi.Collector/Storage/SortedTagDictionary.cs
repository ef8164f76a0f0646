using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Alpi.Collector.Storage;

/// <summary>
/// A series' tag set: an immutable map of tag key to tag value, sorted by key (ordinal), held in one array and read by
/// binary search. About 100 octets for three tags where a <see cref="SortedDictionary{TKey, TValue}"/> took 280
/// (bench/README.md, "Collector memory per active series"), and shared by all the series of one point (one per field).
/// </summary>
public sealed class SortedTagDictionary : IReadOnlyDictionary<string, string>
{
    private readonly KeyValuePair<string, string>[] _tags;

    private SortedTagDictionary(KeyValuePair<string, string>[] sorted) => _tags = sorted;

    /// <summary>
    /// The tag set of <paramref name="tags"/>, sorted by key; when a key repeats, the last value wins (as a line-protocol
    /// point's repeated tag key does in the series' identity).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="tags"/> is null.</exception>
    public static SortedTagDictionary From(IEnumerable<KeyValuePair<string, string>> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var all = tags.ToArray();
        // Stable by key, so that among equal keys the last one given stays last.
        var sorted = all.Select((tag, index) => (Tag: tag, Index: index)).Order(TagOrder.Instance).Select(t => t.Tag).ToList();
        for (var i = sorted.Count - 2; i >= 0; i--)
        {
            if (string.Equals(sorted[i].Key, sorted[i + 1].Key, StringComparison.Ordinal))
            {
                sorted.RemoveAt(i);
            }
        }

        return new SortedTagDictionary([.. sorted]);
    }

    /// <inheritdoc />
    public int Count => _tags.Length;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _tags.Select(t => t.Key);

    /// <inheritdoc />
    public IEnumerable<string> Values => _tags.Select(t => t.Value);

    /// <inheritdoc />
    /// <exception cref="KeyNotFoundException">No tag has this key.</exception>
    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no tag \"{key}\"");

    /// <inheritdoc />
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _tags[index].Value : null;
        return index >= 0;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_tags).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int low = 0, high = _tags.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = string.CompareOrdinal(_tags[middle].Key, key);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    private sealed class TagOrder : IComparer<(KeyValuePair<string, string> Tag, int Index)>
    {
        public static readonly TagOrder Instance = new();

        public int Compare((KeyValuePair<string, string> Tag, int Index) x, (KeyValuePair<string, string> Tag, int Index) y)
        {
            var order = string.CompareOrdinal(x.Tag.Key, y.Tag.Key);
            return order != 0 ? order : x.Index.CompareTo(y.Index);
        }
    }
}
