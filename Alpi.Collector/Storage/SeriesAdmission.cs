using Alpi.Protocols.LineProtocol;

namespace Alpi.Collector.Storage;

/// <summary>
/// For a store that writes to another server (InfluxDB): registers the series of a write's points in the
/// <see cref="SeriesRegistry"/> before they are sent, and leaves out the field values whose new series the registry
/// refuses (<see cref="SeriesRegistry.MaxSeriesPerHost"/>), so that the server never receives a series the collector
/// does not index. A point left without fields is left out. The caller <see cref="SeriesRegistry.Publish"/>es the created
/// series once the server accepted the write (they are not listed before), or <see cref="SeriesRegistry.Remove"/>s them when it fails.
/// </summary>
public static class SeriesAdmission
{
    /// <summary>The points to write, and the series created for them in <paramref name="created"/> (with whether the value is numeric).</summary>
    /// <exception cref="ArgumentException">A point lacks the tenant or host tag.</exception>
    public static List<LinePoint> Admit(SeriesRegistry registry, IReadOnlyList<LinePoint> points, List<(SeriesInfo Series, bool Numeric)> created)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(created);
        var admitted = new List<LinePoint>(points.Count);
        foreach (var point in points)
        {
            var prefix = SeriesRegistry.SeriesKeyPrefix(point);
            List<KeyValuePair<string, FieldValue>>? kept = null;
            for (var i = 0; i < point.Fields.Count; i++)
            {
                var field = point.Fields[i];
                if (registry.TryGetOrCreate(point, prefix, field.Key, out var series, out var isNew))
                {
                    if (isNew)
                    {
                        created.Add((series, field.Value.IsNumeric));
                    }

                    kept?.Add(field);
                }
                else
                {
                    kept ??= [.. point.Fields.Take(i)];
                }
            }

            if (kept is null)
            {
                admitted.Add(point);
            }
            else if (kept.Count > 0)
            {
                admitted.Add(point with { Fields = kept });
            }
        }

        return admitted;
    }
}
