namespace Alpi.Protocols.LineProtocol;

/// <summary>
/// One point of InfluxDB line protocol: a measurement, an optional tag set, a non-empty field set and an
/// optional timestamp.
/// </summary>
/// <param name="Measurement">The measurement name, unescaped (for example <c>cpu</c>).</param>
/// <param name="Tags">Tag keys and values, unescaped, in the order they were given (writers sort them by key).</param>
/// <param name="Fields">Field keys and values, unescaped, at least one.</param>
/// <param name="Timestamp">Nanoseconds since the Unix epoch (UTC), or null when the line carried none.</param>
/// <remarks>Source: InfluxDB 2.x documentation, "Line protocol".</remarks>
public sealed record LinePoint(
    string Measurement,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    IReadOnlyList<KeyValuePair<string, FieldValue>> Fields,
    long? Timestamp)
{
    /// <summary>The value of a tag, or null when the point has no such tag.</summary>
    /// <param name="key">The tag key, unescaped.</param>
    public string? GetTag(string key)
    {
        // By index: a foreach over the interface would allocate an enumerator per call (twice per point stored).
        for (var i = 0; i < Tags.Count; i++)
        {
            var tag = Tags[i];
            if (string.Equals(tag.Key, key, StringComparison.Ordinal))
            {
                return tag.Value;
            }
        }

        return null;
    }
}
