namespace Alpi.Protocols.LineProtocol;

/// <summary>Parses InfluxDB line protocol (placeholder, being written).</summary>
public static class LineProtocolParser
{
    /// <summary>
    /// Parses a payload of UTF-8 line protocol, one point per line. Good lines are appended to
    /// <paramref name="points"/>, each bad line to <paramref name="errors"/> with its line number and reason.
    /// </summary>
    /// <returns>The number of points appended.</returns>
    public static int Parse(ReadOnlySpan<byte> payload, TimestampPrecision precision, ICollection<LinePoint> points, ICollection<LineProtocolError> errors)
    {
        _ = payload; _ = precision; _ = points; _ = errors;
        throw new NotSupportedException("being written");
    }
}
