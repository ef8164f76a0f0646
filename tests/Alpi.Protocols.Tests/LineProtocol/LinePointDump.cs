using System.Globalization;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Protocols.Tests.LineProtocol;

/// <summary>A compact, readable text of a point for table-driven assertions: <c>measurement | tags | fields | timestamp</c>.</summary>
internal static class LinePointDump
{
    public static string Dump(LinePoint point) => string.Join(
        " | ",
        point.Measurement,
        string.Join(";", point.Tags.Select(t => $"{t.Key}={t.Value}")),
        string.Join(";", point.Fields.Select(f => $"{f.Key}={f.Value.Kind}:{Value(f.Value)}")),
        point.Timestamp?.ToString(CultureInfo.InvariantCulture) ?? "-");

    private static string Value(FieldValue value) => value.Kind switch
    {
        FieldKind.String => value.AsString,
        _ => value.ToString(),
    };
}
