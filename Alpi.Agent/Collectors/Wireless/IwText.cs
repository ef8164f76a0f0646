using System.Globalization;
using System.Text;

namespace Alpi.Agent.Collectors.Wireless;

/// <summary>
/// Helpers shared by the parsers of <c>iw</c>'s text output (iw 3.x to 6.x, <c>station.c</c>, <c>survey.c</c>,
/// <c>interface.c</c>, <c>util.c</c> of git.kernel.org/pub/scm/linux/kernel/git/jberg/iw.git): <c>key:\tvalue</c> lines
/// indented with tabs, numbers printed with <c>%u</c>/<c>%d</c>/<c>%llu</c>, units after a space.
/// </summary>
internal static class IwText
{
    /// <summary>The number of leading tabs of a line (its depth in iw's nested blocks).</summary>
    public static int Depth(string line)
    {
        var depth = 0;
        while (depth < line.Length && line[depth] == '\t')
        {
            depth++;
        }

        return depth;
    }

    /// <summary>Splits <c>\tkey:\tvalue</c> at the first colon; false when the line has none.</summary>
    public static bool TrySplit(string line, out string key, out string value)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            key = value = "";
            return false;
        }

        key = line[..colon].Trim();
        value = line[(colon + 1)..].Trim();
        return true;
    }

    /// <summary>The first whitespace-separated token of a value (<c>-54</c> in <c>-54 [-56, -58] dBm</c>).</summary>
    public static string FirstToken(string value)
    {
        var end = value.IndexOfAny([' ', '\t']);
        return end < 0 ? value : value[..end];
    }

    /// <summary>Parses a signed decimal (<c>%d</c>).</summary>
    public static bool TryInt(string token, out int value) =>
        int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses an unsigned decimal (<c>%u</c>, <c>%llu</c>).</summary>
    public static bool TryULong(string token, out ulong value) =>
        ulong.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses a decimal with an optional fraction (<c>866.7</c>, <c>23.00</c>).</summary>
    public static bool TryDouble(string token, out double value) =>
        double.TryParse(token, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// Undoes iw's <c>print_ssid_escaped</c> (util.c): bytes that are not printable ASCII, a backslash, and a leading or
    /// trailing space are written <c>\xNN</c>; the bytes are then read as UTF-8 (invalid sequences become U+FFFD).
    /// </summary>
    public static string UnescapeSsid(string escaped)
    {
        var bytes = new List<byte>(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\\' && i + 3 < escaped.Length && escaped[i + 1] == 'x'
                && byte.TryParse(escaped.AsSpan(i + 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(escaped[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    /// <summary>The band of a centre frequency in MHz, as a tag value: <c>2.4GHz</c>, <c>5GHz</c>, <c>6GHz</c>, <c>60GHz</c>.</summary>
    /// <remarks>Bounds after iw's <c>ieee80211_frequency_to_channel</c> (util.c): 5935 MHz and above 5950 MHz is 6 GHz.</remarks>
    public static string? Band(int? frequencyMhz) => frequencyMhz switch
    {
        null => null,
        < 2300 => null,
        < 2500 => "2.4GHz",
        5935 => "6GHz",
        < 5950 => "5GHz",
        <= 7125 => "6GHz",
        >= 57000 and <= 71000 => "60GHz",
        _ => null,
    };
}
