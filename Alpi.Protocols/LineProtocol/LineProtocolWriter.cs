using System.Buffers;
using System.Globalization;
using System.Text;

namespace Alpi.Protocols.LineProtocol;

/// <summary>
/// Writes InfluxDB line protocol, one point per line ending with <c>\n</c>:
/// <c>measurement[,tag_key=tag_value...] field_key=field_value[,...] [timestamp]</c>.
/// </summary>
/// <remarks>
/// <para>Source: InfluxDB 2.x documentation, "Line protocol".</para>
/// <para>
/// Strict in what it sends: tags are sorted by key (ordinal), tags with an empty key or value are left out
/// (InfluxDB drops them), names and string values are escaped, floats are written with the shortest
/// round-trip representation in the invariant culture, timestamps as nanoseconds since the Unix epoch.
/// A point that cannot be represented is rejected with an <see cref="ArgumentException"/> before anything
/// is written.
/// </para>
/// </remarks>
public static class LineProtocolWriter
{
    private static readonly Comparison<KeyValuePair<string, string>> ByKey =
        static (a, b) => string.CompareOrdinal(a.Key, b.Key);

    /// <summary>Appends one point as one line ending with <c>\n</c>.</summary>
    /// <param name="point">The point; its timestamp, if any, is in nanoseconds since the Unix epoch.</param>
    /// <param name="output">Receives the line.</param>
    /// <exception cref="ArgumentNullException"><paramref name="point"/> or <paramref name="output"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The point cannot be written: empty measurement or one starting with <c>#</c>, a tab or U+FEFF, no fields, an empty
    /// field key, a NaN or infinite float, a duplicate tag key, or a newline in a name or value.
    /// </exception>
    public static void Write(LinePoint point, StringBuilder output)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(output);
        var tags = Validate(point, nameof(point));
        var sink = new StringBuilderSink(output);
        WriteCore(point, tags, ref sink);
    }

    /// <summary>Writes one point as one UTF-8 line ending with <c>\n</c>.</summary>
    /// <param name="point">The point; its timestamp, if any, is in nanoseconds since the Unix epoch.</param>
    /// <param name="output">Receives the UTF-8 bytes of the line.</param>
    /// <exception cref="ArgumentNullException"><paramref name="point"/> or <paramref name="output"/> is null.</exception>
    /// <exception cref="ArgumentException">The point cannot be written (see <see cref="Write(LinePoint, StringBuilder)"/>).</exception>
    public static void Write(LinePoint point, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(output);
        var tags = Validate(point, nameof(point));
        var sink = new Utf8Sink(output);
        WriteCore(point, tags, ref sink);
    }

    /// <summary>Formats points as line protocol, each line ending with <c>\n</c>.</summary>
    /// <param name="points">The points, written in order.</param>
    /// <returns>The lines; empty when there are no points.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">A point cannot be written (see <see cref="Write(LinePoint, StringBuilder)"/>).</exception>
    public static string Format(IEnumerable<LinePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var output = new StringBuilder();
        foreach (var point in points)
        {
            Write(point, output);
        }

        return output.ToString();
    }

    private static void WriteCore<TSink>(LinePoint point, IReadOnlyList<KeyValuePair<string, string>> tags, ref TSink sink)
        where TSink : struct, ILineSink
    {
        sink.AppendEscaped(point.Measurement, LineElement.Measurement);
        // Indexed loops: foreach over IReadOnlyList would allocate an enumerator per point.
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            if (tag.Key.Length == 0 || tag.Value.Length == 0)
            {
                continue;
            }

            sink.Append(',');
            sink.AppendEscaped(tag.Key, LineElement.Key);
            sink.Append('=');
            sink.AppendEscaped(tag.Value, LineElement.Key);
        }

        var separator = ' ';
        var fields = point.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            sink.Append(separator);
            separator = ',';
            sink.AppendEscaped(field.Key, LineElement.Key);
            sink.Append('=');
            var value = field.Value;
            switch (value.Kind)
            {
                case FieldKind.Integer:
                    sink.Append(value.AsInteger);
                    sink.Append('i');
                    break;
                case FieldKind.UInteger:
                    sink.Append(value.AsUInteger);
                    sink.Append('u');
                    break;
                case FieldKind.String:
                    sink.Append('"');
                    sink.AppendEscaped(value.AsString, LineElement.StringValue);
                    sink.Append('"');
                    break;
                case FieldKind.Boolean:
                    sink.AppendAscii(value.AsBoolean ? "true" : "false");
                    break;
                default:
                    sink.Append(value.AsFloat);
                    break;
            }
        }

        if (point.Timestamp is { } timestamp)
        {
            sink.Append(' ');
            sink.Append(timestamp);
        }

        sink.Append('\n');
    }

    /// <summary>Checks that the point can be written and returns its tags sorted by key.</summary>
    private static IReadOnlyList<KeyValuePair<string, string>> Validate(LinePoint point, string paramName)
    {
        var measurement = point.Measurement;
        if (string.IsNullOrEmpty(measurement))
        {
            throw new ArgumentException("The point has an empty measurement.", paramName);
        }

        if (measurement[0] is '#' or '\t' or '\uFEFF')
        {
            throw new ArgumentException($"The measurement \"{measurement}\" starts with '{measurement[0]}', which line protocol cannot represent.", paramName);
        }

        RejectNewline(measurement, "measurement", measurement, paramName);

        if (point.Fields is null || point.Fields.Count == 0)
        {
            throw new ArgumentException($"The point of measurement \"{measurement}\" has no fields; line protocol needs at least one.", paramName);
        }

        var fields = point.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (string.IsNullOrEmpty(field.Key))
            {
                throw new ArgumentException($"The point of measurement \"{measurement}\" has a field with an empty key.", paramName);
            }

            RejectNewline(field.Key, "field key", field.Key, paramName);
            var value = field.Value;
            if (value.Kind == FieldKind.Float && !double.IsFinite(value.AsFloat))
            {
                throw new ArgumentException($"Float field \"{field.Key}\" is {value.AsFloat.ToString(CultureInfo.InvariantCulture)}; line protocol has no NaN or infinity.", paramName);
            }

            if (value.Kind == FieldKind.String)
            {
                RejectNewline(value.AsString, "string field", field.Key, paramName);
            }
        }

        return SortTags(point.Tags ?? [], paramName);
    }

    private static IReadOnlyList<KeyValuePair<string, string>> SortTags(IReadOnlyList<KeyValuePair<string, string>> tags, string paramName)
    {
        string? previous = null;
        var sorted = true;
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            if (string.IsNullOrEmpty(tag.Key) || string.IsNullOrEmpty(tag.Value))
            {
                continue;
            }

            RejectNewline(tag.Key, "tag key", tag.Key, paramName);
            RejectNewline(tag.Value, "tag", tag.Key, paramName);
            if (previous is not null)
            {
                var order = string.CompareOrdinal(previous, tag.Key);
                if (order == 0)
                {
                    throw DuplicateTag(tag.Key, paramName);
                }

                sorted &= order < 0;
            }

            previous = tag.Key;
        }

        if (sorted)
        {
            return tags;
        }

        var copy = tags.Where(static t => !string.IsNullOrEmpty(t.Key) && !string.IsNullOrEmpty(t.Value)).ToArray();
        Array.Sort(copy, ByKey);
        for (var i = 1; i < copy.Length; i++)
        {
            if (string.Equals(copy[i - 1].Key, copy[i].Key, StringComparison.Ordinal))
            {
                throw DuplicateTag(copy[i].Key, paramName);
            }
        }

        return copy;
    }

    private static void RejectNewline(string text, string element, string name, string paramName)
    {
        if (text.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The {element} \"{name}\" contains a newline, which line protocol does not support.", paramName);
        }
    }

    private static ArgumentException DuplicateTag(string key, string paramName) =>
        new($"The tag \"{key}\" appears more than once.", paramName);

    /// <summary>Where <see cref="WriteCore{TSink}"/> writes: UTF-16 text or UTF-8 bytes.</summary>
    private interface ILineSink
    {
        void Append(char ascii);

        void AppendAscii(string ascii);

        void AppendEscaped(string text, LineElement element);

        void Append(long value);

        void Append(ulong value);

        void Append(double value);
    }

    private readonly struct StringBuilderSink(StringBuilder output) : ILineSink
    {
        public void Append(char ascii) => output.Append(ascii);

        public void AppendAscii(string ascii) => output.Append(ascii);

        public void AppendEscaped(string text, LineElement element)
        {
            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (LineProtocolEscaping.NeedsEscape(text[i], element))
                {
                    output.Append(text, start, i - start).Append('\\');
                    start = i;
                }
            }

            output.Append(text, start, text.Length - start);
        }

        public void Append(long value) => output.Append(CultureInfo.InvariantCulture, $"{value}");

        public void Append(ulong value) => output.Append(CultureInfo.InvariantCulture, $"{value}");

        public void Append(double value) => output.Append(CultureInfo.InvariantCulture, $"{value:R}");
    }

    private readonly struct Utf8Sink(IBufferWriter<byte> output) : ILineSink
    {
        private const int MaxNumberLength = 32;

        public void Append(char ascii)
        {
            output.GetSpan(1)[0] = (byte)ascii;
            output.Advance(1);
        }

        public void AppendAscii(string ascii)
        {
            var written = Encoding.UTF8.GetBytes(ascii, output.GetSpan(ascii.Length));
            output.Advance(written);
        }

        public void AppendEscaped(string text, LineElement element)
        {
            // Each escape adds one byte; the escaped characters are ASCII, so segments never split a surrogate pair.
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length) + text.Length);
            var written = 0;
            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (LineProtocolEscaping.NeedsEscape(text[i], element))
                {
                    written += Encoding.UTF8.GetBytes(text.AsSpan(start, i - start), span[written..]);
                    span[written++] = (byte)'\\';
                    start = i;
                }
            }

            written += Encoding.UTF8.GetBytes(text.AsSpan(start), span[written..]);
            output.Advance(written);
        }

        public void Append(long value)
        {
            value.TryFormat(output.GetSpan(MaxNumberLength), out var written, default, CultureInfo.InvariantCulture);
            output.Advance(written);
        }

        public void Append(ulong value)
        {
            value.TryFormat(output.GetSpan(MaxNumberLength), out var written, default, CultureInfo.InvariantCulture);
            output.Advance(written);
        }

        public void Append(double value)
        {
            value.TryFormat(output.GetSpan(MaxNumberLength), out var written, "R", CultureInfo.InvariantCulture);
            output.Advance(written);
        }
    }
}
