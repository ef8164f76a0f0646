using System.Globalization;
using System.Text;
using Alpi.Collector.Alerting.History;

namespace Alpi.Collector.Alerting.Rules;

/// <summary>
/// A rule's condition in one line, in the rule file's own vocabulary, for people reading the loaded rules (the
/// dashboard's administration view, <c>GET /api/alerts/rules</c>):
/// <list type="bullet">
/// <item>threshold: <c>avg(cpu.usage_user{cpu=cpu-total}) over 5m &gt; 90 (critical), &gt; 80 (warning); recovers at ≤ 75</c></item>
/// <item>absence: <c>no point of disk.used_percent{path=/} for 10m, per host</c>, or <c>no data from the host for 5m</c></item>
/// <item>presence: <c>agent offline, or silent for 2m</c></item>
/// <item>trap: <c>trap 1.3.6.1.6.3.1.1.5.3; cleared by trap 1.3.6.1.6.3.1.1.5.4; one alert per 1.3.6.1.2.1.2.2.1.1</c></item>
/// </list>
/// Host matchers (<c>match:</c>) follow as <c>; hosts {tenant=mairie-*}</c>. Durations are written as in the file
/// (<c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>2d</c>); numbers in invariant culture.
/// </summary>
public static class RuleDescription
{
    /// <summary>The condition of <paramref name="rule"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rule"/> is null.</exception>
    public static string Of(AlertRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule switch
        {
            ThresholdRule t => Threshold(t),
            AbsenceRule a => a.Selector is { } s
                ? $"no point of {Series(s)} for {Duration(a.Window)}{(a.PerHost ? ", per host" : "")}"
                : $"no data from the host for {Duration(a.Window)}{Hosts(a.HostMatchers)}",
            PresenceRule p => $"agent offline{(p.SilentAfter is { } silent ? $", or silent for {Duration(silent)}" : "")}{Hosts(p.HostMatchers)}",
            TrapRule t => Trap(t),
            _ => rule.Kind,
        };
    }

    /// <summary>A duration as the rule file writes it: <c>0s</c>, <c>500ms</c>, <c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>2d</c>.</summary>
    public static string Duration(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0s";
        }

        if (value < TimeSpan.FromSeconds(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:0.###}ms");
        }

        var text = new StringBuilder();
        Append(text, value.Days, "d");
        Append(text, value.Hours, "h");
        Append(text, value.Minutes, "m");
        var seconds = value.Seconds + (value.Milliseconds / 1000.0);
        if (seconds > 0)
        {
            text.Append(seconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, int amount, string unit)
    {
        if (amount > 0)
        {
            text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }

    private static string Threshold(ThresholdRule rule)
    {
        var comparison = rule.Above ? ">" : "<";
        var levels = string.Join(", ", rule.Levels.OrderByDescending(l => l.Severity)
            .Select(l => string.Create(CultureInfo.InvariantCulture, $"{comparison} {l.Threshold} ({AlertStore.Name(l.Severity)})")));
        var recovers = string.Create(CultureInfo.InvariantCulture, $"{(rule.Above ? "≤" : "≥")} {rule.Recover}");
        return $"{AlertStore.Name(rule.Function)}({Series(rule.Selector)}) over {Duration(rule.Window)} {levels}; recovers at {recovers}";
    }

    private static string Trap(TrapRule rule)
    {
        var text = new StringBuilder("trap ").Append(rule.Trap).Append(Varbinds(rule.Conditions));
        if (rule.ClearTrap is not null)
        {
            text.Append("; cleared by trap ").Append(rule.ClearTrap).Append(Varbinds(rule.ClearConditions));
        }

        if (rule.InstanceOid is not null)
        {
            text.Append("; one alert per ").Append(rule.InstanceOid);
        }

        return text.Append(Hosts(rule.HostMatchers)).ToString();
    }

    private static string Varbinds(IReadOnlyList<VarbindCondition> conditions) => conditions.Count == 0
        ? ""
        : " with " + string.Join(", ", conditions.Select(c => c.Value is null ? c.Oid : $"{c.Oid}={c.Value}"));

    private static string Series(SeriesSelector selector) => $"{selector.Measurement}.{selector.Field}{Tags(selector.Tags)}";

    private static string Hosts(IReadOnlyList<TagMatcher> matchers) => matchers.Count == 0 ? "" : "; hosts " + Tags(matchers);

    private static string Tags(IReadOnlyList<TagMatcher> matchers) => matchers.Count == 0
        ? ""
        : "{" + string.Join(", ", matchers.Select(m => m.Kind switch
        {
            TagMatchKind.Equal => $"{m.Key}={m.Value}",
            TagMatchKind.NotEqual => $"{m.Key}!={m.Value}",
            _ => $"{m.Key}=~{m.Value}",
        })) + "}";
}
