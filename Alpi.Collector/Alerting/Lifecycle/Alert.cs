using Alpi.Collector.Alerting.Rules;

namespace Alpi.Collector.Alerting.Lifecycle;

/// <summary>Where an alert is in its life: pending → firing → acknowledged → resolved (acknowledged is optional).</summary>
public enum AlertState
{
    /// <summary>The condition holds, but not yet for the rule's <c>for</c> duration; nobody is told.</summary>
    Pending,

    /// <summary>The condition has held long enough; on-call is notified.</summary>
    Firing,

    /// <summary>Firing, and someone took it in hand (who, when, comment).</summary>
    Acknowledged,

    /// <summary>The condition no longer holds (or its rule was removed); final.</summary>
    Resolved,
}

/// <summary>
/// One alert: one episode of a rule's condition for one instance (a series, a host, a trap instance), from the first
/// evaluation where it held to its resolution. Identified by <see cref="Id"/>; <see cref="Fingerprint"/> names the
/// instance, and at most one unresolved alert exists per fingerprint. Mutable, owned by the <see cref="AlertEngine"/>
/// (its lock); everything else sees <see cref="Snapshot"/>s.
/// </summary>
public sealed class Alert
{
    /// <summary>Store identifier, increasing.</summary>
    public long Id { get; init; }

    /// <summary><c>rule|tenant|host|instance</c>.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Rule name.</summary>
    public required string Rule { get; init; }

    /// <summary>Rule kind (threshold, absence, presence, trap).</summary>
    public required string Kind { get; init; }

    /// <summary>Tenant.</summary>
    public required string Tenant { get; init; }

    /// <summary>Host (or trap device).</summary>
    public required string Host { get; init; }

    /// <summary>Series tags other than tenant and host (<c>cpu=cpu-total</c>), the trap instance, or empty.</summary>
    public required string Instance { get; init; }

    /// <summary>Current state.</summary>
    public AlertState State { get; set; }

    /// <summary>Current severity.</summary>
    public Severity Severity { get; set; }

    /// <summary>Last observed value, or null (absence, presence, traps).</summary>
    public double? Value { get; set; }

    /// <summary>Threshold the value was compared with, or null.</summary>
    public double? Threshold { get; set; }

    /// <summary>Rendered labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

    /// <summary>Rendered annotations.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; set; } = new Dictionary<string, string>();

    /// <summary>Since when the condition holds (start of pending).</summary>
    public DateTimeOffset ActiveSince { get; set; }

    /// <summary>When it fired, or null while pending.</summary>
    public DateTimeOffset? FiredAt { get; set; }

    /// <summary>When it resolved, or null.</summary>
    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>Last change.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Who acknowledged, or null.</summary>
    public string? AckBy { get; set; }

    /// <summary>When it was acknowledged, or null.</summary>
    public DateTimeOffset? AckAt { get; set; }

    /// <summary>The acknowledgement's comment, or null.</summary>
    public string? AckComment { get; set; }

    /// <summary>True when the acknowledgement survives severity changes (Nagios' sticky acknowledgement).</summary>
    public bool AckSticky { get; set; }

    /// <summary>The parent host (<c>tenant/host</c>) whose outage suppresses this alert, or null.</summary>
    public string? SuppressedBy { get; set; }

    /// <summary>True while its fingerprint flaps: notifications are held back.</summary>
    public bool Flapping { get; set; }

    /// <summary>True once a firing notification was sent (queued) for it, so that its recovery is notified too.</summary>
    public bool NotifiedFiring { get; set; }

    /// <summary>True once its recovery was queued (kept in memory only: resolved alerts are not reloaded).</summary>
    public bool RecoveryNotified { get; set; }

    /// <summary>The time of the newest point a threshold rule read for it, or null (other kinds, or not yet known).</summary>
    public DateTimeOffset? LastDataAt { get; set; }

    /// <summary>Why it resolved, one of <see cref="ResolvedReasons"/>, or null while unresolved (in memory and in its notifications only).</summary>
    public string? ResolvedReason { get; set; }

    /// <summary>An immutable copy.</summary>
    public AlertSnapshot Snapshot() => new(Id, Fingerprint, Rule, Kind, Tenant, Host, Instance, State, Severity, Value, Threshold,
        Labels, Annotations, ActiveSince, FiredAt, ResolvedAt, UpdatedAt, AckBy, AckAt, AckComment, AckSticky, SuppressedBy, Flapping, NotifiedFiring)
    {
        LastDataAt = LastDataAt,
        ResolvedReason = ResolvedReason,
    };

    /// <summary>Rebuilds an alert from a snapshot (loading from the store).</summary>
    public static Alert From(AlertSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new Alert
        {
            Id = s.Id, Fingerprint = s.Fingerprint, Rule = s.Rule, Kind = s.Kind, Tenant = s.Tenant, Host = s.Host, Instance = s.Instance,
            State = s.State, Severity = s.Severity, Value = s.Value, Threshold = s.Threshold, Labels = s.Labels, Annotations = s.Annotations,
            ActiveSince = s.ActiveSince, FiredAt = s.FiredAt, ResolvedAt = s.ResolvedAt, UpdatedAt = s.UpdatedAt, AckBy = s.AckBy, AckAt = s.AckAt,
            AckComment = s.AckComment, AckSticky = s.AckSticky, SuppressedBy = s.SuppressedBy, Flapping = s.Flapping, NotifiedFiring = s.NotifiedFiring,
            LastDataAt = s.LastDataAt, ResolvedReason = s.ResolvedReason,
        };
    }
}

/// <summary>An immutable copy of an <see cref="Alert"/>; the shape of <c>GET /api/alerts</c> entries and of notifications.</summary>
/// <param name="Id">Identifier.</param>
/// <param name="Fingerprint"><c>rule|tenant|host|instance</c>.</param>
/// <param name="Rule">Rule name.</param>
/// <param name="Kind">Rule kind.</param>
/// <param name="Tenant">Tenant.</param>
/// <param name="Host">Host or device.</param>
/// <param name="Instance">Series tags or trap instance.</param>
/// <param name="State">State.</param>
/// <param name="Severity">Severity.</param>
/// <param name="Value">Last value, or null.</param>
/// <param name="Threshold">Threshold, or null.</param>
/// <param name="Labels">Labels.</param>
/// <param name="Annotations">Annotations.</param>
/// <param name="ActiveSince">Start of the condition.</param>
/// <param name="FiredAt">Firing time, or null.</param>
/// <param name="ResolvedAt">Resolution time, or null.</param>
/// <param name="UpdatedAt">Last change.</param>
/// <param name="AckBy">Acknowledged by, or null.</param>
/// <param name="AckAt">Acknowledged at, or null.</param>
/// <param name="AckComment">Acknowledgement comment, or null.</param>
/// <param name="AckSticky">Sticky acknowledgement.</param>
/// <param name="SuppressedBy">Parent host suppressing it, or null.</param>
/// <param name="Flapping">Flapping.</param>
/// <param name="NotifiedFiring">Firing was notified.</param>
public sealed record AlertSnapshot(
    long Id, string Fingerprint, string Rule, string Kind, string Tenant, string Host, string Instance, AlertState State, Severity Severity,
    double? Value, double? Threshold, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset ActiveSince, DateTimeOffset? FiredAt, DateTimeOffset? ResolvedAt, DateTimeOffset UpdatedAt,
    string? AckBy, DateTimeOffset? AckAt, string? AckComment, bool AckSticky, string? SuppressedBy, bool Flapping, bool NotifiedFiring)
{
    /// <summary>The time of the newest point a threshold rule read for it, or null.</summary>
    public DateTimeOffset? LastDataAt { get; init; }

    /// <summary>Why it resolved (<see cref="ResolvedReasons"/>), in the notifications of its resolution; null otherwise.</summary>
    public string? ResolvedReason { get; init; }
}

/// <summary>Why an alert resolved: the webhook and MQTT <c>resolvedReason</c>.</summary>
public static class ResolvedReasons
{
    /// <summary>The condition no longer holds: the value is back (past <c>recover</c>), the host or its data came back.</summary>
    public const string Recovered = "recovered";

    /// <summary>No point of the series in the rule's window: the data stopped, which is not a recovery.</summary>
    public const string NoData = "noData";

    /// <summary>The clearing trap arrived.</summary>
    public const string Cleared = "cleared";

    /// <summary>Its rule left the rule file.</summary>
    public const string RuleRemoved = "ruleRemoved";
}

/// <summary>What happened to an alert, as recorded in its history and, for some, notified.</summary>
public enum AlertEventKind
{
    /// <summary>The condition started to hold (pending).</summary>
    Pending,

    /// <summary>The alert fired.</summary>
    Firing,

    /// <summary>Someone acknowledged it.</summary>
    Acknowledged,

    /// <summary>The severity changed while firing or acknowledged.</summary>
    SeverityChanged,

    /// <summary>A non-sticky acknowledgement was withdrawn by a severity change: firing again.</summary>
    Unacknowledged,

    /// <summary>The condition no longer holds.</summary>
    Resolved,

    /// <summary>A parent host went down: the alert is suppressed.</summary>
    Suppressed,

    /// <summary>The parent came back.</summary>
    Unsuppressed,

    /// <summary>The alert's fingerprint started to flap: one notification, then quiet.</summary>
    FlappingStarted,

    /// <summary>The flapping settled.</summary>
    FlappingStopped,

    /// <summary>A notification was delivered by a channel.</summary>
    Notified,

    /// <summary>A channel gave a notification up (failed, or retries exhausted).</summary>
    NotificationFailed,

    /// <summary>Still firing and unacknowledged: an escalation step of the rule's policy was reached.</summary>
    Escalated,

    /// <summary>Still firing and unacknowledged: re-notified (the interval backs off).</summary>
    Reminder,
}

/// <summary>One entry of an alert's history (<c>GET /api/alerts/{id}/history</c>).</summary>
/// <param name="AlertId">The alert.</param>
/// <param name="At">When.</param>
/// <param name="Event">What.</param>
/// <param name="State">The alert's state after it.</param>
/// <param name="Severity">The alert's severity after it.</param>
/// <param name="Value">The value then, or null.</param>
/// <param name="Detail">Free text: who acknowledged and why, which parent, which channel, the error…</param>
public sealed record AlertHistoryEntry(long AlertId, DateTimeOffset At, AlertEventKind Event, AlertState State, Severity Severity, double? Value, string? Detail);
