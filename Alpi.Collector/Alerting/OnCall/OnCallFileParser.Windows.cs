using System.Globalization;
using Alpi.Collector.Alerting.Maintenance;
using Alpi.Protocols.Json;
using Cronos;
using YamlDotNet.RepresentationModel;
using static Alpi.Collector.Alerting.Rules.RuleFileParser;

namespace Alpi.Collector.Alerting.OnCall;

// The on-call file's maintenance windows, match conditions, weekdays and wall-clock times.
public static partial class OnCallFileParser
{
    /// <summary>Parses a maintenance window's definition (the file's, or the JSON of <c>POST /api/maintenance</c> read as YAML).</summary>
    internal static MaintenanceWindow? ParseWindow(Context c, YamlNode node, string path, TimeZoneInfo defaultZone)
    {
        if (node is not YamlMappingNode map)
        {
            c.Error(node, path, "a maintenance window must be a mapping (name:, match:, once: | weekly: | cron:)");
            return null;
        }

        var before = c.Count;
        Keys(c, map, path, "name", "match", "timeZone", "once", "weekly", "cron", "duration", "comment");
        string? name = null;
        if (Child(map, "name") is null)
        {
            c.Error(map, path + ".name", Refusal.Of(RefusalCodes.MaintenanceNameMissing,
                "is required: a few words naming the window, which the on-call view and an alert's history show"));
        }
        else
        {
            name = c.RequiredString(map, path, "name");
        }

        var zone = c.OptionalString(map, path, "timeZone") is { } id ? Zone(c, map, path + ".timeZone", id) : defaultZone;
        var matcher = ParseMatcher(c, map, path);
        MaintenanceTimes? times = null;
        var kinds = WindowKinds.Where(k => Child(map, k) is not null).ToList();
        if (kinds.Count != 1)
        {
            c.Error(map, path, "a maintenance window needs exactly one of once:, weekly: or cron:");
        }
        else if (kinds[0] == "once" && Child(map, "once") is YamlMappingNode once)
        {
            var from = OnceDateTime(c, once, path + ".once", "from", zone ?? defaultZone);
            var to = OnceDateTime(c, once, path + ".once", "to", zone ?? defaultZone);
            if (from is not null && to is not null && to <= from)
            {
                // With its code and values, as the other refusals of a window (a new user's check, issue 8: it had none).
                var (fromText, toText) = (from.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), to.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
                var zoneId = (zone ?? defaultZone).Id;
                c.Error(once, path + ".once", Refusal.Of(RefusalCodes.MaintenanceOnceReversed,
                    $"to must be after from: the window would end at {toText}, not after it starts at {fromText} ({zoneId})",
                    ("from", fromText), ("to", toText), ("timeZone", zoneId)));
            }

            times = from is null || to is null ? null : new OnceTimes(from.Value, to.Value);
        }
        else if (kinds[0] == "weekly" && Child(map, "weekly") is YamlMappingNode weekly)
        {
            var days = Days(c, weekly, path + ".weekly");
            var from = Time(c, weekly, path + ".weekly", "from");
            var to = Time(c, weekly, path + ".weekly", "to");
            if (from is not null && to is not null && from == to)
            {
                c.Error(weekly, path + ".weekly", "from and to must differ");
            }

            times = from is null || to is null ? null : new WeeklyTimes(days, from.Value, to.Value);
        }
        else if (kinds[0] == "cron")
        {
            var text = c.RequiredString(map, path, "cron");
            var duration = c.OptionalDuration(map, path, "duration");
            if (duration is null || duration <= TimeSpan.Zero)
            {
                c.Error(map, path + ".duration", "a cron window needs a positive duration such as 2h: how long each occurrence lasts");
            }

            CronExpression? cron = null;
            try
            {
                cron = text is null ? null : CronExpression.Parse(text);
            }
            catch (CronFormatException e)
            {
                c.Error(Child(map, "cron")!, path + ".cron", $"\"{text}\" is not a cron expression of 5 fields (minute hour day month weekday): {e.Message}");
            }

            times = cron is null || duration is null ? null : new CronTimes(text!, cron, duration.Value);
        }
        else
        {
            c.Error(Child(map, kinds[0])!, $"{path}.{kinds[0]}", "must be a mapping");
        }

        if (kinds.Count == 1 && kinds[0] != "cron" && Child(map, "duration") is { } stray)
        {
            // A new user's check: "duration: 2h" beside once: or weekly: was taken silently and ignored.
            c.Error(stray, path + ".duration", $"is for a cron window only: a {kinds[0]} window ends at its {kinds[0]}.to");
        }

        var comment = c.OptionalString(map, path, "comment");
        return c.Count == before && name is not null && matcher is not null && times is not null && zone is not null
            ? new MaintenanceWindow(name, name, matcher, times, zone, comment, null)
            : null;
    }

    private static AlertMatcher? ParseMatcher(Context c, YamlMappingNode map, string path)
    {
        if (Child(map, "match") is not YamlMappingNode match)
        {
            c.Error(Child(map, "match") ?? map, path + ".match", "match: is required: { tenant, host, rule, severity or a label such as group }");
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in match.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (valueNode is YamlScalarNode { Value: { } value })
            {
                values[key] = value;
            }
            else
            {
                c.Error(valueNode, $"{path}.match.{key}", "must be a single value");
            }
        }

        var matcher = AlertMatcher.Read(values, out var errors);
        foreach (var error in errors)
        {
            // Every bad pattern, not only the first.
            c.Error(match, path + ".match", error);
        }

        return matcher;
    }

    private static HashSet<DayOfWeek> Days(Context c, YamlMappingNode map, string path)
    {
        var days = new HashSet<DayOfWeek>();
        var names = List(c, Child(map, "days"), path + ".days");
        if (names.Count == 0)
        {
            c.Error(map, path + ".days", "days: must list weekdays (mon, tue, … or monday, …)");
        }

        foreach (var (name, node) in names)
        {
            if (DayOf(name) is { } day)
            {
                days.Add(day);
            }
            else
            {
                c.Error(node, path + ".days", $"\"{name}\" is not a weekday");
            }
        }

        return days;
    }

    private static DayOfWeek? DayOf(string text)
    {
        var lower = text.ToLowerInvariant();
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var name = day.ToString().ToLowerInvariant();
            if (lower == name || lower == name[..3])
            {
                return day;
            }
        }

        return null;
    }

    private static TimeOnly? Time(Context c, YamlMappingNode map, string path, string key)
    {
        var text = c.RequiredString(map, path, key);
        if (text is null)
        {
            return null;
        }

        if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        c.Error(Child(map, key)!, $"{path}.{key}", $"\"{text}\" is not a local time such as 22:00");
        return null;
    }

    // A one-off window's start or end: a local date and time in the window's zone, as the file writes it, or an ISO 8601
    // time with its offset or "Z" as technicians paste it, which names an instant: its local time in the zone.
    private static DateTime? OnceDateTime(Context c, YamlMappingNode map, string path, string key, TimeZoneInfo zone)
    {
        var text = c.RequiredString(map, path, key);
        if (text is null)
        {
            return null;
        }

        if (TryLocal(text, out var value))
        {
            return value;
        }

        if (DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        }

        var member = "once." + key;
        c.Error(Child(map, key)!, $"{path}.{key}", Refusal.Of(RefusalCodes.MaintenanceOnceTime,
            $"\"{text}\" is not a date and time such as 2026-12-24 18:00 (in the window's time zone) or 2026-12-24T17:00:00Z", ("member", member), ("value", text)));
        return null;
    }

    private static DateTime? LocalDateTime(Context c, YamlMappingNode map, string path, string key)
    {
        var text = c.RequiredString(map, path, key);
        if (text is null)
        {
            return null;
        }

        if (TryLocal(text, out var value))
        {
            return value;
        }

        c.Error(Child(map, key)!, $"{path}.{key}", $"\"{text}\" is not a local date and time such as 2026-12-24 18:00 (in the time zone)");
        return null;
    }

    // A local date and time as the file writes it (LocalFormats: 2026-12-24 18:00, 2026-12-24T18:00, with seconds, or a date).
    private static bool TryLocal(string text, out DateTime value) =>
        DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
}
