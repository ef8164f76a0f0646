using System.Globalization;
using System.Text.RegularExpressions;
using Alpi.Collector.Alerting.Maintenance;
using Alpi.Collector.Api;
using Alpi.Protocols.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Alpi.Collector.Alerting.Rules;

/// <summary>One problem of a rule file: where (line, column, key path) and what.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Key">Path of the key at fault (<c>rules[2].window</c>), or empty for the document.</param>
/// <param name="Message">What is wrong and what is expected.</param>
public sealed record RuleError(int Line, int Column, string Key, string Message)
{
    /// <summary>
    /// The error with its code and values when the API may answer it to the dashboard (<see cref="RefusalCodes"/>: a
    /// maintenance window's pattern), <see cref="Message"/> being its sentence; else null.
    /// </summary>
    public Refusal? Refusal { get; init; }

    /// <summary><c>line 12, column 5, rules[2].window: …</c></summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"line {Line}, column {Column}{(Key.Length > 0 ? ", " + Key : "")}: {Message}");
}

/// <summary>
/// Reads the YAML rule file (YamlDotNet's representation model, so that every node keeps its line) and checks it
/// whole: every problem is reported with its line and key, and the file is accepted only without any. The format
/// is documented in the README ("Alerting") and in the shipped <c>alert-rules.yaml</c>.
/// </summary>
public static partial class RuleFileParser
{
    private static readonly HashSet<string> CommonKeys = new(StringComparer.Ordinal) { "name", "kind", "severity", "for", "labels", "annotations", "policy" };
    private static readonly Dictionary<string, HashSet<string>> KindKeys = new(StringComparer.Ordinal)
    {
        ["threshold"] = new(StringComparer.Ordinal) { "measurement", "field", "tags", "function", "window", "above", "below", "recover" },
        ["absence"] = new(StringComparer.Ordinal) { "measurement", "field", "tags", "per", "window", "match" },
        ["presence"] = new(StringComparer.Ordinal) { "silentAfter", "match" },
        ["trap"] = new(StringComparer.Ordinal) { "trap", "varbinds", "clear", "instance", "match" },
    };

    /// <summary>Parses and validates a rule file's text.</summary>
    /// <param name="yaml">The file's content.</param>
    /// <param name="errors">Every problem found, in file order; empty when the result is not null.</param>
    /// <returns>
    /// The rules, or null when there is any error. An empty document (no text, whitespace or comments only) is an
    /// error, since it is what a reader sees of a file being rewritten; no rules is written explicitly, <c>rules: []</c>.
    /// </returns>
    public static RuleSet? Parse(string yaml, out IReadOnlyList<RuleError> errors)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var found = new List<RuleError>();
        errors = found;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            found.Add(new RuleError((int)e.Start.Line, (int)e.Start.Column, "", "not valid YAML: " + (e.InnerException?.Message ?? e.Message)));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            // An empty read is what a watcher sees of a file being rewritten in place: never taken for "no rules".
            found.Add(new RuleError(1, 1, "", "the file is empty (or holds only comments); to run without alert rules write rules: []"));
            return null;
        }

        var context = new Context(found);
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            context.Error(stream.Documents[0].RootNode, "", "the file must be a mapping with the keys rules and dependencies");
            return null;
        }

        var rules = new List<AlertRule>();
        var names = new List<(string Name, string Key, YamlNode Node)>();
        var dependencies = new List<HostDependency>();
        foreach (var (keyNode, value) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            switch (key)
            {
                case "rules":
                    if (value is YamlSequenceNode ruleNodes)
                    {
                        var index = 0;
                        foreach (var node in ruleNodes)
                        {
                            // Every rule's name, whatever else is wrong with the rule: a name used twice is reported beside the other errors.
                            if (node is YamlMappingNode ruleMap && ruleMap.Children.TryGetValue(new YamlScalarNode("name"), out var nameNode)
                                && nameNode is YamlScalarNode { Value: { Length: > 0 } ruleName })
                            {
                                names.Add((ruleName, $"rules[{index}].name", nameNode));
                            }

                            if (ParseRule(context, node, $"rules[{index}]") is { } rule)
                            {
                                rules.Add(rule);
                            }

                            index++;
                        }
                    }
                    else if (!IsEmpty(value))
                    {
                        context.Error(value, "rules", "must be a list of rules (- name: …)");
                    }

                    break;

                case "dependencies":
                    if (value is YamlSequenceNode dependencyNodes)
                    {
                        var index = 0;
                        foreach (var node in dependencyNodes)
                        {
                            if (ParseDependency(context, node, $"dependencies[{index}]") is { } dependency)
                            {
                                dependencies.Add(dependency);
                            }

                            index++;
                        }
                    }
                    else if (!IsEmpty(value))
                    {
                        context.Error(value, "dependencies", "must be a list of dependencies (- parent: …)");
                    }

                    break;

                default:
                    context.Error(keyNode, key, "unknown key; the file has rules and dependencies");
                    break;
            }
        }

        foreach (var duplicate in names.GroupBy(n => n.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var first = duplicate.First();
            foreach (var (name, key, node) in duplicate.Skip(1))
            {
                context.Error(node, key, $"rule name \"{name}\" is used more than once (first on line {first.Node.Start.Line}, {first.Key})");
            }
        }

        found.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
        return found.Count == 0 ? new RuleSet(rules, dependencies) : null;
    }

    private static AlertRule? ParseRule(Context c, YamlNode node, string path)
    {
        if (node is not YamlMappingNode map)
        {
            c.Error(node, path, "a rule must be a mapping (name:, kind:, …)");
            return null;
        }

        var errorsBefore = c.Count;
        var name = c.RequiredString(map, path, "name");
        if (name is not null && !RuleName().IsMatch(name))
        {
            c.Error(map, path + ".name", $"\"{name}\" must be letters, digits, '-', '_' or '.'");
        }

        var kind = c.RequiredString(map, path, "kind");
        HashSet<string>? kindKeys = null;
        if (kind is not null && !KindKeys.TryGetValue(kind, out kindKeys))
        {
            c.Error(Child(map, "kind")!, path + ".kind", $"\"{kind}\" is not a rule kind; use threshold, absence, presence or trap");
        }

        foreach (var (keyNode, _) in map.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (!CommonKeys.Contains(key) && kindKeys is not null && !kindKeys.Contains(key))
            {
                c.Error(keyNode, $"{path}.{key}", $"unknown key for a {kind} rule; allowed: {string.Join(", ", CommonKeys.Concat(kindKeys))}");
            }
        }

        var severity = c.OptionalSeverity(map, path, "severity") ?? Severity.Warning;
        var @for = c.OptionalDuration(map, path, "for") ?? TimeSpan.Zero;
        var labels = c.Templates(map, path, "labels");
        var annotations = c.Templates(map, path, "annotations");
        var line = (int)map.Start.Line;
        AlertRule? rule = null;
        switch (kind)
        {
            case "threshold":
                rule = ParseThreshold(c, map, path, name ?? "", severity, @for, labels, annotations, line);
                break;
            case "absence":
                rule = ParseAbsence(c, map, path, name ?? "", severity, @for, labels, annotations, line);
                break;
            case "presence":
                var silent = c.OptionalDuration(map, path, "silentAfter");
                if (silent is { } s && s <= TimeSpan.Zero)
                {
                    c.Error(Child(map, "silentAfter")!, path + ".silentAfter", "must be positive");
                }

                rule = new PresenceRule(name ?? "", severity, @for, labels, annotations, line, silent, c.HostMatchers(map, path));
                break;
            case "trap":
                rule = ParseTrap(c, map, path, name ?? "", severity, @for, labels, annotations, line);
                break;
        }

        var policy = c.OptionalString(map, path, "policy");
        return c.Count == errorsBefore ? rule is null ? null : rule with { Policy = policy } : null;
    }

    private static ThresholdRule? ParseThreshold(Context c, YamlMappingNode map, string path, string name, Severity severity, TimeSpan @for,
        IReadOnlyDictionary<string, AlertTemplate> labels, IReadOnlyDictionary<string, AlertTemplate> annotations, int line)
    {
        var selector = c.Selector(map, path, required: true);
        var functionText = c.OptionalString(map, path, "function") ?? "last";
        WindowFunction? function = functionText switch
        {
            "last" => WindowFunction.Last,
            "avg" => WindowFunction.Avg,
            "min" => WindowFunction.Min,
            "max" => WindowFunction.Max,
            "rate" => WindowFunction.Rate,
            _ => null,
        };
        if (function is null)
        {
            c.Error(Child(map, "function")!, path + ".function", $"\"{functionText}\" is not a window function; use last, avg, min, max or rate");
        }

        var window = c.OptionalDuration(map, path, "window") ?? TimeSpan.FromMinutes(1);
        if (window <= TimeSpan.Zero)
        {
            c.Error(Child(map, "window")!, path + ".window", "must be positive");
        }

        var above = Child(map, "above");
        var below = Child(map, "below");
        if ((above is null) == (below is null))
        {
            c.Error(map, path, "a threshold rule needs exactly one of above: or below:");
            return null;
        }

        var isAbove = above is not null;
        var key = isAbove ? "above" : "below";
        var levelsNode = above ?? below!;
        var levels = new List<(Severity, double)>();
        if (levelsNode is YamlMappingNode levelMap)
        {
            if (Child(map, "severity") is { } severityNode)
            {
                c.Error(severityNode, path + ".severity", $"give either severity: with one {key}: number, or one threshold per severity under {key}:");
            }

            foreach (var (levelKey, levelValue) in levelMap.Children)
            {
                var levelName = ((YamlScalarNode)levelKey).Value ?? "";
                var levelPath = $"{path}.{key}.{levelName}";
                var level = ParseSeverity(levelName);
                if (level is null)
                {
                    c.Error(levelKey, levelPath, $"\"{levelName}\" is not a severity; use info, warning, critical or disaster");
                }

                if (c.Number(levelValue, levelPath) is { } threshold && level is not null)
                {
                    levels.Add((level.Value, threshold));
                }
            }

            if (levelMap.Children.Count == 0)
            {
                c.Error(levelMap, $"{path}.{key}", "needs at least one severity: threshold");
            }

            var ordered = levels.OrderBy(l => l.Item1).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (isAbove ? ordered[i].Item2 < ordered[i - 1].Item2 : ordered[i].Item2 > ordered[i - 1].Item2)
                {
                    c.Error(levelMap, $"{path}.{key}", $"the {ordered[i].Item1.ToString().ToLowerInvariant()} threshold must be {(isAbove ? "at least" : "at most")} the {ordered[i - 1].Item1.ToString().ToLowerInvariant()} one");
                }
            }
        }
        else if (c.Number(levelsNode, $"{path}.{key}") is { } single)
        {
            levels.Add((severity, single));
        }

        if (levels.Count == 0)
        {
            return null;
        }

        var lowest = levels.MinBy(l => l.Item1).Item2;
        var recover = lowest;
        if (Child(map, "recover") is { } recoverNode && c.Number(recoverNode, path + ".recover") is { } r)
        {
            recover = r;
            if (isAbove ? r > lowest : r < lowest)
            {
                c.Error(recoverNode, path + ".recover", string.Create(CultureInfo.InvariantCulture,
                    $"{r} must be {(isAbove ? "at most" : "at least")} the threshold {lowest} (hysteresis: the alert resolves once the value is back {(isAbove ? "down to" : "up to")} it)"));
            }
        }

        return selector is null || function is null
            ? null
            : new ThresholdRule(name, levels.MinBy(l => l.Item1).Item1, @for, labels, annotations, line, selector, function.Value, window, isAbove, levels, recover);
    }

    private static AbsenceRule? ParseAbsence(Context c, YamlMappingNode map, string path, string name, Severity severity, TimeSpan @for,
        IReadOnlyDictionary<string, AlertTemplate> labels, IReadOnlyDictionary<string, AlertTemplate> annotations, int line)
    {
        var selector = Child(map, "measurement") is not null || Child(map, "field") is not null ? c.Selector(map, path, required: true) : null;
        if (selector is null && Child(map, "tags") is { } tagsNode)
        {
            c.Error(tagsNode, path + ".tags", "tags: needs measurement: and field:; match hosts with match: { tenant: …, host: … }");
        }

        var per = c.OptionalString(map, path, "per") ?? (selector is null ? "host" : "series");
        if (per is not ("host" or "series"))
        {
            c.Error(Child(map, "per")!, path + ".per", $"\"{per}\" must be series or host");
        }
        else if (per == "series" && selector is null)
        {
            c.Error(Child(map, "per")!, path + ".per", "per: series needs measurement: and field:");
        }

        if (Child(map, "window") is null)
        {
            c.Error(map, path, "an absence rule needs window: (how long without data)");
        }

        var window = c.OptionalDuration(map, path, "window") ?? TimeSpan.FromMinutes(5);
        if (window <= TimeSpan.Zero)
        {
            c.Error(Child(map, "window")!, path + ".window", "must be positive");
        }

        return new AbsenceRule(name, severity, @for, labels, annotations, line, selector, per == "host", window, c.HostMatchers(map, path));
    }

    private static TrapRule? ParseTrap(Context c, YamlMappingNode map, string path, string name, Severity severity, TimeSpan @for,
        IReadOnlyDictionary<string, AlertTemplate> labels, IReadOnlyDictionary<string, AlertTemplate> annotations, int line)
    {
        var trap = c.Oid(map, path, "trap", required: true);
        var conditions = c.Varbinds(map, path);
        string? clearTrap = null;
        IReadOnlyList<VarbindCondition> clearConditions = [];
        if (Child(map, "clear") is { } clearNode)
        {
            if (clearNode is YamlMappingNode clearMap)
            {
                foreach (var (keyNode, _) in clearMap.Children)
                {
                    if (((YamlScalarNode)keyNode).Value is not ("trap" or "varbinds"))
                    {
                        c.Error(keyNode, $"{path}.clear.{((YamlScalarNode)keyNode).Value}", "unknown key; clear: has trap and varbinds");
                    }
                }

                clearTrap = c.Oid(clearMap, path + ".clear", "trap", required: true);
                clearConditions = c.Varbinds(clearMap, path + ".clear");
            }
            else
            {
                c.Error(clearNode, path + ".clear", "must be a mapping: { trap: OID, varbinds: … }");
            }
        }

        var instance = c.Oid(map, path, "instance", required: false);
        return trap is null ? null : new TrapRule(name, severity, @for, labels, annotations, line, trap, conditions, clearTrap, clearConditions, instance, c.HostMatchers(map, path));
    }

    private static HostDependency? ParseDependency(Context c, YamlNode node, string path)
    {
        if (node is not YamlMappingNode map)
        {
            c.Error(node, path, "a dependency must be a mapping (parent:, children:)");
            return null;
        }

        var before = c.Count;
        foreach (var (keyNode, _) in map.Children)
        {
            if (((YamlScalarNode)keyNode).Value is not ("parent" or "children" or "tenant"))
            {
                c.Error(keyNode, $"{path}.{((YamlScalarNode)keyNode).Value}", "unknown key; a dependency has tenant, parent and children");
            }
        }

        var tenant = c.OptionalString(map, path, "tenant");
        var parent = c.RequiredString(map, path, "parent");
        var children = new List<string>();
        switch (Child(map, "children"))
        {
            case null:
                c.Error(map, path, "children: is required (a list of host names, * as a wildcard)");
                break;
            case YamlSequenceNode list:
                var i = 0;
                foreach (var child in list)
                {
                    if (child is YamlScalarNode { Value: { Length: > 0 } value })
                    {
                        children.Add(value);
                    }
                    else
                    {
                        c.Error(child, $"{path}.children[{i}]", "must be a host name");
                    }

                    i++;
                }

                break;
            case YamlScalarNode { Value: { Length: > 0 } one }:
                children.Add(one);
                break;
            case var other:
                c.Error(other, path + ".children", "must be a list of host names");
                break;
        }

        return c.Count == before && parent is not null ? new HostDependency(tenant, parent, children, (int)map.Start.Line) : null;
    }

    private static Severity? ParseSeverity(string text) => text switch
    {
        "info" => Severity.Info,
        "warning" => Severity.Warning,
        "critical" => Severity.Critical,
        "disaster" => Severity.Disaster,
        _ => null,
    };

    internal static bool IsEmpty(YamlNode node) => node is YamlScalarNode { Value: null or "" or "~" or "null" };

    internal static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: var v } && v == key).Value;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.\\-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex RuleName();

    [GeneratedRegex("^[0-9]+(\\.[0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NumericOid();

    /// <summary>Collects errors and reads typed values, each failure naming its node's line and key path.</summary>
    internal sealed class Context(List<RuleError> errors)
    {
        public int Count => errors.Count;

        public void Error(YamlNode node, string key, string message) =>
            errors.Add(new RuleError((int)node.Start.Line, (int)node.Start.Column, key, message));

        public void Error(YamlNode node, string key, Refusal refusal) =>
            errors.Add(new RuleError((int)node.Start.Line, (int)node.Start.Column, key, refusal.Sentence) { Refusal = refusal });

        public string? RequiredString(YamlMappingNode map, string path, string key)
        {
            var node = Child(map, key);
            if (node is null)
            {
                Error(map, path, $"{key}: is required");
                return null;
            }

            return Scalar(node, $"{path}.{key}");
        }

        public string? OptionalString(YamlMappingNode map, string path, string key) =>
            Child(map, key) is { } node ? Scalar(node, $"{path}.{key}") : null;

        public Severity? OptionalSeverity(YamlMappingNode map, string path, string key)
        {
            if (OptionalString(map, path, key) is not { } text)
            {
                return null;
            }

            var severity = ParseSeverity(text);
            if (severity is null)
            {
                Error(Child(map, key)!, $"{path}.{key}", $"\"{text}\" is not a severity; use info, warning, critical or disaster");
            }

            return severity;
        }

        public TimeSpan? OptionalDuration(YamlMappingNode map, string path, string key)
        {
            if (OptionalString(map, path, key) is not { } text)
            {
                return null;
            }

            if (!QueryRequest.TryParseDuration(text, out var duration))
            {
                Error(Child(map, key)!, $"{path}.{key}", $"\"{text}\" is not a duration such as 30s, 5m, 1h, 1d");
                return null;
            }

            return duration;
        }

        public double? Number(YamlNode node, string path)
        {
            if (node is YamlScalarNode { Value: { } text }
                && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            {
                return value;
            }

            Error(node, path, "must be a number");
            return null;
        }

        public string? Oid(YamlMappingNode map, string path, string key, bool required)
        {
            var text = required ? RequiredString(map, path, key) : OptionalString(map, path, key);
            if (text is null)
            {
                return null;
            }

            var trimmed = text.TrimStart('.');
            if (!NumericOid().IsMatch(trimmed))
            {
                Error(Child(map, key)!, $"{path}.{key}", $"\"{text}\" is not a numeric OID such as 1.3.6.1.6.3.1.1.5.3 (no MIB names)");
                return null;
            }

            return trimmed;
        }

        public Dictionary<string, AlertTemplate> Templates(YamlMappingNode map, string path, string key)
        {
            var result = new Dictionary<string, AlertTemplate>(StringComparer.Ordinal);
            switch (Child(map, key))
            {
                case null:
                    return result;
                case YamlMappingNode entries:
                    foreach (var (nameNode, valueNode) in entries.Children)
                    {
                        var name = ((YamlScalarNode)nameNode).Value ?? "";
                        if (Scalar(valueNode, $"{path}.{key}.{name}") is { } text)
                        {
                            var template = AlertTemplate.TryParse(text, out var error);
                            if (template is null)
                            {
                                Error(valueNode, $"{path}.{key}.{name}", error!);
                            }
                            else
                            {
                                result[name] = template;
                            }
                        }
                    }

                    return result;
                case var other:
                    Error(other, $"{path}.{key}", "must be a mapping of names to texts");
                    return result;
            }
        }

        public SeriesSelector? Selector(YamlMappingNode map, string path, bool required)
        {
            var measurement = required ? RequiredString(map, path, "measurement") : OptionalString(map, path, "measurement");
            var field = required ? RequiredString(map, path, "field") : OptionalString(map, path, "field");
            var tags = Matchers(map, path, "tags");
            return measurement is null || field is null || tags is null ? null : new SeriesSelector(measurement, field, tags);
        }

        public List<TagMatcher> HostMatchers(YamlMappingNode map, string path)
        {
            var matchers = Matchers(map, path, "match") ?? [];
            foreach (var matcher in matchers.Where(m => m.Key is not ("tenant" or "host")))
            {
                Error(Child(map, "match")!, $"{path}.match.{matcher.Key}", "match: takes only tenant and host");
            }

            return matchers;
        }

        public List<VarbindCondition> Varbinds(YamlMappingNode map, string path)
        {
            var result = new List<VarbindCondition>();
            switch (Child(map, "varbinds"))
            {
                case null:
                    break;
                case YamlMappingNode entries:
                    foreach (var (oidNode, valueNode) in entries.Children)
                    {
                        var oid = (((YamlScalarNode)oidNode).Value ?? "").TrimStart('.');
                        if (!NumericOid().IsMatch(oid))
                        {
                            Error(oidNode, $"{path}.varbinds.{oid}", "must be a numeric OID");
                            continue;
                        }

                        var value = Scalar(valueNode, $"{path}.varbinds.{oid}");
                        result.Add(new VarbindCondition(oid, value is "*" ? null : value));
                    }

                    break;
                case var other:
                    Error(other, path + ".varbinds", "must be a mapping of OID to value (\"*\" for any value)");
                    break;
            }

            return result;
        }

        private List<TagMatcher>? Matchers(YamlMappingNode map, string path, string key)
        {
            var result = new List<TagMatcher>();
            switch (Child(map, key))
            {
                case null:
                    return result;
                case YamlMappingNode entries:
                    var ok = true;
                    foreach (var (keyNode, valueNode) in entries.Children)
                    {
                        var tag = ((YamlScalarNode)keyNode).Value ?? "";
                        var text = Scalar(valueNode, $"{path}.{key}.{tag}");
                        if (text is null)
                        {
                            ok = false;
                            continue;
                        }

                        if (text.StartsWith('~'))
                        {
                            try
                            {
                                result.Add(new TagMatcher(tag, TagMatchKind.Regex, text[1..]));
                            }
                            catch (Exception e) when (e is ArgumentException or NotSupportedException)
                            {
                                // Worded as the silences' and maintenance windows' matchers are (the place in the pattern as
                                // typed, the problem in words), not .NET's text about its wrapped pattern; a look-around the
                                // non-backtracking engine does not run is an error of the file, not an exception of the load.
                                var sentence = AlertMatcher.PatternRefusal(tag, text, e).Sentence;
                                Error(valueNode, $"{path}.{key}.{tag}", sentence[(tag.Length + 2)..]);
                                ok = false;
                            }
                        }
                        else if (text.StartsWith('!'))
                        {
                            result.Add(new TagMatcher(tag, TagMatchKind.NotEqual, text[1..]));
                        }
                        else
                        {
                            result.Add(new TagMatcher(tag, TagMatchKind.Equal, text));
                        }
                    }

                    return ok ? result : null;
                case var other:
                    Error(other, $"{path}.{key}", "must be a mapping of tag to value (\"!value\" for not equal, \"~regex\" for a pattern)");
                    return null;
            }
        }

        private string? Scalar(YamlNode node, string path)
        {
            if (node is YamlScalarNode { Value: { } value })
            {
                return value;
            }

            Error(node, path, "must be a single value");
            return null;
        }
    }
}
