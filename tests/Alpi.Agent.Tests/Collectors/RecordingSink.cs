using Alpi.Agent.Collectors;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Tests.Collectors;

/// <summary>An <see cref="IMetricSink"/> that keeps every point, in order.</summary>
internal sealed class RecordingSink : IMetricSink
{
    public List<LinePoint> Points { get; } = [];

    public void Add(LinePoint point) => Points.Add(point);

    /// <summary>The points as line protocol, one string per point.</summary>
    public List<string> Lines => Points.ConvertAll(LineProtocolText.Format);
}
