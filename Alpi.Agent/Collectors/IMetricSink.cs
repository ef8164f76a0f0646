using Alpi.Protocols.LineProtocol;

namespace Alpi.Agent.Collectors;

/// <summary>Receives the points a collector gathers (Telegraf's accumulator).</summary>
public interface IMetricSink
{
    /// <summary>Adds one point; a null timestamp means "now", stamped by the agent.</summary>
    void Add(LinePoint point);
}
