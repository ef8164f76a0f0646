using System.Globalization;
using Alpi.Collector.Alerting.Escalation;
using Alpi.Collector.Alerting.Maintenance;
using Alpi.Collector.Alerting.Rules;
using Cronos;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static Alpi.Collector.Alerting.Rules.RuleFileParser;

namespace Alpi.Collector.Alerting.OnCall;

/// <summary>
/// Reads the on-call file (YAML) and checks it whole, like <see cref="RuleFileParser"/>: every problem with its line
/// and key (<see cref="RuleError"/>), and the file is accepted only without any. Keys: <c>timeZone</c>,
/// <c>people</c>, <c>schedules</c>, <c>policies</c>, <c>defaultPolicy</c>, <c>repeat</c>, <c>maintenance</c>; the
/// format is in the README ("On-call, escalation and maintenance") and the shipped <c>oncall.yaml</c>.
/// </summary>
public static partial class OnCallFileParser
{
    private static readonly string[] TopKeys = ["timeZone", "people", "schedules", "policies", "defaultPolicy", "repeat", "maintenance"];
    private static readonly string[] WindowKinds = ["once", "weekly", "cron"];
    private static readonly string[] LocalFormats = ["yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd"];

    // ISO 8601 with an offset or "Z" ("K" reads both), seconds and fractions optional, "T" or a space between date and time.
    private static readonly string[] OffsetFormats = ["yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK"];

    /// <summary>Parses and validates the file's text.</summary>
    /// <param name="yaml">The content.</param>
    /// <param name="channels">The configured channel names, to check <c>via</c> and <c>channels</c>; null to skip that check.</param>
    /// <param name="errors">Every problem, in file order; empty when the result is not null.</param>
    /// <returns>
    /// The configuration, or null when there is any error. An empty document (no text, whitespace or comments only) is an
    /// error, since it is what a reader sees of a file being rewritten; no configuration is written <c>{}</c>.
    /// </returns>
    public static OnCallConfig? Parse(string yaml, IReadOnlySet<string>? channels, out IReadOnlyList<RuleError> errors)
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
            // An empty read is what a watcher sees of a file being rewritten in place: never taken for "nobody on call".
            found.Add(new RuleError(1, 1, "", "the file is empty (or holds only comments); to run without on-call configuration write {} or remove the file"));
            return null;
        }

        var c = new Context(found);
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            c.Error(stream.Documents[0].RootNode, "", "the file must be a mapping with the keys " + string.Join(", ", TopKeys));
            return null;
        }

        foreach (var (keyNode, _) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (!TopKeys.Contains(key))
            {
                c.Error(keyNode, key, "unknown key; the file has " + string.Join(", ", TopKeys));
            }
        }

        var zoneId = c.OptionalString(root, "", "timeZone") ?? ZonedTime.DefaultZone;
        var zone = Zone(c, root, "timeZone", zoneId) ?? TimeZoneInfo.Utc;
        var people = ParsePeople(c, Child(root, "people"));
        var schedules = ParseList(c, Child(root, "schedules"), "schedules", (node, path) => ParseSchedule(c, node, path, zone, people));
        // A schedule or policy refused for its own errors is still one of this file: a step or defaultPolicy naming it gets no
        // second error saying it does not exist.
        var refusedSchedules = DeclaredNames(Child(root, "schedules")).Except(schedules.Select(s => s.Name), StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        var repeat = Child(root, "repeat") is { } repeatNode ? ParseRepeat(c, repeatNode, "repeat") : null;
        var policies = ParseList(c, Child(root, "policies"), "policies", (node, path) => ParsePolicy(c, node, path, people, schedules, refusedSchedules, channels));
        var maintenance = ParseList(c, Child(root, "maintenance"), "maintenance", (node, path) => ParseWindow(c, node, path, zone));
        var defaultPolicy = c.OptionalString(root, "", "defaultPolicy");
        if (defaultPolicy is not null && !policies.Any(p => p.Name == defaultPolicy) && !DeclaredNames(Child(root, "policies")).Contains(defaultPolicy))
        {
            c.Error(Child(root, "defaultPolicy")!, "defaultPolicy", $"\"{defaultPolicy}\" is not a policy of this file");
        }

        Unique(c, root, "schedules", schedules.Select(s => s.Name));
        Unique(c, root, "policies", policies.Select(s => s.Name));
        Unique(c, root, "maintenance", maintenance.Select(s => s.Name));
        found.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
        if (found.Count > 0)
        {
            return null;
        }

        return new OnCallConfig(people, schedules.ToDictionary(s => s.Name, StringComparer.Ordinal),
            policies.ToDictionary(p => p.Name, StringComparer.Ordinal), defaultPolicy, repeat, maintenance.Select(m => m with { Id = "file:" + m.Name }).ToList());
    }

    private static Dictionary<string, Person> ParsePeople(Context c, YamlNode? node)
    {
        var people = new Dictionary<string, Person>(StringComparer.Ordinal);
        if (node is null || IsEmpty(node))
        {
            return people;
        }

        if (node is not YamlMappingNode map)
        {
            c.Error(node, "people", "must be a mapping of names to contacts ({ email: …, sms: … })");
            return people;
        }

        foreach (var (nameNode, contactsNode) in map.Children)
        {
            var name = ((YamlScalarNode)nameNode).Value ?? "";
            var contacts = new Dictionary<string, string>(StringComparer.Ordinal);
            if (contactsNode is YamlMappingNode contactMap)
            {
                foreach (var (channelNode, addressNode) in contactMap.Children)
                {
                    var channel = ((YamlScalarNode)channelNode).Value ?? "";
                    if (addressNode is YamlScalarNode { Value: { Length: > 0 } address })
                    {
                        contacts[channel] = address;
                    }
                    else
                    {
                        c.Error(addressNode, $"people.{name}.{channel}", "must be an address on that channel");
                    }
                }
            }
            else if (!IsEmpty(contactsNode))
            {
                c.Error(contactsNode, "people." + name, "must be a mapping of channel names to addresses");
            }

            people[name] = new Person(name, contacts);
        }

        return people;
    }

    private static OnCallSchedule? ParseSchedule(Context c, YamlMappingNode map, string path, TimeZoneInfo defaultZone, Dictionary<string, Person> people)
    {
        var before = c.Count;
        Keys(c, map, path, "name", "timeZone", "start", "handover", "length", "rotation", "overrides");
        var name = c.RequiredString(map, path, "name");
        var zone = c.OptionalString(map, path, "timeZone") is { } id ? Zone(c, map, path + ".timeZone", id) : defaultZone;
        DateOnly? start = null;
        if (c.RequiredString(map, path, "start") is { } startText)
        {
            if (DateOnly.TryParseExact(startText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                start = date;
            }
            else
            {
                c.Error(Child(map, "start")!, path + ".start", $"\"{startText}\" is not a date such as 2026-01-05");
            }
        }

        TimeOnly? handover = null;
        if (c.RequiredString(map, path, "handover") is { } handoverText)
        {
            var parts = handoverText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var day = parts.Length == 2 ? DayOf(parts[0]) : null;
            var time = parts.Length >= 1 && TimeOnly.TryParseExact(parts[^1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : (TimeOnly?)null;
            if (time is null || (parts.Length == 2 && day is null) || parts.Length > 2)
            {
                c.Error(Child(map, "handover")!, path + ".handover", $"\"{handoverText}\" must be a local time (09:00) or a weekday and a time (monday 09:00)");
            }
            else if (day is not null && start is not null && start.Value.DayOfWeek != day)
            {
                c.Error(Child(map, "start")!, path + ".start", $"{start:yyyy-MM-dd} is a {start.Value.DayOfWeek}, not the handover day {day}");
            }

            handover = time;
        }

        var length = 7;
        if (Child(map, "length") is { } lengthNode)
        {
            if (c.OptionalDuration(map, path, "length") is { } span && span.Ticks % TimeSpan.TicksPerDay == 0 && span.Days >= 1)
            {
                length = span.Days;
            }
            else
            {
                c.Error(lengthNode, path + ".length", "must be a whole number of days (1d, 7d)");
            }
        }

        var rotation = Names(c, Child(map, "rotation"), path + ".rotation", people, "person");
        if (Child(map, "rotation") is null || rotation.Count == 0)
        {
            c.Error(map, path + ".rotation", "rotation: must list at least one person");
        }

        var overrides = new List<OnCallOverride>();
        if (Child(map, "overrides") is YamlSequenceNode overrideNodes)
        {
            var i = 0;
            foreach (var node in overrideNodes)
            {
                var at = $"{path}.overrides[{i++}]";
                if (node is not YamlMappingNode o)
                {
                    c.Error(node, at, "an override is a mapping { from, to, person, reason }");
                    continue;
                }

                Keys(c, o, at, "from", "to", "person", "reason");
                var from = LocalDateTime(c, o, at, "from");
                var to = LocalDateTime(c, o, at, "to");
                var person = c.RequiredString(o, at, "person");
                if (person is not null && !people.ContainsKey(person))
                {
                    c.Error(Child(o, "person")!, at + ".person", $"\"{person}\" is not in people:");
                }

                if (from is not null && to is not null && to <= from)
                {
                    c.Error(o, at, "to must be after from");
                }
                else if (from is not null && to is not null && person is not null && zone is not null)
                {
                    overrides.Add(new OnCallOverride(ZonedTime.ToInstant(from.Value, zone), ZonedTime.ToInstant(to.Value, zone), person, c.OptionalString(o, at, "reason")));
                }
            }
        }
        else if (Child(map, "overrides") is { } other && !IsEmpty(other))
        {
            c.Error(other, path + ".overrides", "must be a list of { from, to, person }");
        }

        return c.Count == before && name is not null && zone is not null && start is not null && handover is not null
            ? new OnCallSchedule(name, zone, start.Value, handover.Value, length, rotation, overrides)
            : null;
    }

    private static EscalationPolicy? ParsePolicy(Context c, YamlMappingNode map, string path, Dictionary<string, Person> people,
        List<OnCallSchedule> schedules, IReadOnlySet<string> refusedSchedules, IReadOnlySet<string>? channels)
    {
        var before = c.Count;
        Keys(c, map, path, "name", "steps", "repeat");
        var name = c.RequiredString(map, path, "name");
        var steps = new List<EscalationStep>();
        if (Child(map, "steps") is YamlSequenceNode stepNodes && stepNodes.Children.Count > 0)
        {
            var i = 0;
            foreach (var node in stepNodes)
            {
                var at = $"{path}.steps[{i++}]";
                if (node is not YamlMappingNode step)
                {
                    c.Error(node, at, "a step is a mapping { after, schedules, people, channels, via }");
                    continue;
                }

                Keys(c, step, at, "after", "schedules", "people", "channels", "via");
                var after = c.OptionalDuration(step, at, "after") ?? TimeSpan.Zero;
                if (after < TimeSpan.Zero)
                {
                    c.Error(Child(step, "after")!, at + ".after", "must not be negative");
                }

                var scheduleNames = Names(c, Child(step, "schedules"), at + ".schedules", schedules.ToDictionary(s => s.Name, s => s, StringComparer.Ordinal), "schedule", refusedSchedules);
                var persons = Names(c, Child(step, "people"), at + ".people", people, "person");
                var stepChannels = ChannelNames(c, Child(step, "channels"), at + ".channels", channels);
                var via = ChannelNames(c, Child(step, "via"), at + ".via", channels);
                if (scheduleNames.Count + persons.Count + stepChannels.Count == 0)
                {
                    c.Error(step, at, "a step notifies at least one of schedules:, people: or channels:");
                }

                if (steps.Count > 0 && after < steps[^1].After)
                {
                    c.Error(step, at + ".after", "steps must be in order of after:");
                }

                steps.Add(new EscalationStep(after, scheduleNames, persons, stepChannels, via));
            }
        }
        else
        {
            c.Error(Child(map, "steps") ?? map, path + ".steps", "steps: must list at least one step");
        }

        var repeat = Child(map, "repeat") is { } repeatNode ? ParseRepeat(c, repeatNode, path + ".repeat") : null;
        return c.Count == before && name is not null ? new EscalationPolicy(name, steps, repeat) : null;
    }

    private static RepeatPolicy? ParseRepeat(Context c, YamlNode node, string path)
    {
        if (node is not YamlMappingNode map)
        {
            c.Error(node, path, "must be a mapping { interval: 1h, factor: 2, max: 8h }");
            return null;
        }

        Keys(c, map, path, "interval", "factor", "max");
        var interval = c.OptionalDuration(map, path, "interval");
        if (interval is null || interval < TimeSpan.FromMinutes(1))
        {
            c.Error(map, path + ".interval", "interval: is required, at least 1m");
            return null;
        }

        var factor = Child(map, "factor") is { } f ? c.Number(f, path + ".factor") : 2;
        if (factor is < 1 or > 10)
        {
            c.Error(Child(map, "factor")!, path + ".factor", "must be between 1 and 10");
        }

        var max = c.OptionalDuration(map, path, "max") ?? TimeSpan.FromTicks(interval.Value.Ticks * 8);
        if (max < interval)
        {
            c.Error(Child(map, "max")!, path + ".max", "must be at least the interval");
        }

        return factor is null ? null : new RepeatPolicy(interval.Value, factor.Value, max);
    }

    private static List<T> ParseList<T>(Context c, YamlNode? node, string key, Func<YamlMappingNode, string, T?> parse)
        where T : class
    {
        var result = new List<T>();
        if (node is null || IsEmpty(node))
        {
            return result;
        }

        if (node is not YamlSequenceNode list)
        {
            c.Error(node, key, "must be a list (- name: …)");
            return result;
        }

        var i = 0;
        foreach (var item in list)
        {
            var path = $"{key}[{i++}]";
            if (item is not YamlMappingNode map)
            {
                c.Error(item, path, "must be a mapping (name: …)");
            }
            else if (parse(map, path) is { } parsed)
            {
                result.Add(parsed);
            }
        }

        return result;
    }

    /// <summary>The <c>name:</c> of every mapping in the list <paramref name="node"/>, valid or not; empty when it is not a list.</summary>
    private static List<string> DeclaredNames(YamlNode? node) =>
        node is YamlSequenceNode list
            ? list.Children.OfType<YamlMappingNode>().Select(m => Child(m, "name")).OfType<YamlScalarNode>().Select(n => n.Value ?? "").Where(n => n.Length > 0).ToList()
            : [];

    private static List<string> Names<T>(Context c, YamlNode? node, string path, IReadOnlyDictionary<string, T> known, string what,
        IReadOnlySet<string>? refused = null)
    {
        var names = List(c, node, path);
        foreach (var (name, at) in names.Where(n => !known.ContainsKey(n.Name) && refused?.Contains(n.Name) != true))
        {
            c.Error(at, path, $"\"{name}\" is not a {what} of this file");
        }

        return names.Select(n => n.Name).ToList();
    }

    private static List<string> ChannelNames(Context c, YamlNode? node, string path, IReadOnlySet<string>? channels)
    {
        var names = List(c, node, path);
        if (channels is not null)
        {
            foreach (var (name, at) in names.Where(n => !channels.Contains(n.Name)))
            {
                c.Error(at, path, $"\"{name}\" is not a configured channel ({(channels.Count == 0 ? "none is" : string.Join(", ", channels.Order()) + " are")} configured)");
            }
        }

        return names.Select(n => n.Name).ToList();
    }

    private static List<(string Name, YamlNode Node)> List(Context c, YamlNode? node, string path)
    {
        switch (node)
        {
            case null:
                return [];
            case YamlScalarNode { Value: { Length: > 0 } one }:
                return [(one, node)];
            case YamlSequenceNode list:
                var result = new List<(string, YamlNode)>();
                foreach (var item in list)
                {
                    if (item is YamlScalarNode { Value: { Length: > 0 } value })
                    {
                        result.Add((value, item));
                    }
                    else
                    {
                        c.Error(item, path, "must be a name");
                    }
                }

                return result;
            default:
                c.Error(node, path, "must be a name or a list of names");
                return [];
        }
    }

    private static TimeZoneInfo? Zone(Context c, YamlMappingNode map, string key, string id)
    {
        var zone = ZonedTime.Find(id, out var error);
        if (zone is null)
        {
            c.Error(Child(map, key.Split('.')[^1]) ?? map, key, error!);
        }

        return zone;
    }

    private static void Keys(Context c, YamlMappingNode map, string path, params string[] allowed)
    {
        foreach (var (keyNode, _) in map.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (!allowed.Contains(key))
            {
                c.Error(keyNode, $"{path}.{key}", "unknown key; allowed: " + string.Join(", ", allowed));
            }
        }
    }

    private static void Unique(Context c, YamlMappingNode root, string key, IEnumerable<string> names)
    {
        foreach (var duplicate in names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            c.Error(Child(root, key)!, key, $"the name \"{duplicate.Key}\" is used more than once");
        }
    }
}
