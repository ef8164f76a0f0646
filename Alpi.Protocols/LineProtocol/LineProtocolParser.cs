using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Alpi.Protocols.LineProtocol;

/// <summary>
/// Parses InfluxDB line protocol: one point per line,
/// <c>measurement[,tag_key=tag_value...] field_key=field_value[,...] [timestamp]</c>.
/// </summary>
/// <remarks>
/// <para>Source: InfluxDB 2.x documentation, "Line protocol".</para>
/// <para>
/// Lines end with <c>\n</c>; a <c>\r</c> before it is ignored. Leading spaces, tabs and byte order marks are
/// skipped. Blank lines and comments (a <c>#</c> after them) are skipped. A newline always ends a line, even inside a quoted string
/// (line protocol does not support newlines in tag or field values). Each malformed line becomes a
/// <see cref="LineProtocolError"/> and the other lines are kept. Duplicate field keys keep the last value,
/// as InfluxDB does; duplicate tag keys are an error. Timestamps are converted to nanoseconds since the Unix
/// epoch; a timestamp that overflows int64 nanoseconds is an error. The points of one payload with the same tags share
/// one tag list (read-only: never change a point's tags in place).
/// </para>
/// </remarks>
public static class LineProtocolParser
{
    private const int InitialScratchSize = 256;

    [ThreadStatic]
    private static Utf8StringCache? t_cache;

    [ThreadStatic]
    private static Dictionary<string, int>? t_keys;

    /// <summary>
    /// Parses a payload of UTF-8 line protocol, one point per line. Good lines are appended to
    /// <paramref name="points"/>, each bad line to <paramref name="errors"/> with its 1-based line number,
    /// 1-based byte column and reason. Never throws on malformed input.
    /// </summary>
    /// <param name="payload">UTF-8 text; a leading byte order mark is ignored.</param>
    /// <param name="precision">The unit of the timestamps in the payload; they are converted to nanoseconds.</param>
    /// <param name="points">Receives the points of the good lines, in payload order.</param>
    /// <param name="errors">Receives one error per malformed line, in payload order.</param>
    /// <returns>The number of points appended.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> or <paramref name="errors"/> is null.</exception>
    public static int Parse(ReadOnlySpan<byte> payload, TimestampPrecision precision, ICollection<LinePoint> points, ICollection<LineProtocolError> errors) =>
        Parse(payload, precision, null, points, errors);

    /// <summary>
    /// Parses a payload of UTF-8 line protocol as <see cref="Parse(ReadOnlySpan{byte}, TimestampPrecision, ICollection{LinePoint}, ICollection{LineProtocolError})"/>
    /// does, shaping each point as it is read (its timestamp when it has none, its tag set): no second copy of each point.
    /// </summary>
    /// <param name="payload">UTF-8 text; a leading byte order mark is ignored.</param>
    /// <param name="precision">The unit of the timestamps in the payload; they are converted to nanoseconds.</param>
    /// <param name="shaping">What to add to every point, or null for the points as written.</param>
    /// <param name="points">Receives the points of the good lines, in payload order.</param>
    /// <param name="errors">Receives one error per malformed line, in payload order.</param>
    /// <returns>The number of points appended.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> or <paramref name="errors"/> is null.</exception>
    public static int Parse(ReadOnlySpan<byte> payload, TimestampPrecision precision, LinePointShaping? shaping, ICollection<LinePoint> points, ICollection<LineProtocolError> errors)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(errors);

        if (payload.StartsWith("\uFEFF"u8))
        {
            payload = payload[3..];
        }

        var cache = t_cache ??= new Utf8StringCache();
        var tags = new List<KeyValuePair<string, string>>();
        var fields = new List<KeyValuePair<string, FieldValue>>();
        var keys = t_keys ??= new Dictionary<string, int>(StringComparer.Ordinal);
        var tagSets = new TagSetCache(shaping?.TagSet);
        var defaultTimestamp = shaping?.DefaultTimestamp;
        long minTimestamp = shaping?.MinTimestamp ?? long.MinValue, maxTimestamp = shaping?.MaxTimestamp ?? long.MaxValue;
        Span<byte> stackScratch = stackalloc byte[InitialScratchSize];
        byte[]? rented = null;
        var scratch = stackScratch;
        var added = 0;
        var lineNumber = 0;
        try
        {
            while (!payload.IsEmpty)
            {
                lineNumber++;
                var newline = payload.IndexOf((byte)'\n');
                var line = newline < 0 ? payload : payload[..newline];
                payload = newline < 0 ? [] : payload[(newline + 1)..];
                if (!line.IsEmpty && line[^1] == (byte)'\r')
                {
                    line = line[..^1];
                }

                var start = SkipLeadingBlanks(line);
                if (start < 0 || line[start] == (byte)'#')
                {
                    continue;
                }

                if (!Utf8.IsValid(line))
                {
                    errors.Add(new(lineNumber, FirstInvalidUtf8(line) + 1, "invalid UTF-8"));
                    continue;
                }

                if (line.Length > scratch.Length)
                {
                    if (rented is not null)
                    {
                        ArrayPool<byte>.Shared.Return(rented);
                    }

                    rented = ArrayPool<byte>.Shared.Rent(line.Length);
                    scratch = rented;
                }

                var reader = new LineReader(line, start, scratch, cache);
                if (reader.TryReadPoint(precision, defaultTimestamp, minTimestamp, maxTimestamp, tags, fields, keys, tagSets, out var point))
                {
                    points.Add(point!);
                    added++;
                }
                else
                {
                    errors.Add(new(lineNumber, reader.ErrorColumn, reader.ErrorReason!));
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }

            // The key index of a line with thousands of tags or fields is not kept for the thread's lifetime.
            keys.Clear();
            if (keys.EnsureCapacity(0) > 1024)
            {
                t_keys = null;
            }
        }

        return added;
    }

    /// <summary>Parses a payload given as a string (for tests and tools).</summary>
    /// <param name="payload">Line protocol text.</param>
    /// <param name="precision">The unit of the timestamps in the payload; they are converted to nanoseconds.</param>
    /// <returns>The points of the good lines and one error per malformed line.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="payload"/> is null.</exception>
    public static LineProtocolParseResult Parse(string payload, TimestampPrecision precision = TimestampPrecision.Nanoseconds)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(payload.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(payload, buffer);
            var points = new List<LinePoint>();
            var errors = new List<LineProtocolError>();
            Parse(buffer.AsSpan(0, length), precision, points, errors);
            return new LineProtocolParseResult(points, errors);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Offset of the first octet after leading spaces, tabs and byte order marks (a BOM is ignored at the start of any
    /// line, not only of the payload, so that no measurement starts with an invisible U+FEFF), or -1 for a blank line.
    /// </summary>
    private static int SkipLeadingBlanks(ReadOnlySpan<byte> line)
    {
        var start = 0;
        while (start < line.Length)
        {
            if (line[start] is (byte)' ' or (byte)'\t')
            {
                start++;
            }
            else if (line[start..].StartsWith("\uFEFF"u8))
            {
                start += 3;
            }
            else
            {
                return start;
            }
        }

        return -1;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> line)
    {
        var i = 0;
        while (i < line.Length)
        {
            if (Rune.DecodeFromUtf8(line[i..], out _, out var consumed) != OperationStatus.Done)
            {
                return i;
            }

            i += consumed;
        }

        return i;
    }
}
