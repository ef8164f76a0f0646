namespace Alpi.Agent.Publishing;

/// <summary>One collection's worth of points, ready to publish.</summary>
/// <param name="Payload">UTF-8 InfluxDB line protocol, one point a line, each line ending with <c>\n</c>.</param>
/// <param name="PointCount">Number of lines in <paramref name="Payload"/>.</param>
/// <param name="CollectedAt">When the collection ran (UTC).</param>
public sealed record MetricBatch(ReadOnlyMemory<byte> Payload, int PointCount, DateTimeOffset CollectedAt);
