namespace Alpi.Protocols.LineProtocol;

/// <summary>
/// What a reader of line protocol adds to every point as it is parsed, so that it needs no second copy of each point:
/// the timestamp of the lines that carry none, a change of each distinct tag set (a collector adding the
/// <c>tenant</c> and <c>host</c> of the MQTT topic, say), and the range of timestamps it keeps (a line stamped outside it
/// is an error, as InfluxDB refuses a point outside its time range).
/// </summary>
/// <param name="DefaultTimestamp">Nanoseconds since the Unix epoch given to a line without timestamp; null leaves it null.</param>
/// <param name="TagSet">
/// Called with the tags of a line as parsed (unescaped, in line order, possibly empty; never to be changed) once per
/// distinct tag set of a payload, as far as the parser's small cache of recent tag sets reaches; its result becomes the
/// <see cref="LinePoint.Tags"/> of every point with those tags, shared between them (never change it). Null keeps the
/// tags as parsed.
/// </param>
/// <remarks>Not part of line protocol: a convenience of this parser (InfluxDB's <c>/write</c> gives a line without
/// timestamp the server's time, as <paramref name="DefaultTimestamp"/> does).</remarks>
public sealed record LinePointShaping(
    long? DefaultTimestamp,
    Func<KeyValuePair<string, string>[], IReadOnlyList<KeyValuePair<string, string>>>? TagSet)
{
    /// <summary>
    /// The earliest timestamp kept, nanoseconds since the Unix epoch (<see cref="long.MinValue"/>: any): a line stamped
    /// before it is an error (<c>timestamp … is outside the range kept, … to …</c>, at the timestamp's column).
    /// </summary>
    public long MinTimestamp { get; init; } = long.MinValue;

    /// <summary>The latest timestamp kept, nanoseconds since the Unix epoch, inclusive (<see cref="long.MaxValue"/>: any).</summary>
    public long MaxTimestamp { get; init; } = long.MaxValue;
}
