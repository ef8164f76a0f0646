using Alpi.Collector.Alerting.OnCall;
using Alpi.Collector.Alerting.Rules;

namespace Alpi.Collector.Alerting.Escalation;

/// <summary>
/// Progress of one firing alert through its policy, persisted in <c>alert_escalation</c> with the alert's other
/// changes so that a restart neither repeats nor skips a step or a reminder.
/// </summary>
/// <param name="AlertId">The alert.</param>
/// <param name="Started">Its first notification (escalation delays count from it).</param>
/// <param name="StepsDone">Steps already notified (0-based count).</param>
/// <param name="Reminders">Reminders already sent.</param>
/// <param name="NextReminder">When the next reminder is due, or null for none.</param>
public sealed record EscalationProgress(long AlertId, DateTimeOffset Started, int StepsDone, int Reminders, DateTimeOffset? NextReminder);

/// <summary>Which policy applies to an alert: its rule's <c>policy:</c>, else the on-call file's default, else none.</summary>
/// <param name="rules">The rules in force.</param>
/// <param name="onCall">The on-call file in force.</param>
public sealed class EscalationPolicies(RuleSetProvider rules, OnCallConfigProvider onCall)
{
    private volatile RulePolicies? _byRule;

    /// <summary>The on-call configuration in force.</summary>
    public OnCallConfig Config => onCall.Current;

    /// <summary>The policy of a rule's alerts, or null (every channel at its configured destination).</summary>
    public EscalationPolicy? PolicyOf(string rule)
    {
        var set = rules.Current;
        var byRule = _byRule;
        if (byRule is null || !ReferenceEquals(byRule.Set, set))
        {
            // Rebuilt once per rule reload: the tick asks for every open alert.
            byRule = new RulePolicies(set, set.Rules.ToDictionary(r => r.Name, r => r.Policy, StringComparer.Ordinal));
            _byRule = byRule;
        }

        return onCall.Current.PolicyFor(byRule.Policies.GetValueOrDefault(rule));
    }

    /// <summary>The reminders of a policy (its own, else the file's), or null for none.</summary>
    public RepeatPolicy? RepeatOf(EscalationPolicy? policy) => policy?.Repeat ?? onCall.Current.Repeat;

    private sealed record RulePolicies(RuleSet Set, Dictionary<string, string?> Policies);
}
