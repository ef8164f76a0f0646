using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Notifications;

namespace Alpi.Collector.Alerting.Escalation;

/// <summary>
/// The router of the escalation policies: an <see cref="AlertEventKind.Escalated"/> notification goes to the targets
/// of its step; any other to the targets of every step reached so far (<see cref="AlertNotification.Reached"/>), so
/// a recovery or an acknowledgement reaches whoever was paged. A step's targets: its channels at their configured
/// destination, and each of its people and the people on call in its schedules at the notification's time, on each
/// configured channel of <c>via</c> (or of all channels) where they have an address. Alerts without a policy go to
/// every channel at its configured destination, as <see cref="AllChannelsRouter"/> does.
/// </summary>
/// <param name="policies">Policies and on-call configuration.</param>
/// <param name="notifiers">The configured channels.</param>
public sealed class EscalationRouter(EscalationPolicies policies, IEnumerable<IAlertNotifier> notifiers) : IAlertNotificationRouter
{
    private readonly string[] _channels = notifiers.Select(n => n.Name).ToArray();

    /// <inheritdoc />
    public IReadOnlyList<NotificationTarget> Route(AlertNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var policy = policies.PolicyOf(notification.Alert.Rule);
        if (policy is null)
        {
            return _channels.Select(c => new NotificationTarget(c)).ToList();
        }

        IEnumerable<EscalationStep> steps;
        if (notification.Event == AlertEventKind.Escalated)
        {
            steps = notification.Step is { } s && s < policy.Steps.Count ? [policy.Steps[s]] : [];
        }
        else
        {
            var reached = notification.Reached ?? policy.StepsReached(notification.At - (notification.Alert.FiredAt ?? notification.At));
            steps = policy.Steps.Take(reached);
        }

        var targets = new List<NotificationTarget>();
        foreach (var step in steps)
        {
            targets.AddRange(StepTargets(step, notification.At));
        }

        return targets.Distinct().ToList();
    }

    /// <summary>
    /// Why a step reaches nobody at <paramref name="at"/>: one reason per channel, schedule or person that gives no
    /// target (<c>person nomail has no address for email (via: email)</c>); empty when the step reaches someone.
    /// </summary>
    public IReadOnlyList<string> WhyNobody(EscalationStep step, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (StepTargets(step, at).Any())
        {
            return [];
        }

        var config = policies.Config;
        var reasons = new List<string>();
        reasons.AddRange(step.Channels.Where(c => !_channels.Contains(c)).Select(c => $"channel {c} is not configured"));
        reasons.AddRange(step.Schedules.Where(s => !config.Schedules.ContainsKey(s)).Select(s => $"schedule {s} is not defined"));
        var via = step.Via.Count == 0 ? _channels : step.Via.ToArray();
        var usable = via.Where(_channels.Contains).ToList();
        var viaText = step.Via.Count == 0 ? "any configured channel" : "via: " + string.Join(", ", step.Via);
        var people = step.People.Concat(step.Schedules.Where(config.Schedules.ContainsKey).Select(s => config.Schedules[s].At(at).Person)).Distinct();
        foreach (var name in people)
        {
            if (!config.People.ContainsKey(name))
            {
                reasons.Add($"person {name} is not defined");
            }
            else if (usable.Count == 0)
            {
                reasons.Add($"person {name}: no channel of {viaText} is configured");
            }
            else
            {
                reasons.Add($"person {name} has no address for {string.Join(" or ", usable)} ({viaText})");
            }
        }

        if (reasons.Count == 0)
        {
            reasons.Add("the step names no person, schedule nor channel");
        }

        return reasons;
    }

    /// <summary>The targets of one step at <paramref name="at"/> (who is on call then).</summary>
    public IEnumerable<NotificationTarget> StepTargets(EscalationStep step, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(step);
        var config = policies.Config;
        foreach (var channel in step.Channels.Where(_channels.Contains))
        {
            yield return new NotificationTarget(channel);
        }

        var people = step.People.Concat(step.Schedules.Where(config.Schedules.ContainsKey).Select(s => config.Schedules[s].At(at).Person)).Distinct();
        foreach (var name in people)
        {
            if (!config.People.TryGetValue(name, out var person))
            {
                continue;
            }

            foreach (var (channel, address) in person.Contacts)
            {
                if (_channels.Contains(channel) && (step.Via.Count == 0 || step.Via.Contains(channel)))
                {
                    yield return new NotificationTarget(channel, address);
                }
            }
        }
    }
}
