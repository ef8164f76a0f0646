using Alpi.Collector.Alerting.Notifications;
using Alpi.Collector.Alerting.Rules;

namespace Alpi.Collector.Alerting.Lifecycle;

/// <summary>
/// The alert lifecycle, without I/O: takes observations and acknowledgements, moves alerts through pending → firing
/// → acknowledged → resolved, detects flapping, applies host dependencies, and returns what changed
/// (<see cref="AlertChanges"/>) for the caller to persist and to queue as notifications. Not thread-safe: the
/// <c>AlertingService</c> calls it under its lock. Time comes from the caller.
/// </summary>
/// <remarks>
/// Notification rules: firing is notified unless the alert flaps, is suppressed by a down parent, or a
/// <see cref="INotificationFilter"/> holds it back; a resolution is notified when its firing was (and the outbox sends it
/// only to the channels and recipients that got the firing), carrying why it resolved (<see cref="ResolvedReasons"/>:
/// a threshold alert whose data stopped is resolved as <see cref="ResolvedReasons.NoData"/>, not as a recovery); a flapping
/// fingerprint notifies "flapping started" once, then nothing until "flapping stopped", which carries the state it
/// settled in (and a firing that was held back is notified then). A non-sticky acknowledgement ends when the
/// severity changes (firing again, notified); a sticky one lasts until resolution.
/// </remarks>
public sealed class AlertEngine
{
    private readonly Dictionary<string, Alert> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FlapHistory> _flaps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Alert> _lastResolved = new(StringComparer.Ordinal);
    private readonly FlapDetectionOptions _flap;
    private readonly IReadOnlyList<INotificationFilter> _filters;
    private long _nextId = 1;

    /// <summary>Creates an empty engine.</summary>
    /// <param name="flap">Flap detection settings.</param>
    /// <param name="filters">Notification filters (maintenance, silences), or none.</param>
    public AlertEngine(FlapDetectionOptions flap, IEnumerable<INotificationFilter>? filters = null)
    {
        ArgumentNullException.ThrowIfNull(flap);
        _flap = flap;
        _filters = filters?.ToList() ?? [];
    }

    /// <summary>Unresolved alerts (pending, firing, acknowledged).</summary>
    public IReadOnlyCollection<Alert> Open => _open.Values;

    /// <summary>The <c>rule|tenant|host|instance</c> fingerprint.</summary>
    public static string FingerprintOf(string rule, string tenant, string host, string instance) => $"{rule}|{tenant}|{host}|{instance}";

    /// <summary>Restores state from the store, replacing what was held: unresolved alerts, flap histories and the next identifier.</summary>
    public void Load(IEnumerable<AlertSnapshot> open, IEnumerable<KeyValuePair<string, FlapHistory>> flaps, long nextId)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(flaps);
        _open.Clear();
        _flaps.Clear();
        _lastResolved.Clear();
        foreach (var snapshot in open)
        {
            _open[snapshot.Fingerprint] = Alert.From(snapshot);
        }

        foreach (var (fingerprint, history) in flaps)
        {
            _flaps[fingerprint] = history;
        }

        _nextId = Math.Max(nextId, _open.Count == 0 ? 1 : _open.Values.Max(a => a.Id) + 1);
    }

    /// <summary>The unresolved alert of a fingerprint, or null.</summary>
    public Alert? FindOpen(string fingerprint) => _open.GetValueOrDefault(fingerprint);

    /// <summary>The unresolved alert with this identifier, or null.</summary>
    public Alert? FindOpen(long id) => _open.Values.FirstOrDefault(a => a.Id == id);

    /// <summary>
    /// Applies one evaluation: every observation, then the open alerts of each scope that got no observation are
    /// treated as inactive, then host dependencies are reconciled.
    /// </summary>
    /// <param name="rules">The rules in force (for dependencies and templates).</param>
    /// <param name="observations">What the rules saw.</param>
    /// <param name="scopes">What this evaluation covered.</param>
    /// <param name="now">Evaluation time.</param>
    public AlertChanges Apply(RuleSet rules, IReadOnlyList<AlertObservation> observations, IReadOnlyList<EvaluationScope> scopes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(scopes);
        var changes = new AlertChanges();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        // Host-level rules first, parents before the others, so that a parent going down in this round suppresses
        // its children's new alerts before they can be notified.
        var parents = rules.Dependencies.Select(d => d.Parent).ToHashSet(StringComparer.Ordinal);
        var down = DownHosts();
        foreach (var group in observations.Where(o => IsHostLevel(o.Rule)).GroupBy(o => parents.Contains(o.Host)).OrderByDescending(g => g.Key))
        {
            foreach (var observation in group)
            {
                seen.Add(observation.Fingerprint);
                Observe(rules, observation, changes, now, down);
            }

            down = DownHosts();
        }

        down = DownHosts();
        foreach (var observation in observations.Where(o => !IsHostLevel(o.Rule)))
        {
            seen.Add(observation.Fingerprint);
            Observe(rules, observation, changes, now, down);
        }

        foreach (var scope in scopes)
        {
            var stale = _open.Values.Where(a => a.Rule == scope.Rule && !seen.Contains(a.Fingerprint)
                && (scope.Tenant is null || a.Tenant == scope.Tenant) && (scope.Host is null || a.Host == scope.Host)).ToList();
            foreach (var alert in stale)
            {
                RecordFlap(alert.Fingerprint, false, changes, now);
                Resolve(alert, changes, now, "no data for this instance in the rule's window", ResolvedReasons.NoData);
            }
        }

        ReconcileDependencies(rules, changes, now);
        return changes;
    }

    /// <summary>Resolves the open alerts of rules that are no longer in <paramref name="rules"/> (after a reload).</summary>
    public AlertChanges RemoveStaleRules(RuleSet rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var names = rules.Rules.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var changes = new AlertChanges();
        foreach (var alert in _open.Values.Where(a => !names.Contains(a.Rule)).ToList())
        {
            Resolve(alert, changes, now, "rule removed from the rule file", ResolvedReasons.RuleRemoved);
        }

        foreach (var fingerprint in _flaps.Keys.Where(f => !names.Contains(f[..f.IndexOf('|', StringComparison.Ordinal)])).ToList())
        {
            _flaps.Remove(fingerprint);
            _lastResolved.Remove(fingerprint);
            changes.Flaps[fingerprint] = default;
        }

        ReconcileDependencies(rules, changes, now);
        return changes;
    }

    /// <summary>
    /// Notifies the firing alerts whose firing a filter held back (a maintenance window or a silence that has since
    /// ended), now that nothing holds them: called at every tick; a hold that goes on is not recorded again.
    /// </summary>
    public AlertChanges ReleaseHeld(DateTimeOffset now)
    {
        var changes = new AlertChanges();
        foreach (var alert in _open.Values)
        {
            if (alert.State == AlertState.Firing && !alert.NotifiedFiring && !alert.Flapping && alert.SuppressedBy is null
                && Notify(alert, AlertEventKind.Firing, changes, now, quiet: true))
            {
                alert.NotifiedFiring = true;
                changes.History.Add(new AlertHistoryEntry(alert.Id, now, AlertEventKind.Firing, alert.State, alert.Severity, alert.Value, "notified now: nothing holds it back any more"));
                changes.Touch(alert);
            }
        }

        return changes;
    }

    /// <summary>Acknowledges a firing alert.</summary>
    /// <param name="id">The alert.</param>
    /// <param name="by">Who (required).</param>
    /// <param name="comment">Why, or null.</param>
    /// <param name="sticky">True (default in the API) to keep the acknowledgement across severity changes.</param>
    /// <param name="now">When.</param>
    /// <param name="changes">What changed, or null unless the result is <see cref="AckResult.Acknowledged"/>.</param>
    public AckResult Acknowledge(long id, string by, string? comment, bool sticky, DateTimeOffset now, out AlertChanges? changes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        changes = null;
        var alert = FindOpen(id);
        if (alert is null)
        {
            return AckResult.NotOpen;
        }

        if (alert.State != AlertState.Firing)
        {
            return alert.State == AlertState.Acknowledged ? AckResult.AlreadyAcknowledged : AckResult.NotFiring;
        }

        changes = new AlertChanges();
        alert.State = AlertState.Acknowledged;
        alert.AckBy = by;
        alert.AckAt = now;
        alert.AckComment = comment;
        alert.AckSticky = sticky;
        alert.UpdatedAt = now;
        Record(alert, AlertEventKind.Acknowledged, changes, now, $"by {by}{(sticky ? " (sticky)" : "")}{(comment is null ? "" : ": " + comment)}");
        if (alert.NotifiedFiring)
        {
            Notify(alert, AlertEventKind.Acknowledged, changes, now);
        }

        return AckResult.Acknowledged;
    }

    private static bool IsHostLevel(AlertRule rule) => rule is PresenceRule || rule is AbsenceRule { Selector: null };

    private void Observe(RuleSet rules, AlertObservation o, AlertChanges changes, DateTimeOffset now, HashSet<(string, string)> down)
    {
        var fingerprint = o.Fingerprint;
        if (o.Rule is not TrapRule)
        {
            RecordFlap(fingerprint, o.Active, changes, now);
        }

        var alert = _open.GetValueOrDefault(fingerprint);
        if (!o.Active)
        {
            if (alert is not null)
            {
                if (o.Value is not null)
                {
                    // The resolution's summary shows the value that resolved it, against the threshold it fired at.
                    alert.Value = o.Value;
                    alert.LastDataAt = o.LastDataAt ?? alert.LastDataAt;
                    RenderAnnotations(alert, o);
                }

                Resolve(alert, changes, now, o.Rule is TrapRule ? "clearing trap received" : null,
                    o.Rule is TrapRule ? ResolvedReasons.Cleared : ResolvedReasons.Recovered);
            }
            else
            {
                FlapTransitions(fingerprint, changes, now);
            }

            return;
        }

        if (alert is null)
        {
            alert = new Alert
            {
                Id = _nextId++,
                Fingerprint = fingerprint,
                Rule = o.Rule.Name,
                Kind = o.Rule.Kind,
                Tenant = o.Tenant,
                Host = o.Host,
                Instance = o.Instance,
                State = AlertState.Pending,
                Severity = o.Severity,
                ActiveSince = now,
                UpdatedAt = now,
                Flapping = _flaps.GetValueOrDefault(fingerprint).Flapping,
                SuppressedBy = SuppressingParent(rules, o.Tenant, o.Host, down),
            };
            Render(alert, o);
            _open[fingerprint] = alert;
            _lastResolved.Remove(fingerprint);
            Record(alert, AlertEventKind.Pending, changes, now, alert.SuppressedBy is null ? null : $"suppressed: parent {alert.SuppressedBy} is down");
        }
        else
        {
            Render(alert, o);
            if (alert.State is AlertState.Firing or AlertState.Acknowledged && o.Severity != alert.Severity)
            {
                ChangeSeverity(alert, o.Severity, changes, now);
            }
            else
            {
                alert.Severity = o.Severity;
            }

            changes.Touch(alert);
        }

        if (alert.State == AlertState.Pending && now - alert.ActiveSince >= (o.Rule is TrapRule ? TimeSpan.Zero : o.Rule.For))
        {
            alert.State = AlertState.Firing;
            alert.FiredAt = now;
            alert.UpdatedAt = now;
            Record(alert, AlertEventKind.Firing, changes, now, null);
            if (Notify(alert, AlertEventKind.Firing, changes, now))
            {
                alert.NotifiedFiring = true;
                changes.Touch(alert);
            }
        }

        // The flap flag follows the fingerprint; notify the start now that the alert exists.
        FlapTransitions(fingerprint, changes, now);
    }

    private void ChangeSeverity(Alert alert, Severity severity, AlertChanges changes, DateTimeOffset now)
    {
        var previous = alert.Severity;
        alert.Severity = severity;
        alert.UpdatedAt = now;
        var detail = $"{previous.ToString().ToLowerInvariant()} → {severity.ToString().ToLowerInvariant()}";
        if (alert.State == AlertState.Acknowledged && !alert.AckSticky)
        {
            alert.State = AlertState.Firing;
            Record(alert, AlertEventKind.Unacknowledged, changes, now, detail + ": the acknowledgement by " + alert.AckBy + " was not sticky");
            if (Notify(alert, AlertEventKind.Firing, changes, now))
            {
                alert.NotifiedFiring = true;
            }

            return;
        }

        Record(alert, AlertEventKind.SeverityChanged, changes, now, detail);
        if (alert.State == AlertState.Firing && Notify(alert, AlertEventKind.Firing, changes, now))
        {
            alert.NotifiedFiring = true;
        }
    }

    private void Resolve(Alert alert, AlertChanges changes, DateTimeOffset now, string? detail, string reason)
    {
        var wasPending = alert.State == AlertState.Pending;
        alert.State = AlertState.Resolved;
        alert.ResolvedReason = reason;
        alert.ResolvedAt = now;
        alert.UpdatedAt = now;
        _open.Remove(alert.Fingerprint);
        Record(alert, AlertEventKind.Resolved, changes, now, wasPending ? AppendDetail(detail, "while pending, never notified") : detail);
        if (alert.NotifiedFiring && Notify(alert, AlertEventKind.Resolved, changes, now, recovery: true))
        {
            alert.RecoveryNotified = true;
        }

        if (_flaps.GetValueOrDefault(alert.Fingerprint).Flapping)
        {
            _lastResolved[alert.Fingerprint] = alert;
        }

        FlapTransitions(alert.Fingerprint, changes, now);
    }

    private static string? AppendDetail(string? detail, string more) => detail is null ? more : detail + "; " + more;

    private void RecordFlap(string fingerprint, bool active, AlertChanges changes, DateTimeOffset now)
    {
        if (!_flap.Enabled)
        {
            return;
        }

        var window = Math.Clamp(_flap.Samples, 3, 64);
        var before = _flaps.GetValueOrDefault(fingerprint);
        var after = before.Add(active, window);
        var percent = after.PercentStateChange(window);
        if (!before.Flapping && percent >= _flap.HighPercent)
        {
            after = after with { Flapping = true };
        }
        else if (before.Flapping && percent < _flap.LowPercent)
        {
            after = after with { Flapping = false };
        }

        // Steady histories with no open alert need not be kept.
        var steady = !after.Flapping && (after.Bits == 0 || after.Bits == (window >= 64 ? ulong.MaxValue : (1UL << window) - 1)) && after.Count == window;
        if (steady && !_open.ContainsKey(fingerprint))
        {
            // Only histories with an active result or flapping were stored (below).
            if (_flaps.Remove(fingerprint) && (before.Bits != 0 || before.Flapping))
            {
                changes.Flaps[fingerprint] = default;
            }

            return;
        }

        if (after != before)
        {
            _flaps[fingerprint] = after;
            // Persist only histories that could matter after a restart: some active result in the window, or
            // flapping. An all-inactive history, what most series have, is not written at every tick (it would be
            // one write per series per tick until the window fills); a stored one is deleted when its last active
            // result leaves the window. After a restart such a history is missing, which differs from it only in
            // that the next active result does not count as a change.
            if (!steady && (after.Bits != 0 || after.Flapping))
            {
                changes.Flaps[fingerprint] = after;
            }
            else if (!steady && (before.Bits != 0 || before.Flapping))
            {
                changes.Flaps[fingerprint] = default;
            }
        }

        // Flapping starts: notify it before the transition of this evaluation, which is then held back.
        if (after.Flapping && !before.Flapping && _open.ContainsKey(fingerprint))
        {
            FlapTransitions(fingerprint, changes, now);
        }
    }

    private void FlapTransitions(string fingerprint, AlertChanges changes, DateTimeOffset now)
    {
        var flapping = _flaps.GetValueOrDefault(fingerprint).Flapping;
        var alert = _open.GetValueOrDefault(fingerprint) ?? _lastResolved.GetValueOrDefault(fingerprint);
        if (alert is null || alert.Flapping == flapping)
        {
            return;
        }

        alert.Flapping = flapping;
        alert.UpdatedAt = now;
        var percent = _flaps.GetValueOrDefault(fingerprint).PercentStateChange(Math.Clamp(_flap.Samples, 3, 64));
        var detail = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{percent:0.#} % state change over the last {_flap.Samples} evaluations");
        Record(alert, flapping ? AlertEventKind.FlappingStarted : AlertEventKind.FlappingStopped, changes, now, detail);
        Notify(alert, flapping ? AlertEventKind.FlappingStarted : AlertEventKind.FlappingStopped, changes, now, flapNotice: true);
        if (flapping)
        {
            return;
        }

        // Settled: tell what was held back while flapping.
        _lastResolved.Remove(fingerprint);
        if (alert.State == AlertState.Firing && !alert.NotifiedFiring && Notify(alert, AlertEventKind.Firing, changes, now))
        {
            alert.NotifiedFiring = true;
        }
        else if (alert.State == AlertState.Resolved && alert.NotifiedFiring && !alert.RecoveryNotified && Notify(alert, AlertEventKind.Resolved, changes, now, recovery: true))
        {
            alert.RecoveryNotified = true;
        }

        changes.Touch(alert);
    }

    private HashSet<(string, string)> DownHosts() =>
        _open.Values.Where(a => a.State is AlertState.Firing or AlertState.Acknowledged && (a.Kind == "presence" || (a.Kind == "absence" && a.Instance.Length == 0)))
            .Select(a => (a.Tenant, a.Host)).ToHashSet();

    private static string? SuppressingParent(RuleSet rules, string tenant, string host, HashSet<(string, string)> down)
    {
        foreach (var dependency in rules.Dependencies)
        {
            if (dependency.HasChild(tenant, host) && down.Contains((tenant, dependency.Parent)))
            {
                return $"{tenant}/{dependency.Parent}";
            }
        }

        return null;
    }

    private void ReconcileDependencies(RuleSet rules, AlertChanges changes, DateTimeOffset now)
    {
        var down = DownHosts();
        foreach (var alert in _open.Values.ToList())
        {
            var parent = rules.Dependencies.Count == 0 ? null : SuppressingParent(rules, alert.Tenant, alert.Host, down);
            if (parent == alert.SuppressedBy)
            {
                continue;
            }

            var previous = alert.SuppressedBy;
            alert.SuppressedBy = parent;
            alert.UpdatedAt = now;
            if (parent is not null)
            {
                Record(alert, AlertEventKind.Suppressed, changes, now, $"parent {parent} is down");
                continue;
            }

            Record(alert, AlertEventKind.Unsuppressed, changes, now, $"parent {previous} is back");
            if (alert.State == AlertState.Firing && !alert.NotifiedFiring && Notify(alert, AlertEventKind.Firing, changes, now))
            {
                alert.NotifiedFiring = true;
                changes.Touch(alert);
            }
        }
    }

    private static void Render(Alert alert, AlertObservation o)
    {
        alert.Value = o.Value;
        alert.Threshold = o.Threshold;
        alert.LastDataAt = o.LastDataAt ?? alert.LastDataAt;
        var context = new AlertTemplateContext(o.Rule.Name, o.Tenant, o.Host, o.Instance, o.Severity, o.Value, o.Threshold, o.Tags);
        alert.Labels = o.Rule.Labels.ToDictionary(kv => kv.Key, kv => kv.Value.Render(context), StringComparer.Ordinal);
        alert.Annotations = o.Rule.Annotations.ToDictionary(kv => kv.Key, kv => kv.Value.Render(context), StringComparer.Ordinal);
    }

    private static void RenderAnnotations(Alert alert, AlertObservation o)
    {
        var context = new AlertTemplateContext(o.Rule.Name, o.Tenant, o.Host, o.Instance, alert.Severity, alert.Value, alert.Threshold, o.Tags);
        alert.Annotations = o.Rule.Annotations.ToDictionary(kv => kv.Key, kv => kv.Value.Render(context), StringComparer.Ordinal);
    }

    private static void Record(Alert alert, AlertEventKind kind, AlertChanges changes, DateTimeOffset now, string? detail)
    {
        changes.History.Add(new AlertHistoryEntry(alert.Id, now, kind, alert.State, alert.Severity, alert.Value, detail));
        changes.Touch(alert);
    }

    /// <summary>Queues a notification unless flapping, suppression or a filter holds it back (recorded in the history).</summary>
    /// <returns>True when queued.</returns>
    private bool Notify(Alert alert, AlertEventKind kind, AlertChanges changes, DateTimeOffset now, bool recovery = false, bool flapNotice = false, bool quiet = false)
    {
        string? heldBy = null;
        if (alert.Flapping && !flapNotice)
        {
            heldBy = "flapping";
        }
        else if (alert.SuppressedBy is not null && !recovery)
        {
            heldBy = $"suppressed: parent {alert.SuppressedBy} is down";
        }

        var notification = new AlertNotification(kind, alert.Snapshot(), now);
        if (heldBy is null)
        {
            foreach (var filter in _filters)
            {
                if (!filter.Allows(notification, out var reason))
                {
                    heldBy = reason ?? filter.GetType().Name;
                    break;
                }
            }
        }

        if (heldBy is not null)
        {
            // Only worth a history line for the transitions people expect to hear about.
            if (kind is AlertEventKind.Firing or AlertEventKind.Resolved && !quiet)
            {
                changes.History.Add(new AlertHistoryEntry(alert.Id, now, kind, alert.State, alert.Severity, alert.Value, "not notified: " + heldBy));
            }

            return false;
        }

        changes.Notifications.Add(notification);
        return true;
    }
}

/// <summary>The outcome of an acknowledgement.</summary>
public enum AckResult
{
    /// <summary>Done.</summary>
    Acknowledged,

    /// <summary>No unresolved alert has this identifier.</summary>
    NotOpen,

    /// <summary>The alert is pending: there is nothing to acknowledge yet.</summary>
    NotFiring,

    /// <summary>Already acknowledged.</summary>
    AlreadyAcknowledged,
}
