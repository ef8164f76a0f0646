using Alpi.Collector.Alerting.Rules;

namespace Alpi.Collector.Alerting.Lifecycle;

/// <summary>
/// What one rule's evaluation found for one instance. For tick-evaluated rules, <see cref="Active"/> is the condition
/// now; for traps, true opens and false clears.
/// </summary>
/// <param name="Rule">The rule.</param>
/// <param name="Tenant">Tenant.</param>
/// <param name="Host">Host (or trap device).</param>
/// <param name="Instance">Series tags other than tenant and host (<c>cpu=cpu-total</c>), a trap instance, or empty.</param>
/// <param name="Tags">Series tags, for templates.</param>
/// <param name="Active">Whether the condition holds.</param>
/// <param name="Severity">Severity when active.</param>
/// <param name="Value">Observed value, or null.</param>
/// <param name="Threshold">Threshold compared with, or null.</param>
public sealed record AlertObservation(
    AlertRule Rule, string Tenant, string Host, string Instance, IReadOnlyDictionary<string, string> Tags,
    bool Active, Severity Severity, double? Value, double? Threshold)
{
    /// <summary><c>rule|tenant|host|instance</c>: the identity of the instance.</summary>
    public string Fingerprint => AlertEngine.FingerprintOf(Rule.Name, Tenant, Host, Instance);

    /// <summary>The time of the newest point read for a threshold rule, or null.</summary>
    public DateTimeOffset? LastDataAt { get; init; }
}

/// <summary>
/// What an evaluation covered: the open alerts of <see cref="Rule"/> (within <see cref="Tenant"/> and <see cref="Host"/>
/// when set) that received no observation are treated as no longer active — the series went quiet, the host left.
/// </summary>
/// <param name="Rule">Rule name.</param>
/// <param name="Tenant">Only this tenant, or null for all.</param>
/// <param name="Host">Only this host, or null for all.</param>
public sealed record EvaluationScope(string Rule, string? Tenant, string? Host);

/// <summary>A transition to tell the notification channels about.</summary>
/// <param name="Event">Firing, Resolved, Acknowledged, FlappingStarted, FlappingStopped…</param>
/// <param name="Alert">The alert as it was right after the transition.</param>
/// <param name="At">When.</param>
public sealed record AlertNotification(AlertEventKind Event, AlertSnapshot Alert, DateTimeOffset At)
{
    /// <summary>For <see cref="AlertEventKind.Escalated"/>: the 0-based step of the escalation policy reached; else null.</summary>
    public int? Step { get; init; }

    /// <summary>For <see cref="AlertEventKind.Reminder"/>: how many reminders were sent before this one; else null.</summary>
    public int? Reminder { get; init; }

    /// <summary>
    /// How many steps of the alert's escalation policy were reached when this was queued (set by the escalation
    /// stage): every notification but <see cref="AlertEventKind.Escalated"/> goes to the targets of those steps; null
    /// when not staged (then the router derives it from the time since the alert fired).
    /// </summary>
    public int? Reached { get; init; }
}

/// <summary>Everything an engine step changed, to persist in one transaction (alerts, history, flap histories, outgoing notifications).</summary>
public sealed class AlertChanges
{
    private readonly Dictionary<long, AlertSnapshot> _alerts = [];

    /// <summary>Alerts created or changed, in their final state of the step.</summary>
    public IReadOnlyCollection<AlertSnapshot> Alerts => _alerts.Values;

    /// <summary>The alert <paramref name="id"/> as this step left it, if the step created or changed it.</summary>
    /// <param name="id">The alert's identifier.</param>
    /// <param name="alert">Its final state of the step, or null.</param>
    /// <returns>Whether the step touched it.</returns>
    public bool TryGetAlert(long id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AlertSnapshot? alert) => _alerts.TryGetValue(id, out alert);

    /// <summary>History entries, in order.</summary>
    public List<AlertHistoryEntry> History { get; } = [];

    /// <summary>Notifications to queue, in order.</summary>
    public List<AlertNotification> Notifications { get; } = [];

    /// <summary>Flap histories changed (fingerprint → history); a default value means "forget it".</summary>
    public Dictionary<string, FlapHistory> Flaps { get; } = new(StringComparer.Ordinal);

    /// <summary>Escalation progress changed (alert id → progress); null means "forget it" (resolved).</summary>
    public Dictionary<long, Escalation.EscalationProgress?> Escalations { get; } = [];

    /// <summary>True when nothing changed.</summary>
    public bool IsEmpty => _alerts.Count == 0 && History.Count == 0 && Notifications.Count == 0 && Flaps.Count == 0 && Escalations.Count == 0;

    /// <summary>Records the current state of an alert.</summary>
    public void Touch(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        _alerts[alert.Id] = alert.Snapshot();
    }

    /// <summary>Appends another step's changes (kept for a retry after a failed save).</summary>
    public void Merge(AlertChanges other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (id, alert) in other._alerts)
        {
            _alerts[id] = alert;
        }

        History.AddRange(other.History);
        Notifications.AddRange(other.Notifications);
        foreach (var (fingerprint, flap) in other.Flaps)
        {
            Flaps[fingerprint] = flap;
        }

        foreach (var (id, progress) in other.Escalations)
        {
            Escalations[id] = progress;
        }
    }
}
