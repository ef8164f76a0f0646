namespace Alpi.Protocols.LineProtocol;

/// <summary>The outcome of parsing a line-protocol payload: the points of the good lines and the errors of the bad ones.</summary>
/// <param name="Points">Points in payload order; timestamps in nanoseconds since the Unix epoch.</param>
/// <param name="Errors">One error per malformed line, in payload order.</param>
/// <remarks>Source: InfluxDB 2.x documentation, "Line protocol".</remarks>
public sealed record LineProtocolParseResult(IReadOnlyList<LinePoint> Points, IReadOnlyList<LineProtocolError> Errors);
