namespace Alpi.Agent.Collectors;

/// <summary>
/// One source of metrics on the agent (cpu, mem, disk, an SNMP device…), gathered once per interval,
/// after Telegraf's input plugins.
/// </summary>
public interface IMetricCollector
{
    /// <summary>The collector's name as configuration and logs spell it (<c>cpu</c>, <c>mem</c>, <c>diskio</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Gathers the current values and adds them to <paramref name="sink"/>. Points may leave
    /// <see cref="Alpi.Protocols.LineProtocol.LinePoint.Timestamp"/> null: the agent stamps them with the gather time.
    /// Collectors that report rates or percentages keep the previous sample and add nothing on their first call.
    /// </summary>
    /// <exception cref="IOException">A source file could not be read; the agent logs it, counts it and carries on with the other collectors.</exception>
    ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken);
}
