using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Notifications;

namespace Alpi.Collector.Alerting.Escalation;

/// <summary>
/// The escalation stage, between the engine and the outbox, driven by the evaluation tick (a Quartz.NET job) and
/// the caller's clock: <see cref="Stage"/> tags each notification with the steps reached and starts an alert's
/// progress at its first notification; <see cref="Advance"/> queues the next step once its delay has passed and
/// reminders at intervals that back off, for alerts still firing and unacknowledged (acknowledgement or resolution
/// stops both; flapping, suppressed and held-back alerts wait). Maintenance windows and silences hold back steps and
/// reminders too (recorded in the history). Not thread-safe: the <c>AlertingService</c> calls it under its lock.
/// </summary>
/// <remarks>
/// A step that reaches nobody (its people have no address on its channels, its schedule is unknown) is recorded in
/// the alert's history as <see cref="AlertEventKind.NotificationFailed"/> with the reason, and counted
/// (<see cref="StepsReachedNobody"/>), when a <paramref name="router"/> is given.
/// </remarks>
/// <param name="policies">Policies of the alerts.</param>
/// <param name="filters">Notification filters (maintenance windows, silences).</param>
/// <param name="router">The router that finds each step's targets, to record the steps that reach nobody; or null.</param>
public sealed class EscalationScheduler(EscalationPolicies policies, IEnumerable<INotificationFilter> filters, EscalationRouter? router = null)
{
    private readonly Dictionary<long, EscalationProgress> _progress = [];
    private readonly INotificationFilter[] _filters = filters.ToArray();
    private long _stepsReachedNobody;

    /// <summary>Escalation steps that reached nobody since start (recorded in their alert's history).</summary>
    public long StepsReachedNobody => Interlocked.Read(ref _stepsReachedNobody);

    /// <summary>The start of the history detail of a step that reached nobody, followed by the reasons.</summary>
    public const string ReachedNobody = "reached nobody: ";

    /// <summary>The progress of an alert, or null.</summary>
    public EscalationProgress? ProgressOf(long alertId) => _progress.GetValueOrDefault(alertId);

    /// <summary>Restores the progress of open alerts (from the store), replacing what was held.</summary>
    public void Load(IEnumerable<EscalationProgress> progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        _progress.Clear();
        foreach (var p in progress)
        {
            _progress[p.AlertId] = p;
        }
    }

    /// <summary>
    /// Tags the notifications of a step with the steps reached (<see cref="AlertNotification.Reached"/>), starts the
    /// progress of alerts notified firing for the first time, and forgets resolved alerts; changes go into
    /// <paramref name="changes"/> to be saved with them.
    /// </summary>
    public void Stage(AlertChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        for (var i = 0; i < changes.Notifications.Count; i++)
        {
            var n = changes.Notifications[i];
            if (n.Event == AlertEventKind.Escalated || n.Reached is not null)
            {
                continue;
            }

            var policy = policies.PolicyOf(n.Alert.Rule);
            var progress = _progress.GetValueOrDefault(n.Alert.Id);
            if (n.Event == AlertEventKind.Firing)
            {
                var repeat = policies.RepeatOf(policy);
                progress ??= new EscalationProgress(n.Alert.Id, n.At, 0, 0, repeat is null ? null : n.At + repeat.DelayAfter(0));
                var reached = policy?.StepsReached(n.At - progress.Started) ?? 0;
                for (var step = progress.StepsDone; policy is not null && step < reached; step++)
                {
                    RecordIfNobody(n.Alert, policy, step, n.At, changes);
                }

                progress = progress with { StepsDone = Math.Max(progress.StepsDone, reached) };
                Save(progress, changes);
            }

            changes.Notifications[i] = n with
            {
                Reached = progress?.StepsDone ?? policy?.StepsReached(n.At - (n.Alert.FiredAt ?? n.At)) ?? 0,
            };
        }

        foreach (var alert in changes.Alerts.Where(a => a.State == AlertState.Resolved && _progress.ContainsKey(a.Id)))
        {
            _progress.Remove(alert.Id);
            changes.Escalations[alert.Id] = null;
        }
    }

    /// <summary>Queues the escalation steps and reminders due at <paramref name="now"/> for the open alerts.</summary>
    public AlertChanges Advance(IEnumerable<Alert> open, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(open);
        var changes = new AlertChanges();
        foreach (var alert in open)
        {
            if (alert.State != AlertState.Firing || !alert.NotifiedFiring || alert.Flapping || alert.SuppressedBy is not null)
            {
                continue;
            }

            var policy = policies.PolicyOf(alert.Rule);
            var repeat = policies.RepeatOf(policy);
            if (!_progress.TryGetValue(alert.Id, out var progress))
            {
                // Notified before progress was kept (an older alerts.db): take what is due as done, no storm.
                var started = alert.FiredAt ?? now;
                Save(new EscalationProgress(alert.Id, started, policy?.StepsReached(now - started) ?? 0, 0, repeat is null ? null : now + repeat.DelayAfter(0)), changes);
                continue;
            }

            var before = progress;
            while (policy is not null && progress.StepsDone < policy.Steps.Count && progress.Started + policy.Steps[progress.StepsDone].After <= now)
            {
                var step = progress.StepsDone;
                var notification = new AlertNotification(AlertEventKind.Escalated, alert.Snapshot(), now) { Step = step, Reached = step + 1 };
                var detail = $"step {step + 1} of policy {policy.Name} (after {policy.Steps[step].After})";
                if (Queue(alert, notification, detail, changes, now))
                {
                    RecordIfNobody(alert.Snapshot(), policy, step, now, changes);
                }

                progress = progress with { StepsDone = step + 1 };
            }

            if (repeat is not null && progress.NextReminder is { } due && due <= now)
            {
                var notification = new AlertNotification(AlertEventKind.Reminder, alert.Snapshot(), now) { Reminder = progress.Reminders, Reached = progress.StepsDone };
                var next = repeat.DelayAfter(progress.Reminders + 1);
                Queue(alert, notification, $"reminder {progress.Reminders + 1}, unacknowledged since {alert.FiredAt:u}; next in {next}", changes, now);
                progress = progress with { Reminders = progress.Reminders + 1, NextReminder = now + next };
            }
            else if (repeat is null && progress.NextReminder is not null)
            {
                progress = progress with { NextReminder = null };
            }

            if (progress != before)
            {
                Save(progress, changes);
            }
        }

        return changes;
    }

    /// <summary>Records in the alert's history, and counts, a step of <paramref name="policy"/> that reaches nobody at <paramref name="at"/>.</summary>
    private void RecordIfNobody(AlertSnapshot alert, EscalationPolicy policy, int step, DateTimeOffset at, AlertChanges changes)
    {
        if (router is null || router.WhyNobody(policy.Steps[step], at) is not { Count: > 0 } why)
        {
            return;
        }

        Interlocked.Increment(ref _stepsReachedNobody);
        changes.History.Add(new AlertHistoryEntry(alert.Id, at, AlertEventKind.NotificationFailed, alert.State, alert.Severity, alert.Value,
            $"step {step + 1} of policy {policy.Name} {ReachedNobody}{string.Join("; ", why)}"));
    }

    /// <summary>Queues a step or a reminder unless a filter holds it back (recorded either way); true when queued.</summary>
    private bool Queue(Alert alert, AlertNotification notification, string detail, AlertChanges changes, DateTimeOffset now)
    {
        string? heldBy = null;
        foreach (var filter in _filters)
        {
            if (!filter.Allows(notification, out var reason))
            {
                heldBy = reason ?? filter.GetType().Name;
                break;
            }
        }

        changes.History.Add(new AlertHistoryEntry(alert.Id, now, notification.Event, alert.State, alert.Severity, alert.Value,
            heldBy is null ? detail : $"{detail}; not notified: {heldBy}"));
        if (heldBy is null)
        {
            changes.Notifications.Add(notification);
        }

        return heldBy is null;
    }

    private void Save(EscalationProgress progress, AlertChanges changes)
    {
        _progress[progress.AlertId] = progress;
        changes.Escalations[progress.AlertId] = progress;
    }
}
