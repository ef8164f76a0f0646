using Alpi.Collector.Alerting.Escalation;
using Alpi.Collector.Alerting.Maintenance;

namespace Alpi.Collector.Alerting.OnCall;

/// <summary>
/// The on-call file (<c>Collector:Alerting:OnCallFile</c>, default <c>oncall.yaml</c> beside the rule file): people
/// and their contacts, on-call schedules, escalation policies, reminders and maintenance windows. Parsed by
/// <see cref="OnCallFileParser"/>; reloaded like the rule file.
/// </summary>
/// <param name="People">People by name.</param>
/// <param name="Schedules">Schedules by name.</param>
/// <param name="Policies">Escalation policies by name.</param>
/// <param name="DefaultPolicy">The policy of rules without <c>policy:</c>, or null (then every channel at its configured destination).</param>
/// <param name="Repeat">Reminders for policies without their own <c>repeat:</c> and for alerts without a policy, or null for none.</param>
/// <param name="Maintenance">Maintenance windows from the file (those created through the API live in <c>alerts.db</c>).</param>
public sealed record OnCallConfig(
    IReadOnlyDictionary<string, Person> People,
    IReadOnlyDictionary<string, OnCallSchedule> Schedules,
    IReadOnlyDictionary<string, EscalationPolicy> Policies,
    string? DefaultPolicy,
    RepeatPolicy? Repeat,
    IReadOnlyList<MaintenanceWindow> Maintenance)
{
    /// <summary>No people, schedules, policies or windows.</summary>
    public static OnCallConfig Empty { get; } = new(
        new Dictionary<string, Person>(), new Dictionary<string, OnCallSchedule>(), new Dictionary<string, EscalationPolicy>(), null, null, []);

    /// <summary>The policy named <paramref name="name"/>, else the default policy, else null.</summary>
    public EscalationPolicy? PolicyFor(string? name) =>
        (name is not null && Policies.TryGetValue(name, out var policy)) ? policy
        : DefaultPolicy is not null && Policies.TryGetValue(DefaultPolicy, out var fallback) ? fallback : null;
}
