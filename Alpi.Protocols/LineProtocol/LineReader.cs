using System.Buffers;
using System.Globalization;
using System.Text;

namespace Alpi.Protocols.LineProtocol;

/// <summary>
/// Reads one line of line protocol (without its line terminator) into a <see cref="LinePoint"/>:
/// <c>measurement[,tag=value...] field=value[,field=value...] [timestamp]</c>. On failure it reports
/// a 1-based column and a reason instead of throwing.
/// </summary>
/// <remarks>Source: InfluxDB 2.x documentation, "Line protocol".</remarks>
internal ref struct LineReader
{
    private static readonly SearchValues<byte> MeasurementStops = SearchValues.Create(" ,\\"u8);
    private static readonly SearchValues<byte> KeyStops = SearchValues.Create(" ,=\\"u8);
    private static readonly SearchValues<byte> StringStops = SearchValues.Create("\"\\"u8);

    /// <summary>
    /// Up to this many tags or fields, duplicates are found by a linear search (no allocation); beyond it, by a hash set,
    /// so that a line of a million fields (an MQTT message may carry megabytes) costs linear, not quadratic, time.
    /// </summary>
    private const int LinearSearchLimit = 16;

    private readonly ReadOnlySpan<byte> _line;
    private readonly Span<byte> _scratch;
    private readonly Utf8StringCache _cache;
    private int _pos;

    /// <summary>Starts reading <paramref name="line"/> at byte <paramref name="start"/>.</summary>
    /// <param name="line">One line, without <c>\n</c> or a trailing <c>\r</c>; must be valid UTF-8.</param>
    /// <param name="start">Offset of the first byte of the measurement (leading whitespace skipped).</param>
    /// <param name="scratch">A buffer at least as long as <paramref name="line"/>, used to unescape.</param>
    /// <param name="cache">Interns repeated names and tag values.</param>
    public LineReader(ReadOnlySpan<byte> line, int start, Span<byte> scratch, Utf8StringCache cache)
    {
        _line = line;
        _pos = start;
        _scratch = scratch;
        _cache = cache;
    }

    /// <summary>1-based byte column of the problem when a read failed.</summary>
    public int ErrorColumn { get; private set; }

    /// <summary>The reason a read failed, or null.</summary>
    public string? ErrorReason { get; private set; }

    /// <summary>Reads the whole line, taking its tag list from <paramref name="tagSets"/> (shared with earlier lines of the same tags).</summary>
    /// <param name="precision">The unit of the timestamp on the line; it is converted to nanoseconds.</param>
    /// <param name="defaultTimestamp">The timestamp (ns since the epoch) of a line that carries none, or null.</param>
    /// <param name="minTimestamp">The earliest timestamp (ns since the epoch) a line may carry; an earlier one is an error.</param>
    /// <param name="maxTimestamp">The latest timestamp (ns since the epoch, inclusive) a line may carry; a later one is an error.</param>
    /// <param name="tags">Scratch list for the tags, cleared first.</param>
    /// <param name="fields">Scratch list for the fields, cleared first.</param>
    /// <param name="keys">Scratch index of the tag or field keys of a long line, cleared first.</param>
    /// <param name="tagSets">Recent tag lists of the payload, shared by the points with the same tags (never changed).</param>
    /// <param name="point">The point, when the line is well formed.</param>
    /// <returns>False with <see cref="ErrorReason"/> and <see cref="ErrorColumn"/> set when the line is malformed.</returns>
    public bool TryReadPoint(
        TimestampPrecision precision,
        long? defaultTimestamp,
        long minTimestamp,
        long maxTimestamp,
        List<KeyValuePair<string, string>> tags,
        List<KeyValuePair<string, FieldValue>> fields,
        Dictionary<string, int> keys,
        TagSetCache tagSets,
        out LinePoint? point)
    {
        point = null;
        tags.Clear();
        fields.Clear();
        keys.Clear();

        if (!TryReadMeasurement(out var measurement) || !TryReadTags(tags, keys) || !TryReadFields(fields, keys) || !TryReadTimestamp(precision, minTimestamp, maxTimestamp, out var timestamp))
        {
            return false;
        }

        point = new LinePoint(measurement, tagSets.Get(tags), fields.ToArray(), timestamp ?? defaultTimestamp);
        return true;
    }

    private bool TryReadMeasurement(out string measurement)
    {
        var start = _pos;
        var raw = ScanName(MeasurementStops, out var escaped);
        if (raw.IsEmpty)
        {
            measurement = string.Empty;
            return Fail(start, "missing measurement");
        }

        measurement = Decode(raw, escaped, LineElement.Measurement, intern: true);
        if (AtEnd)
        {
            return Fail(_pos, $"measurement \"{measurement}\" has no field set");
        }

        return true;
    }

    private bool TryReadTags(List<KeyValuePair<string, string>> tags, Dictionary<string, int> keys)
    {
        while (!AtEnd && _line[_pos] == (byte)',')
        {
            _pos++;
            var keyStart = _pos;
            var rawKey = ScanName(KeyStops, out var escaped);
            if (rawKey.IsEmpty)
            {
                return Fail(keyStart, "empty tag key");
            }

            var key = Decode(rawKey, escaped, LineElement.Key, intern: true);
            if (AtEnd || _line[_pos] != (byte)'=')
            {
                return Fail(_pos, $"tag \"{key}\" has no '=' and value");
            }

            _pos++;
            var valueStart = _pos;

            // An unescaped '=' inside a tag value is accepted as a literal, as InfluxDB does.
            var rawValue = ScanName(MeasurementStops, out escaped);
            if (rawValue.IsEmpty)
            {
                return Fail(valueStart, $"tag \"{key}\" has an empty value");
            }

            if (IndexOf(tags, key, keys) >= 0)
            {
                return Fail(keyStart, $"duplicate tag \"{key}\"");
            }

            tags.Add(new(key, Decode(rawValue, escaped, LineElement.Key, intern: true)));
        }

        keys.Clear();
        return true;
    }

    /// <summary>
    /// The index of <paramref name="key"/> in <paramref name="list"/>, or -1 after recording it in <paramref name="keys"/>
    /// at the index it will be added at. Linear up to <see cref="LinearSearchLimit"/> entries, then through the index.
    /// </summary>
    private static int IndexOf<T>(List<KeyValuePair<string, T>> list, string key, Dictionary<string, int> keys)
    {
        if (list.Count < LinearSearchLimit)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (string.Equals(list[i].Key, key, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        if (keys.Count == 0)
        {
            for (var i = 0; i < list.Count; i++)
            {
                keys[list[i].Key] = i;
            }
        }

        if (keys.TryGetValue(key, out var index))
        {
            return index;
        }

        keys[key] = list.Count;
        return -1;
    }

    private bool TryReadFields(List<KeyValuePair<string, FieldValue>> fields, Dictionary<string, int> keys)
    {
        SkipSpaces();
        if (AtEnd)
        {
            return Fail(_pos, "missing field set");
        }

        while (true)
        {
            var keyStart = _pos;
            var rawKey = ScanName(KeyStops, out var escaped);
            if (rawKey.IsEmpty)
            {
                return Fail(keyStart, "empty field key");
            }

            var key = Decode(rawKey, escaped, LineElement.Key, intern: true);
            if (AtEnd || _line[_pos] != (byte)'=')
            {
                return Fail(_pos, $"field \"{key}\" has no '=' and value");
            }

            _pos++;
            if (!TryReadFieldValue(key, out var value))
            {
                return false;
            }

            AddField(fields, key, value, keys);
            if (AtEnd || _line[_pos] == (byte)' ')
            {
                return true;
            }

            _pos++; // ','
        }
    }

    private bool TryReadFieldValue(string key, out FieldValue value)
    {
        value = default;
        var start = _pos;
        if (AtEnd || _line[_pos] is (byte)' ' or (byte)',')
        {
            return Fail(start, $"field \"{key}\" has no value");
        }

        if (_line[_pos] == (byte)'"')
        {
            return TryReadString(key, out value);
        }

        var end = _line[_pos..].IndexOfAny((byte)' ', (byte)',');
        _pos = end < 0 ? _line.Length : _pos + end;
        var token = _line[start.._pos];

        // A suffix makes an integer only after something numeric-looking ("tru" is a misspelt boolean).
        var numeric = token.Length == 1 || token[0] is (byte)'-' or (byte)'+' or (byte)'.' || char.IsAsciiDigit((char)token[0]);
        switch (numeric ? token[^1] : (byte)0)
        {
            case (byte)'i':
                if (!IsInteger(token[..^1], allowSign: true))
                {
                    return Fail(start, $"field \"{key}\": invalid integer {Quote(token)}");
                }

                if (!TryParseShortInteger(token[..^1], out var l) && !long.TryParse(token[..^1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out l))
                {
                    return Fail(start, $"integer field \"{key}\" out of int64 range: {Quote(token)}");
                }

                value = FieldValue.Integer(l);
                return true;

            case (byte)'u':
                if (!IsInteger(token[..^1], allowSign: false))
                {
                    return Fail(start, $"field \"{key}\": invalid unsigned integer {Quote(token)}");
                }

                if (!ulong.TryParse(token[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var u))
                {
                    return Fail(start, $"unsigned field \"{key}\" out of uint64 range: {Quote(token)}");
                }

                value = FieldValue.UInteger(u);
                return true;
        }

        if (TryParseBoolean(token, out var b))
        {
            value = FieldValue.Boolean(b);
            return true;
        }

        if (!IsFloat(token))
        {
            return Fail(start, DescribeBadValue(key, token));
        }

        if (!TryParseShortDecimal(token, out var d)
            && (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out d) || !double.IsFinite(d)))
        {
            return Fail(start, $"float field \"{key}\" out of range: {Quote(token)}");
        }

        value = FieldValue.Float(d);
        return true;
    }

    private bool TryReadString(string key, out FieldValue value)
    {
        value = default;
        var start = _pos;
        _pos++; // opening quote
        var contentStart = _pos;
        var escaped = false;
        while (true)
        {
            var next = _pos < _line.Length ? _line[_pos..].IndexOfAny(StringStops) : -1;
            if (next < 0)
            {
                return Fail(start, $"field \"{key}\": unterminated string");
            }

            _pos += next;
            if (_line[_pos] == (byte)'"')
            {
                break;
            }

            escaped = true;
            _pos += 2; // backslash and the byte it escapes (or keeps literal)
        }

        var raw = _line[contentStart.._pos];
        _pos++; // closing quote
        if (!AtEnd && _line[_pos] is not ((byte)' ' or (byte)','))
        {
            return Fail(_pos, $"field \"{key}\": unexpected text after closing quote");
        }

        value = FieldValue.String(Decode(raw, escaped, LineElement.StringValue, intern: false));
        return true;
    }

    private bool TryReadTimestamp(TimestampPrecision precision, long minTimestamp, long maxTimestamp, out long? timestamp)
    {
        timestamp = null;
        SkipSpaces();
        if (AtEnd)
        {
            return true;
        }

        var start = _pos;
        while (!AtEnd && _line[_pos] is not ((byte)' ' or (byte)'\t'))
        {
            _pos++;
        }

        var token = _line[start.._pos];
        if (!IsInteger(token, allowSign: true))
        {
            return Fail(start, $"invalid timestamp {Quote(token)}");
        }

        if (!TryParseShortInteger(token, out var raw) && !long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out raw))
        {
            return Fail(start, $"timestamp out of int64 range: {Quote(token)}");
        }

        var factor = precision switch
        {
            TimestampPrecision.Microseconds => 1_000L,
            TimestampPrecision.Milliseconds => 1_000_000L,
            TimestampPrecision.Seconds => 1_000_000_000L,
            _ => 1L,
        };
        if (raw > long.MaxValue / factor || raw < long.MinValue / factor)
        {
            return Fail(start, $"timestamp {Quote(token)} in {precision} overflows int64 nanoseconds");
        }

        while (!AtEnd && _line[_pos] is (byte)' ' or (byte)'\t')
        {
            _pos++;
        }

        if (!AtEnd)
        {
            return Fail(_pos, "unexpected text after timestamp");
        }

        var ns = raw * factor;
        if (ns < minTimestamp || ns > maxTimestamp)
        {
            return Fail(start, $"timestamp {Quote(token)} ({Iso(ns)}) is outside the range kept, {Iso(minTimestamp)} to {Iso(maxTimestamp)}");
        }

        timestamp = ns;
        return true;
    }

    /// <summary>Nanoseconds since the Unix epoch as ISO 8601 UTC to the nanosecond (<c>2262-04-11T23:47:16.854775807Z</c>).</summary>
    private static string Iso(long ns)
    {
        var ticks = Math.DivRem(ns, 100, out var rest);
        if (rest < 0)
        {
            ticks--;
            rest += 100;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{DateTime.UnixEpoch.AddTicks(ticks):yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff}{rest:00}Z");
    }

    private readonly bool AtEnd => _pos >= _line.Length;

    /// <summary>Scans a name or tag value up to the first unescaped stop byte (never past a backslash pair).</summary>
    private ReadOnlySpan<byte> ScanName(SearchValues<byte> stops, out bool escaped)
    {
        var start = _pos;
        escaped = false;
        while (_pos < _line.Length)
        {
            var next = _line[_pos..].IndexOfAny(stops);
            if (next < 0)
            {
                _pos = _line.Length;
                break;
            }

            _pos += next;
            if (_line[_pos] != (byte)'\\')
            {
                break;
            }

            escaped = true;
            _pos = Math.Min(_pos + 2, _line.Length);
        }

        return _line[start.._pos];
    }

    private readonly string Decode(ReadOnlySpan<byte> raw, bool escaped, LineElement element, bool intern)
    {
        if (escaped)
        {
            raw = _scratch[..LineProtocolEscaping.Unescape(raw, element, _scratch)];
        }

        return intern ? _cache.GetString(raw) : Encoding.UTF8.GetString(raw);
    }

    private void SkipSpaces()
    {
        while (!AtEnd && _line[_pos] == (byte)' ')
        {
            _pos++;
        }
    }

    private bool Fail(int position, string reason)
    {
        ErrorColumn = position + 1;
        ErrorReason = reason;
        return false;
    }

    /// <summary>Keeps the last value of a repeated field key, as InfluxDB does.</summary>
    private static void AddField(List<KeyValuePair<string, FieldValue>> fields, string key, FieldValue value, Dictionary<string, int> keys)
    {
        var index = IndexOf(fields, key, keys);
        if (index >= 0)
        {
            fields[index] = new(key, value);
            return;
        }

        fields.Add(new(key, value));
    }

    private static bool TryParseBoolean(ReadOnlySpan<byte> token, out bool value)
    {
        if (token.SequenceEqual("t"u8) || token.SequenceEqual("T"u8) || token.SequenceEqual("true"u8)
            || token.SequenceEqual("True"u8) || token.SequenceEqual("TRUE"u8))
        {
            value = true;
            return true;
        }

        value = false;
        return token.SequenceEqual("f"u8) || token.SequenceEqual("F"u8) || token.SequenceEqual("false"u8)
            || token.SequenceEqual("False"u8) || token.SequenceEqual("FALSE"u8);
    }

    /// <summary>
    /// The value of <c>-?[0-9]{1,18}</c> (no overflow possible), or false for anything else (longer, or not that form),
    /// which the caller then gives to <see cref="long.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out long)"/>:
    /// a timestamp in ns has 19 digits until 2286, so most take this path.
    /// </summary>
    private static bool TryParseShortInteger(ReadOnlySpan<byte> token, out long value)
    {
        value = 0;
        var negative = !token.IsEmpty && token[0] == (byte)'-';
        var digits = negative ? token[1..] : token;
        if (digits.IsEmpty || digits.Length > 18)
        {
            return false;
        }

        long result = 0;
        foreach (var b in digits)
        {
            var digit = (uint)(b - '0');
            if (digit > 9)
            {
                return false;
            }

            result = (result * 10) + digit;
        }

        value = negative ? -result : result;
        return true;
    }

    /// <summary>
    /// The double nearest <c>-?[0-9]*(\.[0-9]*)?</c> when its digits make an integer of at most 2^53 and it has at most 22
    /// decimals — then both that integer and the power of ten are exact doubles and one IEEE division rounds correctly
    /// (Clinger's fast path, W. D. Clinger, "How to read floating point numbers accurately", PLDI 1990; Go's strconv and
    /// .NET's own parser take it first). False for anything else (exponents, more digits), which the caller gives to
    /// <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out double)"/>. The token has been
    /// checked by <see cref="IsFloat"/>.
    /// </summary>
    private static bool TryParseShortDecimal(ReadOnlySpan<byte> token, out double value)
    {
        value = 0;
        var i = 0;
        var negative = token[0] == (byte)'-';
        if (negative)
        {
            i++;
        }

        ulong mantissa = 0;
        var decimals = -1; // -1 until the point is seen
        var significant = 0;
        for (; i < token.Length; i++)
        {
            var b = token[i];
            if (b == (byte)'.')
            {
                if (decimals >= 0)
                {
                    return false;
                }

                decimals = 0;
                continue;
            }

            var digit = (uint)(b - '0');
            if (digit > 9 || ++significant > 19)
            {
                return false; // an exponent, or more digits than a ulong holds
            }

            mantissa = (mantissa * 10) + digit;
            if (decimals >= 0)
            {
                decimals++;
            }
        }

        decimals = Math.Max(decimals, 0);
        if (mantissa > (1UL << 53) || decimals >= ExactPowersOfTen.Length)
        {
            return false;
        }

        var magnitude = decimals == 0 ? mantissa : mantissa / ExactPowersOfTen[decimals];
        value = negative ? -magnitude : magnitude;
        return true;
    }

    /// <summary>10^0 to 10^22, every one exact as a double.</summary>
    private static ReadOnlySpan<double> ExactPowersOfTen =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
        1e21, 1e22,
    ];

    /// <summary><c>-?[0-9]+</c>.</summary>
    private static bool IsInteger(ReadOnlySpan<byte> token, bool allowSign)
    {
        if (allowSign && !token.IsEmpty && token[0] == (byte)'-')
        {
            token = token[1..];
        }

        return !token.IsEmpty && !token.ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }

    /// <summary><c>-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?</c>.</summary>
    private static bool IsFloat(ReadOnlySpan<byte> token)
    {
        var i = 0;
        if (i < token.Length && token[i] == (byte)'-')
        {
            i++;
        }

        var digits = CountDigits(token, ref i);
        if (i < token.Length && token[i] == (byte)'.')
        {
            i++;
            digits += CountDigits(token, ref i);
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < token.Length && token[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < token.Length && token[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            if (CountDigits(token, ref i) == 0)
            {
                return false;
            }
        }

        return i == token.Length;
    }

    private static int CountDigits(ReadOnlySpan<byte> token, ref int i)
    {
        var start = i;
        while (i < token.Length && char.IsAsciiDigit((char)token[i]))
        {
            i++;
        }

        return i - start;
    }

    private static string DescribeBadValue(string key, ReadOnlySpan<byte> token)
    {
        var text = Encoding.UTF8.GetString(token);
        var unsigned = text.TrimStart('-', '+');
        if (unsigned.Equals("NaN", StringComparison.OrdinalIgnoreCase)
            || unsigned.Equals("Inf", StringComparison.OrdinalIgnoreCase)
            || unsigned.Equals("Infinity", StringComparison.OrdinalIgnoreCase))
        {
            return $"float field \"{key}\": NaN and infinity are not allowed ({text})";
        }

        return text.Length > 0 && !char.IsAsciiDigit(text[0]) && text[0] is not ('-' or '.')
            ? $"field \"{key}\": invalid value \"{text}\" (strings must be double-quoted; booleans are t, T, true, True, TRUE, f, F, false, False, FALSE)"
            : $"field \"{key}\": invalid number \"{text}\"";
    }

    private static string Quote(ReadOnlySpan<byte> token) => "\"" + Encoding.UTF8.GetString(token) + "\"";
}
