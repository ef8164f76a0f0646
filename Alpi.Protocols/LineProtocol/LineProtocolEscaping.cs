namespace Alpi.Protocols.LineProtocol;

/// <summary>The element of a line whose escaping rules apply.</summary>
/// <remarks>Source: InfluxDB 2.x documentation, "Line protocol", section "Special characters".</remarks>
internal enum LineElement
{
    /// <summary>Measurement: commas and spaces are escaped.</summary>
    Measurement,

    /// <summary>Tag key, tag value or field key: commas, equals signs and spaces are escaped.</summary>
    Key,

    /// <summary>String field value (between the quotes): double quotes and backslashes are escaped.</summary>
    StringValue,
}

/// <summary>
/// Backslash escaping of line protocol. A backslash before a special character of the element, or before
/// another backslash, is an escape; any other backslash is literal.
/// </summary>
/// <remarks>Source: InfluxDB 2.x documentation, "Line protocol", sections "Special characters" and "Escaping backslashes".</remarks>
internal static class LineProtocolEscaping
{
    /// <summary>True when <paramref name="c"/> must be preceded by a backslash in <paramref name="element"/>.</summary>
    public static bool NeedsEscape(char c, LineElement element) => element switch
    {
        LineElement.Measurement => c is ',' or ' ' or '\\',
        LineElement.Key => c is ',' or '=' or ' ' or '\\',
        _ => c is '"' or '\\',
    };

    /// <summary>True when the byte after a backslash makes an escape sequence in <paramref name="element"/>.</summary>
    public static bool IsEscapable(byte b, LineElement element) => element switch
    {
        LineElement.Measurement => b is (byte)',' or (byte)' ' or (byte)'\\',
        LineElement.Key => b is (byte)',' or (byte)'=' or (byte)' ' or (byte)'\\',
        _ => b is (byte)'"' or (byte)'\\',
    };

    /// <summary>
    /// Removes the escapes of <paramref name="raw"/> into <paramref name="destination"/>, which must be at
    /// least as long as <paramref name="raw"/>.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    public static int Unescape(ReadOnlySpan<byte> raw, LineElement element, Span<byte> destination)
    {
        var written = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == (byte)'\\' && i + 1 < raw.Length && IsEscapable(raw[i + 1], element))
            {
                b = raw[++i];
            }

            destination[written++] = b;
        }

        return written;
    }

    /// <summary>The number of characters of <paramref name="value"/> that need a backslash.</summary>
    public static int CountEscapes(string value, LineElement element)
    {
        var count = 0;
        foreach (var c in value)
        {
            if (NeedsEscape(c, element))
            {
                count++;
            }
        }

        return count;
    }
}
