using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Rules;
using Alpi.Collector.Inventory;
using Alpi.Collector.Storage;
using Alpi.Collector.Traps;

namespace Alpi.Collector.Alerting.Evaluation;

/// <summary>
/// Turns rules into observations: threshold, absence and presence rules read the <see cref="IAlertDataSource"/>;
/// trap rules match a <see cref="TrapEvent"/>. Stateless but for <see cref="StartedAt"/>, the start of this
/// collector, before which absence cannot be judged (the collector received nothing while it was down).
/// </summary>
/// <param name="source">Series, points and hosts.</param>
/// <param name="startedAt">When this collector started: absence and silence wait one window after it.</param>
public sealed class RuleEvaluator(IAlertDataSource source, DateTimeOffset startedAt)
{
    /// <summary>Agent clocks may run a little ahead of the collector's: points up to this far in the future are read too.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>When this collector started.</summary>
    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>
    /// Evaluates one tick-driven rule (threshold, absence, presence) at <paramref name="now"/>, within a tenant and
    /// host when given (the ingest path evaluates one host).
    /// </summary>
    /// <param name="rule">The rule (a trap rule yields nothing here).</param>
    /// <param name="tenant">Only this tenant, or null.</param>
    /// <param name="host">Only this host, or null.</param>
    /// <param name="now">Evaluation time.</param>
    /// <param name="isOpen">Whether a fingerprint has an unresolved alert (for hysteresis).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The observations and, unless the rule cannot yet judge (absence before one window), the scope they cover.</returns>
    public async Task<(IReadOnlyList<AlertObservation> Observations, EvaluationScope? Scope)> EvaluateAsync(
        AlertRule rule, string? tenant, string? host, DateTimeOffset now, Func<string, bool> isOpen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(isOpen);
        var scope = new EvaluationScope(rule.Name, tenant, host);
        switch (rule)
        {
            case ThresholdRule threshold:
                return (await ThresholdAsync(threshold, tenant, host, now, isOpen, cancellationToken), scope);
            case AbsenceRule absence:
                var warmedUp = now - StartedAt >= absence.Window;
                return (await AbsenceAsync(absence, tenant, host, now, warmedUp, cancellationToken), warmedUp ? scope : null);
            case PresenceRule presence:
                return (Presence(presence, tenant, host, now), scope);
            default:
                return ([], null);
        }
    }

    /// <summary>The observations a trap event makes for the trap rules: opening or clearing an instance.</summary>
    public static IReadOnlyList<AlertObservation> MatchTrap(RuleSet rules, TrapEvent trap)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(trap);
        var observations = new List<AlertObservation>();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["tenant"] = trap.Tenant,
            ["host"] = trap.Device,
            ["source"] = trap.Source,
            ["trap"] = trap.TrapName ?? trap.TrapOid,
        };
        foreach (var rule in rules.Rules.OfType<TrapRule>())
        {
            if (!HostMatches(rule.HostMatchers, trap.Tenant, trap.Device))
            {
                continue;
            }

            bool active;
            if (trap.TrapOid == rule.Trap && rule.Conditions.All(c => Holds(c, trap.Varbinds)))
            {
                active = true;
            }
            else if (trap.TrapOid == rule.ClearTrap && rule.ClearConditions.All(c => Holds(c, trap.Varbinds)))
            {
                active = false;
            }
            else
            {
                continue;
            }

            var instance = rule.InstanceOid is null ? "" : Unquote(trap.Varbinds.FirstOrDefault(v => Under(v.Oid, rule.InstanceOid))?.Value ?? "");
            observations.Add(new AlertObservation(rule, trap.Tenant, trap.Device, instance, tags, active, rule.Severity, null, null));
        }

        return observations;
    }

    private async Task<IReadOnlyList<AlertObservation>> ThresholdAsync(ThresholdRule rule, string? tenant, string? host, DateTimeOffset now, Func<string, bool> isOpen, CancellationToken cancellationToken)
    {
        var data = await source.ReadAsync(rule.Selector, tenant, host, now - rule.Window, now + ClockSkew, cancellationToken);
        var observations = new List<AlertObservation>(data.Count);
        foreach (var series in data)
        {
            if (WindowFunctions.Apply(rule.Function, series.Points) is not { } value)
            {
                continue;
            }

            var instance = InstanceOf(series.Series);
            var wasActive = isOpen(AlertEngine.FingerprintOf(rule.Name, series.Series.Tenant, series.Series.Host, instance));
            var (active, severity, threshold) = rule.Assess(value, wasActive);
            observations.Add(new AlertObservation(rule, series.Series.Tenant, series.Series.Host, instance, series.Series.Tags, active, severity, value, threshold)
            {
                LastDataAt = global::Alpi.Collector.Api.QueryRequest.FromNs(series.Points.Max(p => p.TimestampNs)),
            });
        }

        return observations;
    }

    private async Task<IReadOnlyList<AlertObservation>> AbsenceAsync(AbsenceRule rule, string? tenant, string? host, DateTimeOffset now, bool warmedUp, CancellationToken cancellationToken)
    {
        var observations = new List<AlertObservation>();
        if (rule.Selector is null)
        {
            foreach (var record in source.ListHosts().Where(h => (tenant is null || h.Tenant == tenant) && (host is null || h.Host == host)
                && HostMatches(rule.HostMatchers, h.Tenant, h.Host)))
            {
                var silent = now - record.LastSeen >= rule.Window;
                if (!silent || warmedUp)
                {
                    observations.Add(new AlertObservation(rule, record.Tenant, record.Host, "", HostTags(record), silent, rule.Severity, null, null));
                }
            }

            return observations;
        }

        var data = await source.ReadAsync(rule.Selector, tenant, host, now - rule.Window, now + ClockSkew, cancellationToken);
        if (rule.PerHost)
        {
            foreach (var group in data.GroupBy(s => (s.Series.Tenant, s.Series.Host)))
            {
                var absent = group.All(s => s.Points.Count == 0);
                if (!absent || warmedUp)
                {
                    observations.Add(new AlertObservation(rule, group.Key.Tenant, group.Key.Host, "",
                        new Dictionary<string, string>(StringComparer.Ordinal) { ["tenant"] = group.Key.Tenant, ["host"] = group.Key.Host }, absent, rule.Severity, null, null));
                }
            }

            return observations;
        }

        foreach (var series in data)
        {
            var absent = series.Points.Count == 0;
            if (!absent || warmedUp)
            {
                observations.Add(new AlertObservation(rule, series.Series.Tenant, series.Series.Host, InstanceOf(series.Series), series.Series.Tags, absent, rule.Severity, null, null));
            }
        }

        return observations;
    }

    private List<AlertObservation> Presence(PresenceRule rule, string? tenant, string? host, DateTimeOffset now)
    {
        var observations = new List<AlertObservation>();
        foreach (var record in source.ListHosts().Where(h => (tenant is null || h.Tenant == tenant) && (host is null || h.Host == host)
            && HostMatches(rule.HostMatchers, h.Tenant, h.Host)))
        {
            var offline = record.Status == "offline";
            var silent = rule.SilentAfter is { } after && now - StartedAt >= after && now - record.LastSeen >= after;
            observations.Add(new AlertObservation(rule, record.Tenant, record.Host, "", HostTags(record), offline || silent, rule.Severity, null, null));
        }

        return observations;
    }

    /// <summary>The tags of a series other than tenant and host, <c>k=v</c> joined by commas in key order.</summary>
    public static string InstanceOf(SeriesInfo series)
    {
        ArgumentNullException.ThrowIfNull(series);
        // Every rule over a series asks at every tick: computed once per series object.
        return Instances.GetValue(series, ComputeInstance);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SeriesInfo, string> Instances = [];

    private static string ComputeInstance(SeriesInfo series)
    {
        return string.Join(",", series.Tags.Where(t => t.Key is not ("tenant" or "host")).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
    }

    private static Dictionary<string, string> HostTags(HostRecord record) =>
        new(StringComparer.Ordinal) { ["tenant"] = record.Tenant, ["host"] = record.Host, ["status"] = record.Status };

    private static bool HostMatches(IReadOnlyList<TagMatcher> matchers, string tenant, string host) =>
        matchers.All(m => m.Matches(m.Key == "tenant" ? tenant : host));

    private static bool Holds(VarbindCondition condition, IReadOnlyList<TrapVarbind> varbinds) =>
        varbinds.Any(v => Under(v.Oid, condition.Oid) && (condition.Value is null || Unquote(v.Value) == condition.Value));

    private static bool Under(string oid, string prefix)
    {
        var trimmed = oid.TrimStart('.');
        return trimmed == prefix || (trimmed.Length > prefix.Length && trimmed.StartsWith(prefix, StringComparison.Ordinal) && trimmed[prefix.Length] == '.');
    }

    private static string Unquote(string value) => value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
}
