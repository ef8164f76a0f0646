namespace Alpi.HotspotController.Accounting;

/// <summary>
/// How far the accounting server trusts the times a NAS reports, section <c>Hotspot:Accounting</c>. An Acct-Delay-Time
/// or Acct-Session-Time above its maximum is implausible (a broken counter, a terminal whose clock or buffer went
/// wrong, 2³²−1 sent for "unknown"): it is logged, counted per NAS, and the event time is computed without it, so it
/// can never date a session into the past, attribute an address to the wrong account nor hand a fresh session to the
/// retention purge. The maxima must be shorter than <see cref="LegalLog.LegalLogOptions.RetentionDays"/>.
/// </summary>
public sealed class AccountingOptions
{
    /// <summary>
    /// Longest Acct-Delay-Time (RFC 2866 §5.2: how long the NAS has been trying to send the request) taken as true.
    /// NAS retransmit for seconds to minutes; a terminal that stores accounting across an uplink outage, or a relay
    /// replaying a detail file, for hours. Default 1 day. Above it, the event is dated at its reception.
    /// </summary>
    public TimeSpan MaxDelayTime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Longest Acct-Session-Time (RFC 2866 §5.7: how long the user has been receiving service) taken as true, when it
    /// dates the start of a session whose Accounting Start was lost. Sessions end at the group's Session-Timeout
    /// (4 h by default); a month covers a device connected without one. Default 31 days. Above it, the session is
    /// dated from the message that revealed it, as when Acct-Session-Time is absent.
    /// </summary>
    public TimeSpan MaxSessionTime { get; set; } = TimeSpan.FromDays(31);
}
