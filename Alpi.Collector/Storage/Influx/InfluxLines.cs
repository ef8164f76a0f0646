using System.Text;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Collector.Storage.Influx;

/// <summary>
/// Line protocol sent to InfluxDB. Numeric and boolean fields are written as floats (booleans as 1 and 0), as the
/// embedded store keeps them: one field then never has two types in InfluxDB (an agent sending <c>5i</c> and another
/// <c>5</c> would otherwise collide as a "field type conflict"); string fields stay strings.
/// Source: InfluxDB 1.x documentation, "Line protocol reference" (data types, field type conflicts).
/// </summary>
public static class InfluxLines
{
    /// <summary>Checks that every point has a timestamp and the tenant and host tags.</summary>
    /// <exception cref="ArgumentException">A point has no timestamp or lacks the tenant or host tag.</exception>
    public static void Validate(IReadOnlyList<LinePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        foreach (var point in points)
        {
            if (point.Timestamp is null)
            {
                throw new ArgumentException($"Point of {point.Measurement} has no timestamp.", nameof(points));
            }

            if (point.GetTag("tenant") is null || point.GetTag("host") is null)
            {
                throw new ArgumentException($"Point of {point.Measurement} lacks the tenant or host tag.", nameof(points));
            }
        }
    }

    /// <summary>One line (ending with <c>\n</c>) for <paramref name="point"/>, numeric fields as floats.</summary>
    /// <exception cref="ArgumentException">The point cannot be written as line protocol.</exception>
    public static string Format(LinePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var fields = new KeyValuePair<string, FieldValue>[point.Fields.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            var (key, value) = point.Fields[i];
            fields[i] = new(key, value.IsNumeric ? FieldValue.Float(value.ToDouble()) : value);
        }

        var sb = new StringBuilder(128);
        LineProtocolWriter.Write(point with { Fields = fields }, sb);
        return sb.ToString();
    }

    /// <summary>The number of field values of <paramref name="points"/>, the figure <c>WriteAsync</c> returns.</summary>
    public static int CountValues(IReadOnlyList<LinePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var count = 0;
        foreach (var point in points)
        {
            count += point.Fields.Count;
        }

        return count;
    }
}
