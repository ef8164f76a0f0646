using System.Text;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Tests.Collectors;

/// <summary>
/// A minimal line-protocol formatter for comparing collector output with the fixtures' expected.txt: tags sorted by
/// key (as InfluxDB writers sort them), fields in the order the collector added them, no timestamp. The real
/// writer (Alpi.Protocols) is written separately; this one only needs to be unambiguous.
/// </summary>
internal static class LineProtocolText
{
    public static string Format(LinePoint point)
    {
        var builder = new StringBuilder();
        builder.Append(Escape(point.Measurement));
        foreach (var tag in point.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            builder.Append(',').Append(Escape(tag.Key)).Append('=').Append(Escape(tag.Value));
        }

        builder.Append(' ');
        builder.AppendJoin(',', point.Fields.Select(f => Escape(f.Key) + "=" + f.Value));
        if (point.Timestamp is { } timestamp)
        {
            builder.Append(' ').Append(timestamp);
        }

        return builder.ToString();
    }

    private static string Escape(string text) => text
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("=", "\\=", StringComparison.Ordinal)
        .Replace(" ", "\\ ", StringComparison.Ordinal);
}
