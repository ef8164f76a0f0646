namespace Alpi.Protocols.LineProtocol;

/// <summary>
/// The unit of the timestamps in a line-protocol payload, as the <c>precision</c> parameter of InfluxDB's
/// <c>/write</c> endpoint gives it. Parsed timestamps are always converted to nanoseconds.
/// </summary>
/// <remarks>Source: InfluxDB 2.x documentation, "Line protocol", section "Timestamp"; API <c>/api/v2/write?precision=</c>.</remarks>
public enum TimestampPrecision
{
    /// <summary>Nanoseconds (the default).</summary>
    Nanoseconds,

    /// <summary>Microseconds.</summary>
    Microseconds,

    /// <summary>Milliseconds.</summary>
    Milliseconds,

    /// <summary>Seconds.</summary>
    Seconds,
}
