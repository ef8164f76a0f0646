using System.Text.RegularExpressions;

namespace Alpi.Collector.Alerting.Rules;

/// <summary>How bad an alert is, in increasing order (Zabbix's scale without "average").</summary>
public enum Severity
{
    /// <summary>For information only.</summary>
    Info,

    /// <summary>Needs attention during working hours.</summary>
    Warning,

    /// <summary>Needs attention now.</summary>
    Critical,

    /// <summary>A service is down for many people.</summary>
    Disaster,
}

/// <summary>
/// One rule of the rule file. Its <see cref="Name"/> is its identity: a reloaded file keeps the alerts of every rule
/// whose name it still has. Labels and annotations are templates (see <see cref="AlertTemplate"/>).
/// </summary>
/// <param name="Name">Unique name (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>).</param>
/// <param name="Severity">Severity of the alert (the lowest level for a multi-level threshold).</param>
/// <param name="For">How long the condition must hold before the alert fires (pending until then).</param>
/// <param name="Labels">Label templates, copied to each alert (routing keys for the notification pipeline).</param>
/// <param name="Annotations">Annotation templates (<c>summary</c>, <c>description</c>…), rendered into each alert.</param>
/// <param name="Line">Line of the rule in its file (1-based), for messages.</param>
public abstract record AlertRule(
    string Name,
    Severity Severity,
    TimeSpan For,
    IReadOnlyDictionary<string, AlertTemplate> Labels,
    IReadOnlyDictionary<string, AlertTemplate> Annotations,
    int Line)
{
    /// <summary>The rule kind as written in the file: <c>threshold</c>, <c>absence</c>, <c>presence</c> or <c>trap</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>
    /// The escalation policy of the on-call file that notifies its alerts (<c>policy:</c>), or null for the file's
    /// <c>defaultPolicy</c>; a name the on-call file does not have also falls back to it.
    /// </summary>
    public string? Policy { get; init; }
}

/// <summary>Which series a rule reads: measurement, field and tag matchers.</summary>
/// <param name="Measurement">Measurement name (<c>cpu</c>).</param>
/// <param name="Field">Field key (<c>usage_user</c>).</param>
/// <param name="Tags">Tag matchers; <c>tenant</c> and <c>host</c> may be matched like any tag.</param>
public sealed record SeriesSelector(string Measurement, string Field, IReadOnlyList<TagMatcher> Tags)
{
    /// <summary>The matchers that are plain equalities, which the store can filter on.</summary>
    public IReadOnlyDictionary<string, string> ExactTags { get; } =
        Tags.Where(t => t.Kind == TagMatchKind.Equal).GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);

    /// <summary>True when every matcher accepts the given tags.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        foreach (var matcher in Tags)
        {
            if (!matcher.Matches(tags.TryGetValue(matcher.Key, out var value) ? value : null))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>How a tag matcher compares.</summary>
public enum TagMatchKind
{
    /// <summary><c>key: value</c>: equal.</summary>
    Equal,

    /// <summary><c>key: "!value"</c>: absent or different.</summary>
    NotEqual,

    /// <summary><c>key: "~regex"</c>: present and matching the regular expression (anchored).</summary>
    Regex,
}

/// <summary>One tag condition of a <see cref="SeriesSelector"/>.</summary>
/// <param name="Key">Tag key.</param>
/// <param name="Kind">Comparison.</param>
/// <param name="Value">The value, or the regular expression's source.</param>
public sealed record TagMatcher(string Key, TagMatchKind Kind, string Value)
{
    private readonly Regex? _regex = Kind == TagMatchKind.Regex
        ? new Regex("^(?:" + Value + ")$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)
        : null;

    /// <summary>True when <paramref name="value"/> (null when the tag is absent) passes.</summary>
    public bool Matches(string? value) => Kind switch
    {
        TagMatchKind.Equal => value == Value,
        TagMatchKind.NotEqual => value != Value,
        _ => value is not null && _regex!.IsMatch(value),
    };
}

/// <summary>Window function of a threshold rule.</summary>
public enum WindowFunction
{
    /// <summary>The latest value in the window.</summary>
    Last,

    /// <summary>The mean of the window's values.</summary>
    Avg,

    /// <summary>The smallest value.</summary>
    Min,

    /// <summary>The largest value.</summary>
    Max,

    /// <summary>Per-second increase of a counter over the window, resets and 32/64-bit wraps handled (see <c>WindowFunctions.Rate</c>).</summary>
    Rate,
}

/// <summary>
/// A threshold on a window function of each matching series, one alert per series. With <see cref="Above"/> true the
/// alert is active when the value exceeds a level and stays active until it falls to <see cref="Recover"/> or below
/// (hysteresis); with <see cref="Above"/> false, the mirror image. Several levels give several severities: the alert
/// takes the severity of the highest level crossed.
/// </summary>
/// <param name="Selector">Series read.</param>
/// <param name="Function">Window function.</param>
/// <param name="Window">Width of the window ending now.</param>
/// <param name="Above">True for "above the threshold", false for "below".</param>
/// <param name="Levels">Severity → threshold, at least one.</param>
/// <param name="Recover">Value at which an active alert resolves (inclusive); defaults to the lowest level's threshold.</param>
public sealed record ThresholdRule(
    string Name,
    Severity Severity,
    TimeSpan For,
    IReadOnlyDictionary<string, AlertTemplate> Labels,
    IReadOnlyDictionary<string, AlertTemplate> Annotations,
    int Line,
    SeriesSelector Selector,
    WindowFunction Function,
    TimeSpan Window,
    bool Above,
    IReadOnlyList<(Severity Severity, double Threshold)> Levels,
    double Recover) : AlertRule(Name, Severity, For, Labels, Annotations, Line)
{
    /// <inheritdoc />
    public override string Kind => "threshold";

    /// <summary>
    /// Decides the state of one series from its window value: active or not, and if active its severity and the
    /// threshold crossed.
    /// </summary>
    /// <param name="value">The window function's value.</param>
    /// <param name="wasActive">True when the series' alert is currently pending, firing or acknowledged.</param>
    /// <returns>
    /// Whether active, the severity and its firing threshold (the rule's <c>above</c>/<c>below</c> level of that
    /// severity), also when the condition only holds by hysteresis between that and <see cref="Recover"/>: the
    /// threshold reported in notifications and templates is never the recovery threshold.
    /// </returns>
    public (bool Active, Severity Severity, double Threshold) Assess(double value, bool wasActive)
    {
        var crossed = Levels.Where(l => Above ? value > l.Threshold : value < l.Threshold).ToList();
        if (crossed.Count > 0)
        {
            var top = crossed.MaxBy(l => l.Severity);
            return (true, top.Severity, top.Threshold);
        }

        var holds = Above ? value > Recover : value < Recover;
        if (wasActive && holds)
        {
            var lowest = Levels.MinBy(l => l.Severity);
            return (true, lowest.Severity, lowest.Threshold);
        }

        return (false, Levels.MinBy(l => l.Severity).Severity, Levels.MinBy(l => l.Severity).Threshold);
    }
}

/// <summary>
/// No data. With a <see cref="Selector"/>: per series (one alert per known series without a point in the window) or,
/// with <see cref="PerHost"/>, per host (one alert per host none of whose matching series has a point in the window).
/// Without a selector: per host, from the inventory's last-seen time. After a collector start the rule waits one
/// full window before it can fire, since the collector itself received nothing while it was down.
/// </summary>
/// <param name="Selector">Series watched, or null for "anything from the host".</param>
/// <param name="PerHost">One alert per host rather than per series.</param>
/// <param name="Window">How long without data before the condition holds.</param>
/// <param name="HostMatchers">Tag-style matchers on <c>tenant</c> and <c>host</c>, for the selector-less form.</param>
public sealed record AbsenceRule(
    string Name,
    Severity Severity,
    TimeSpan For,
    IReadOnlyDictionary<string, AlertTemplate> Labels,
    IReadOnlyDictionary<string, AlertTemplate> Annotations,
    int Line,
    SeriesSelector? Selector,
    bool PerHost,
    TimeSpan Window,
    IReadOnlyList<TagMatcher> HostMatchers) : AlertRule(Name, Severity, For, Labels, Annotations, Line)
{
    /// <inheritdoc />
    public override string Kind => "absence";
}

/// <summary>
/// Agent presence: a host whose status is <c>offline</c> (its MQTT last will, or a clean stop), or, when
/// <see cref="SilentAfter"/> is set, that sent nothing for that long. One alert per host. A host with a firing
/// presence alert is "down" for host dependencies.
/// </summary>
/// <param name="SilentAfter">Silence that counts as absent, or null to rely on the status alone.</param>
/// <param name="HostMatchers">Matchers on <c>tenant</c> and <c>host</c>.</param>
public sealed record PresenceRule(
    string Name,
    Severity Severity,
    TimeSpan For,
    IReadOnlyDictionary<string, AlertTemplate> Labels,
    IReadOnlyDictionary<string, AlertTemplate> Annotations,
    int Line,
    TimeSpan? SilentAfter,
    IReadOnlyList<TagMatcher> HostMatchers) : AlertRule(Name, Severity, For, Labels, Annotations, Line)
{
    /// <inheritdoc />
    public override string Kind => "presence";
}

/// <summary>
/// SNMP traps: a trap with OID <see cref="Trap"/> whose varbinds pass <see cref="Conditions"/> opens an alert for the
/// sending device; a trap with OID <see cref="ClearTrap"/> (and <see cref="ClearConditions"/>) for the same device and
/// the same instance resolves it. The instance is the value of the varbind under <see cref="InstanceOid"/> (the
/// ifIndex of linkDown/linkUp), so that each interface has its own alert.
/// </summary>
/// <param name="Trap">Trap OID that opens (numeric, no leading dot).</param>
/// <param name="Conditions">Varbind conditions of the opening trap.</param>
/// <param name="ClearTrap">Trap OID that resolves, or null (then only an operator's ack ends its noise).</param>
/// <param name="ClearConditions">Varbind conditions of the clearing trap.</param>
/// <param name="InstanceOid">OID prefix of the varbind naming the instance, or null for one alert per device.</param>
/// <param name="HostMatchers">Matchers on <c>tenant</c> and <c>host</c> (the device).</param>
public sealed record TrapRule(
    string Name,
    Severity Severity,
    TimeSpan For,
    IReadOnlyDictionary<string, AlertTemplate> Labels,
    IReadOnlyDictionary<string, AlertTemplate> Annotations,
    int Line,
    string Trap,
    IReadOnlyList<VarbindCondition> Conditions,
    string? ClearTrap,
    IReadOnlyList<VarbindCondition> ClearConditions,
    string? InstanceOid,
    IReadOnlyList<TagMatcher> HostMatchers) : AlertRule(Name, Severity, For, Labels, Annotations, Line)
{
    /// <inheritdoc />
    public override string Kind => "trap";
}

/// <summary>
/// A condition on a trap's variable bindings: some varbind whose OID is <see cref="Oid"/> or lies under it has, when
/// <see cref="Value"/> is set, that value (as the event gives it: <c>2</c>, <c>"text"</c>).
/// </summary>
/// <param name="Oid">OID or OID prefix, numeric.</param>
/// <param name="Value">Required value, or null for "present".</param>
public sealed record VarbindCondition(string Oid, string? Value);

/// <summary>A host depends on a parent (its site router): while the parent is down, its alerts are suppressed.</summary>
/// <param name="Tenant">Tenant of parent and children, or null for any tenant (parent and child then share the child's tenant).</param>
/// <param name="Parent">The parent host.</param>
/// <param name="Children">Child hosts; <c>*</c> matches any run of characters.</param>
/// <param name="Line">Line in the rule file.</param>
public sealed record HostDependency(string? Tenant, string Parent, IReadOnlyList<string> Children, int Line)
{
    private readonly Regex[] _children = Children
        .Select(c => new Regex("^" + Regex.Escape(c).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant))
        .ToArray();

    /// <summary>True when <paramref name="host"/> of <paramref name="tenant"/> is one of the children.</summary>
    public bool HasChild(string tenant, string host) =>
        (Tenant is null || Tenant == tenant) && host != Parent && _children.Any(r => r.IsMatch(host));
}

/// <summary>A successfully loaded rule file: its rules and host dependencies.</summary>
/// <param name="Rules">Rules in file order, names unique.</param>
/// <param name="Dependencies">Host dependencies.</param>
public sealed record RuleSet(IReadOnlyList<AlertRule> Rules, IReadOnlyList<HostDependency> Dependencies)
{
    /// <summary>No rules, no dependencies.</summary>
    public static RuleSet Empty { get; } = new([], []);
}
