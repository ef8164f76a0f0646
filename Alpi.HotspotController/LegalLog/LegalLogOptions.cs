namespace Alpi.HotspotController.LegalLog;

/// <summary>
/// Retention of the connection log (CPCE art. L34-1 and R10-13, décret 2021-1362: one year) and of personal data
/// (RGPD art. 5.1.e: no longer than necessary).
/// </summary>
public sealed class LegalLogOptions
{
    /// <summary>Days a session record (account, MAC, IP, terminal, start, stop, octets) is kept after it ends. Default 365.</summary>
    public int RetentionDays { get; set; } = 365;

    /// <summary>Days of inactivity after which an account, its devices and its identity data are deleted. Default 365.</summary>
    public int AccountInactivityDays { get; set; } = 365;

    /// <summary>
    /// Days an audit-log entry (who read or changed personal data or the access policy, and when) is kept, then deleted
    /// by the purge. Default 365, as the collector's <c>Collector:Security:AuditRetentionDays</c> and the CNIL's
    /// recommendation on access logs (délibération 2021-122: six months to a year); 30 to 3,650. The entry of the
    /// purge that deletes them is written after, so the latest purge is always on record.
    /// </summary>
    public int AuditRetentionDays { get; set; } = 365;

    /// <summary>
    /// How long after its last accounting message a session never stopped still counts as covering a moment, in
    /// Acct-Interim-Intervals: this many times the longest <c>Hotspot:Policies:*:AcctInterimInterval</c> sent (at
    /// least 60 s each). A terminal that loses power never sends its Stop; its session then covers the time up to its
    /// last Interim-Update plus this grace, not every later moment (<see cref="ConnectionLogQuery.OpenSessionGrace"/>).
    /// Default 3 (15 minutes with the default 5-minute interval), as a terminal is considered down after three silent
    /// intervals. 1 to 100.
    /// </summary>
    public int OpenSessionGraceIntervals { get; set; } = 3;

    /// <summary>
    /// When the purge runs: a Quartz cron expression (seconds first; the server's time zone). Default
    /// <c>0 30 3 * * ?</c>, every day at 03:30. It also runs once each time the controller starts.
    /// </summary>
    public string PurgeSchedule { get; set; } = "0 30 3 * * ?";
}
