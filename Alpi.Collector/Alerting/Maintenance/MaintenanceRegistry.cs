using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Alpi.Collector.Alerting.History;
using Alpi.Collector.Alerting.OnCall;
using Alpi.Collector.Alerting.Rules;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Alpi.Collector.Alerting.Maintenance;

/// <summary>
/// The maintenance windows and silences in force: those of the on-call file, and those created through the API
/// (kept in <c>alerts.db</c>, loaded at start). Reads are lock-free snapshots, so the <see cref="MaintenanceFilter"/>
/// never waits; creations and deletions go to the store first, then replace the snapshot.
/// </summary>
/// <param name="store">The alert store (table <c>alert_silences</c>).</param>
/// <param name="onCall">The on-call file (its windows).</param>
/// <param name="time">The clock.</param>
public sealed class MaintenanceRegistry(AlertStore store, OnCallConfigProvider onCall, TimeProvider time) : IDisposable
{
    private const string SilenceKind = "silence";
    private const string WindowKind = "maintenance";
    private readonly SemaphoreSlim _write = new(1, 1);
    private volatile State _state = new([], []);

    /// <summary>Silences created through the API that have not ended.</summary>
    public IReadOnlyList<Silence> Silences => _state.Silences;

    /// <summary>Every maintenance window: the file's, then the API's.</summary>
    public IReadOnlyList<MaintenanceWindow> Windows => [.. onCall.Current.Maintenance, .. _state.Windows];

    /// <summary>Loads the API's silences and windows from the store (a definition that no longer parses is skipped).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var silences = new List<Silence>();
        var windows = new List<MaintenanceWindow>();
        foreach (var (id, kind, json, by, createdAt) in await store.ListSilencesAsync(time.GetUtcNow(), cancellationToken))
        {
            if (kind == SilenceKind && ParseSilence(json, createdAt, typed: false, out _) is { } silence)
            {
                silences.Add(silence with { Id = id, CreatedBy = by });
            }
            else if (kind == WindowKind && ParseWindow(json, out _) is { } window)
            {
                windows.Add(window with { Id = id.ToString(CultureInfo.InvariantCulture), CreatedBy = by });
            }
        }

        _state = new State(silences, windows);
    }

    /// <summary>
    /// Creates a silence from <c>{"matchers":{…},"startsAt"?:ISO,"endsAt"?:ISO,"duration"?:"2h","comment"?:…}</c>, ISO
    /// being ISO 8601 with an offset or <c>Z</c>, and the end given by <c>endsAt</c> or by <c>duration</c> from the start
    /// (not both). Every fault is reported at once, each with its code (<see cref="Protocols.Json.RefusalCodes"/>): every
    /// <c>~regex</c> matcher that does not compile (<c>matcher.regex</c>, key <c>.matchers</c>) or no matcher
    /// (<c>matcher.required</c>); a time or duration that is none (<c>silence.time</c>, <c>silence.duration</c>); no end
    /// (<c>silence.end</c>), both ends (<c>silence.end.ambiguous</c>, key <c>.endsAt, duration</c>), an end not after
    /// the start given (<c>silence.endsAt.beforeStart</c>) or not after now (<c>silence.endsAt.past</c>).
    /// </summary>
    /// <param name="body">The request's members, <c>by</c> taken out.</param>
    /// <param name="by">Who creates it (<see cref="Security.ActingPerson"/>).</param>
    /// <param name="cancellationToken">Cancels the store's write.</param>
    /// <returns>
    /// The silence, or null with every error: its key (<c>.matchers</c>, <c>.startsAt</c>, <c>.endsAt</c>,
    /// <c>.duration</c>, <c>.endsAt, duration</c>, or empty for the whole body), its English sentence and its refusal.
    /// </returns>
    public async Task<(Silence? Silence, IReadOnlyList<RuleError> Errors)> AddSilenceAsync(JsonObject body, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var now = time.GetUtcNow();
        var json = body.ToJsonString();
        var silence = ParseSilence(json, now, typed: true, out var errors);
        if (silence is null)
        {
            return (null, errors);
        }

        await _write.WaitAsync(cancellationToken);
        try
        {
            var id = await store.AddSilenceAsync(SilenceKind, json, by, now, silence.EndsAt, cancellationToken);
            silence = silence with { Id = id, CreatedBy = by };
            _state = _state with { Silences = [.. _state.Silences.Where(s => s.EndsAt > now), silence] };
            return (silence, []);
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>The longest name of a window created through the API, in characters (Unicode scalar values): a name is a few words on the on-call view and in an alert's history.</summary>
    public const int MaxWindowNameLength = 100;

    /// <summary>The longest comment of a window created through the API, in characters (Unicode scalar values).</summary>
    public const int MaxWindowCommentLength = 1000;

    /// <summary>
    /// Creates a maintenance window from its definition, the on-call file's keys in JSON (<c>name</c>, <c>match</c>,
    /// <c>once</c> | <c>weekly</c> | <c>cron</c> and <c>duration</c>, <c>timeZone</c>, <c>comment</c>), with the checks of
    /// the on-call file's parser and those of a window typed at the API (each with its code, <see cref="Protocols.Json.RefusalCodes"/>):
    /// a name of at most <see cref="MaxWindowNameLength"/> characters without control characters (<c>maintenance.name.length</c>,
    /// <c>maintenance.name.control</c>), a comment of at most <see cref="MaxWindowCommentLength"/>
    /// (<c>maintenance.comment.length</c>), a <c>once</c> window that ends after it starts (<c>maintenance.once.reversed</c>,
    /// the parser's) and has not ended already (<c>maintenance.once.past</c>, checked on its end alone when the rest does
    /// not parse, so that every fault is listed at once);
    /// then, with every other check passed, a name that no window of the on-call file has (<c>maintenance.name.inFile</c>)
    /// nor another API window that has not ended (<c>maintenance.name.exists</c>), compared ignoring case: the name is
    /// what an alert's history says (<c>not notified: maintenance "name"</c>) and what <c>file:NAME</c> ids are made of.
    /// </summary>
    /// <returns>The window, or null with every error (key and message, and its refusal).</returns>
    public async Task<(MaintenanceWindow? Window, IReadOnlyList<RuleError> Errors)> AddWindowAsync(JsonObject body, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var json = body.ToJsonString();
        var window = ParseWindow(json, out var parseErrors);
        var now = time.GetUtcNow();
        // A window that does not parse (a bad pattern, no name) is still checked for its times, so that every fault is listed.
        var errors = parseErrors.Concat(TypedChecks(body, window ?? TimesOf(body), now)).ToList();
        if (window is null || errors.Count > 0)
        {
            return (null, errors);
        }

        await _write.WaitAsync(cancellationToken);
        try
        {
            if (NameTaken(window.Name, now) is { } taken)
            {
                return (null, [taken]);
            }

            DateTimeOffset? ends = window.Times is OnceTimes once ? ZonedTime.ToInstant(once.To, window.Zone) : null;
            var id = await store.AddSilenceAsync(WindowKind, json, by, now, ends, cancellationToken);
            window = window with { Id = id.ToString(CultureInfo.InvariantCulture), CreatedBy = by };
            _state = _state with { Windows = [.. _state.Windows, window] };
            return (window, []);
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>True when <paramref name="error"/> is a conflict with an existing window (its name taken): 409 rather than 400.</summary>
    public static bool IsConflict(RuleError error) =>
        error?.Refusal?.Code is Protocols.Json.RefusalCodes.MaintenanceNameInFile or Protocols.Json.RefusalCodes.MaintenanceNameExists;

    // The checks of a window typed at the API that the on-call file's parser does not make (a file's windows keep theirs).
    private static IEnumerable<RuleError> TypedChecks(JsonObject body, MaintenanceWindow? window, DateTimeOffset now)
    {
        if (Text(body, "name") is { } name)
        {
            var length = name.EnumerateRunes().Count();
            if (length > MaxWindowNameLength)
            {
                yield return Typed(".name", Protocols.Json.Refusal.Of(Protocols.Json.RefusalCodes.MaintenanceNameLength,
                    $"name: at most {MaxWindowNameLength} characters ({length} given)", ("max", MaxWindowNameLength), ("length", length)));
            }

            if (name.Trim().Length == 0 || name.Trim().Length != name.Length)
            {
                yield return Typed(".name", Protocols.Json.Refusal.Of(Protocols.Json.RefusalCodes.MaintenanceNameBlank,
                    "name: a visible name is required, without spaces before or after it"));
            }

            foreach (var invisible in name.EnumerateRunes().Where(IsInvisible).Take(1))
            {
                var codePoint = $"U+{invisible.Value:X4}";
                yield return Typed(".name", Protocols.Json.Refusal.Of(Protocols.Json.RefusalCodes.MaintenanceNameControl,
                    $"name: the control or invisible character {codePoint} (a tab, a line break, a zero-width space…) is not allowed", ("codePoint", codePoint)));
            }
        }

        if (Text(body, "comment") is { } comment && comment.EnumerateRunes().Count() is var commentLength && commentLength > MaxWindowCommentLength)
        {
            yield return Typed(".comment", Protocols.Json.Refusal.Of(Protocols.Json.RefusalCodes.MaintenanceCommentLength,
                $"comment: at most {MaxWindowCommentLength} characters ({commentLength} given)", ("max", MaxWindowCommentLength), ("length", commentLength)));
        }

        if (window?.Times is OnceTimes once && ZonedTime.ToInstant(once.To, window.Zone) <= now)
        {
            var to = once.To.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            yield return Typed(".once.to", Protocols.Json.Refusal.Of(Protocols.Json.RefusalCodes.MaintenanceOncePast,
                $"once.to: the window ends at {to} ({window.Zone.Id}), which is past: it would hold back nothing", ("to", to), ("timeZone", window.Zone.Id)));
        }
    }

    // The window's times and zone alone (a stand-in name and match around the body's once: and timeZone:), for the
    // checks of TypedChecks when the window as a whole does not parse; null for other times, or when these do not parse.
    private static MaintenanceWindow? TimesOf(JsonObject body)
    {
        if (body["once"] is not JsonObject once)
        {
            return null;
        }

        // Only the end is checked there: a start not before it (maintenance.once.reversed, reported by the parser) is
        // put aside, so that an end already past is listed too.
        var times = new JsonObject { ["name"] = "times", ["match"] = new JsonObject { ["host"] = "times" }, ["once"] = once.DeepClone() };
        times["once"]!["from"] = "1900-01-01T00:00";
        if (body["timeZone"] is { } zone)
        {
            times["timeZone"] = zone.DeepClone();
        }

        return ParseWindow(times.ToJsonString(), out _);
    }

    // A window of the file, or an API window that has not ended, with the same name but for case; null when none.
    private RuleError? NameTaken(string name, DateTimeOffset now)
    {
        if (onCall.Current.Maintenance.FirstOrDefault(w => string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase)) is { } file)
        {
            return Typed(".name", Protocols.Json.Refusal.Of(Protocols.Json.RefusalCodes.MaintenanceNameInFile,
                $"name: the on-call file has a maintenance window named \"{file.Name}\"; choose another name", ("name", file.Name)));
        }

        return _state.Windows.FirstOrDefault(w => string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase) && !Ended(w, now)) is { } api
            ? Typed(".name", Protocols.Json.Refusal.Of(Protocols.Json.RefusalCodes.MaintenanceNameExists,
                $"name: the maintenance window {api.Id} is named \"{api.Name}\" already; end it or choose another name", ("name", api.Name), ("id", api.Id)))
            : null;
    }

    // A control character (a tab, a line break), a format character (a zero-width space, a direction mark) or a line or
    // paragraph separator: a name holding one looks like another, or breaks a line, where it is shown.
    private static bool IsInvisible(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static bool Ended(MaintenanceWindow window, DateTimeOffset now) =>
        window.Times is OnceTimes once && ZonedTime.ToInstant(once.To, window.Zone) <= now;

    private static RuleError Typed(string key, Protocols.Json.Refusal refusal) => new(0, 0, key, refusal.Sentence) { Refusal = refusal };

    /// <summary>Releases the write lock.</summary>
    public void Dispose() => _write.Dispose();

    /// <summary>Deletes a silence; false when unknown.</summary>
    public Task<bool> DeleteSilenceAsync(long id, CancellationToken cancellationToken) => DeleteAsync(SilenceKind, id, cancellationToken);

    /// <summary>Deletes an API maintenance window; false when unknown (the file's windows are changed in the file).</summary>
    public Task<bool> DeleteWindowAsync(long id, CancellationToken cancellationToken) => DeleteAsync(WindowKind, id, cancellationToken);

    /// <summary>Why a notification is held back at <paramref name="at"/> (a silence or an open window matching it), or null.</summary>
    public string? HoldReason(Lifecycle.AlertSnapshot alert, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(alert);
        foreach (var silence in _state.Silences)
        {
            if (silence.IsActive(at) && silence.Matcher.Matches(alert))
            {
                return $"silence {silence.Id} by {silence.CreatedBy}{(silence.Comment is null ? "" : ": " + silence.Comment)}";
            }
        }

        foreach (var window in Windows)
        {
            if (window.IsOpen(at) && window.Matcher.Matches(alert))
            {
                return $"maintenance \"{window.Name}\"";
            }
        }

        return null;
    }

    private async Task<bool> DeleteAsync(string kind, long id, CancellationToken cancellationToken)
    {
        await _write.WaitAsync(cancellationToken);
        try
        {
            if (!await store.DeleteSilenceAsync(kind, id, cancellationToken))
            {
                return false;
            }

            var key = id.ToString(CultureInfo.InvariantCulture);
            _state = new State(_state.Silences.Where(s => kind != SilenceKind || s.Id != id).ToList(), _state.Windows.Where(w => kind != WindowKind || w.Id != key).ToList());
            return true;
        }
        finally
        {
            _write.Release();
        }
    }

    // A silence's definition; typed: a new request, whose end must be given once and be to come (a stored silence is
    // read as it was accepted). Every fault is collected, each with its key.
    private static Silence? ParseSilence(string json, DateTimeOffset createdAt, bool typed, out IReadOnlyList<RuleError> errors)
    {
        var found = new List<RuleError>();
        errors = found;
        JsonObject body;
        try
        {
            body = JsonNode.Parse(json)?.AsObject() ?? throw new FormatException("empty body");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            // Not met through the API, which reads the body as an object first.
            found.Add(Typed("", Protocols.Json.Refusal.Of(Protocols.Json.RefusalCodes.BodyShape, "the body must be a JSON object: " + e.Message, ("expected", "a JSON object"))));
            return null;
        }

        var matchers = new Dictionary<string, string>(StringComparer.Ordinal);
        var matchersRead = true;
        if (body["matchers"] is JsonObject m)
        {
            foreach (var (key, value) in m)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var text))
                {
                    matchers[key] = text;
                }
                else
                {
                    matchersRead = false;
                    found.Add(Typed($".matchers.{key}", Protocols.Json.Refusal.Of(Protocols.Json.RefusalCodes.BodyType, "must be a string", ("member", $"matchers.{key}"), ("expected", "a string"))));
                }
            }
        }

        // Every bad pattern, as a maintenance window's match: a script's silence may carry several.
        AlertMatcher? matcher = null;
        if (matchersRead)
        {
            matcher = AlertMatcher.Read(matchers, out var matcherErrors);
            found.AddRange(matcherErrors.Select(e => Typed(".matchers", e)));
        }

        var starts = Instant(body, "startsAt", found) ?? createdAt;
        var ends = Instant(body, "endsAt", found);
        var timesRead = found.All(e => e.Key is not (".startsAt" or ".endsAt"));
        var durationText = Text(body, "duration");
        var endKey = ".endsAt";
        if (typed && Text(body, "endsAt") is { } endsText && durationText is not null)
        {
            found.Add(Typed(".endsAt, duration", Protocols.Json.Refusal.Of(Protocols.Json.RefusalCodes.SilenceEndAmbiguous,
                $"both are given (\"{endsText}\", \"{durationText}\"): give the end or the duration, not both",
                ("endsAt", endsText), ("duration", durationText))));
            return null;
        }

        if (ends is null && durationText is not null)
        {
            if (!Alpi.Collector.Api.QueryRequest.TryParseDuration(durationText, out var duration) || duration <= TimeSpan.Zero)
            {
                found.Add(Typed(".duration", Protocols.Json.Refusal.Of(Protocols.Json.RefusalCodes.SilenceDuration,
                    $"duration \"{durationText}\" is not a positive duration such as 2h", ("value", durationText))));
                return null;
            }

            ends = starts + duration;
            endKey = ".duration";
        }

        if (!timesRead)
        {
            return null;
        }

        if (ends is null)
        {
            found.Add(Typed(".endsAt", Protocols.Json.Refusal.Of(Protocols.Json.RefusalCodes.SilenceEnd, "an end (endsAt, ISO 8601) or a duration (2h) is required")));
            return null;
        }

        if (ends <= starts && body["startsAt"] is not null)
        {
            // Only with endsAt: a positive duration ends after the start.
            found.Add(Typed(".endsAt", Protocols.Json.Refusal.Of(Protocols.Json.RefusalCodes.SilenceEndsAtBeforeStart,
                $"{Utc(ends.Value)} is not after startsAt {Utc(starts)}: the end comes before the start", ("startsAt", Utc(starts)), ("endsAt", Utc(ends.Value)))));
            return null;
        }

        if (typed && ends <= createdAt)
        {
            found.Add(Typed(endKey, Protocols.Json.Refusal.Of(Protocols.Json.RefusalCodes.SilenceEndsAtPast,
                $"the silence would end at {Utc(ends.Value)}, which is past: it would hold back nothing", ("endsAt", Utc(ends.Value)))));
            return null;
        }

        if (matcher is null || found.Count > 0)
        {
            return null;
        }

        var comment = Text(body, "comment");
        return new Silence(0, matcher, starts, ends.Value, "", string.IsNullOrWhiteSpace(comment) ? null : comment);
    }

    // An instant as the refusals give it: ISO 8601 in UTC to the second, 2026-12-01T19:00:00Z.
    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? Text(JsonObject body, string key) =>
        body[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static DateTimeOffset? Instant(JsonObject body, string key, List<RuleError> errors)
    {
        if (body[key] is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return null;
        }

        // The offset must be written: without it the framework takes the server's own zone, so a technician's local
        // 10:00 would silently mean 10:00 UTC on a server run in UTC.
        if (HasOffset(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) && text.Length > 16)
        {
            return at;
        }

        errors.Add(Typed("." + key, Protocols.Json.Refusal.Of(Protocols.Json.RefusalCodes.SilenceTime,
            $"{key} \"{text}\" is not an ISO-8601 time with an offset (2026-12-01T20:00:00+01:00)", ("member", key), ("value", text))));
        return null;
    }

    // An ISO 8601 time ending with its UTC designator or offset: Z, +01:00, -0500, +01 (ISO 8601-1:2019 §4.3.13).
    private static bool HasOffset(string text)
    {
        var t = text.AsSpan().TrimEnd();
        if (t.Length > 0 && (t[^1] is 'Z' or 'z'))
        {
            return true;
        }

        var sign = t.LastIndexOfAny('+', '-');
        var time = t.IndexOfAny('T', 't', ' ');
        if (time <= 0 || sign <= time || t.Length - sign < 3)
        {
            return false;
        }

        foreach (var c in t[(sign + 1)..])
        {
            if (!char.IsAsciiDigit(c) && c != ':')
            {
                return false;
            }
        }

        return true;
    }

    private static MaintenanceWindow? ParseWindow(string json, out IReadOnlyList<RuleError> errors)
    {
        var found = new List<RuleError>();
        errors = found;
        var stream = new YamlStream();
        try
        {
            // JSON is YAML: the on-call file's parser reads the API's windows too, with the same checks and key paths.
            stream.Load(new StringReader(json));
        }
        catch (YamlException e)
        {
            found.Add(new RuleError((int)e.Start.Line, (int)e.Start.Column, "", "not valid JSON: " + e.Message));
            return null;
        }

        var zone = ZonedTime.Find(ZonedTime.DefaultZone, out _) ?? TimeZoneInfo.Utc;
        return OnCallFileParser.ParseWindow(new RuleFileParser.Context(found), stream.Documents[0].RootNode, "", zone);
    }

    private sealed record State(IReadOnlyList<Silence> Silences, IReadOnlyList<MaintenanceWindow> Windows);
}

/// <summary>
/// The maintenance and silence stage of the notification pipeline: a notification of an alert matched by a silence
/// in force or an open maintenance window is held back (the alert's history says why). Recoveries always pass, so
/// whoever was told an alert fired is told it resolved.
/// </summary>
/// <param name="registry">Windows and silences.</param>
public sealed class MaintenanceFilter(MaintenanceRegistry registry) : Notifications.INotificationFilter
{
    /// <inheritdoc />
    public bool Allows(Lifecycle.AlertNotification notification, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(notification);
        reason = notification.Event == Lifecycle.AlertEventKind.Resolved ? null : registry.HoldReason(notification.Alert, notification.At);
        return reason is null;
    }
}
