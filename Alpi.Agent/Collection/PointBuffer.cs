using Alpi.Agent.Collectors;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Collection;

/// <summary>
/// The sink one collection round writes into: it stamps points without a timestamp with the round's time and
/// adds the agent's <c>host</c> tag (Telegraf's global tag) when a point has none.
/// </summary>
internal sealed class PointBuffer(string host, long timestampNs) : IMetricSink
{
    private readonly List<LinePoint> _points = [];

    public IReadOnlyList<LinePoint> Points => _points;

    public void Add(LinePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var tags = point.Tags;
        if (point.GetTag("host") is null)
        {
            var withHost = new List<KeyValuePair<string, string>>(tags.Count + 1) { new("host", host) };
            withHost.AddRange(tags);
            tags = withHost;
        }

        _points.Add(point with { Tags = tags, Timestamp = point.Timestamp ?? timestampNs });
    }
}
