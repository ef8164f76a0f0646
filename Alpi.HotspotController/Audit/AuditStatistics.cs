namespace Alpi.HotspotController.Audit;

/// <summary>
/// Counters of the audit log since the controller started, published in the controller's own <c>alpi_hotspot</c> point
/// (<c>audit_failures</c>, <see cref="Telemetry.HotspotTelemetryPoints"/>) as the collector publishes its own in
/// <c>alpi_security</c>, so that an alert rule can watch them. Thread-safe.
/// </summary>
public sealed class AuditStatistics
{
    private long _writeFailures;

    /// <summary>
    /// Audit entries that could not be written (<see cref="AuditLog.WriteAsync"/> threw a database error): a read of
    /// personal data answered 503 instead of being served, a refused or failed read whose entry is missing (logged), a
    /// change whose entry is missing. Cancelled writes are not counted.
    /// </summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    internal void CountWriteFailure() => Interlocked.Increment(ref _writeFailures);
}
