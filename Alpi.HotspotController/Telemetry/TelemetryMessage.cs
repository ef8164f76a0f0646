namespace Alpi.HotspotController.Telemetry;

/// <summary>One MQTT message waiting in <see cref="TelemetryPublisher"/>'s queue.</summary>
/// <param name="Topic">The topic, <c>alpi/&lt;tenant&gt;/&lt;host&gt;/metrics</c>.</param>
/// <param name="Payload">UTF-8 InfluxDB line protocol, one point a line, each ending with <c>\n</c>.</param>
public sealed record TelemetryMessage(string Topic, byte[] Payload);
