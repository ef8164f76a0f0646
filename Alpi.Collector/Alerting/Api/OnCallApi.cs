using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Alpi.Collector.Alerting.Maintenance;
using Alpi.Collector.Alerting.OnCall;
using Alpi.Collector.Api;
using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Alpi.Collector.Api.ApiParameters;

namespace Alpi.Collector.Alerting.Api;

/// <summary>
/// The on-call, silence and maintenance API (JSON, camelCase; documented in the README):
/// <c>GET /api/oncall[?at=ISO]</c> (who is on call, per schedule), <c>GET /api/oncall/next[?at=ISO]</c> (next
/// handover per schedule), <c>GET|POST /api/silences</c>, <c>DELETE /api/silences/{id}</c>,
/// <c>GET|POST /api/maintenance</c>, <c>DELETE /api/maintenance/{id}</c>. Errors: a POST body's, 400
/// <c>application/problem+json</c> (RFC 9457) with <c>detail</c> (also in <c>error</c>), <c>parameter</c> and <c>path</c>
/// naming the member (a member of the wrong JSON type with <c>expected</c> in plain words, an unknown member, a window's
/// definition errors joined, each with its key, and listed in <c>errors</c> when there are several), with <c>code</c>
/// and <c>args</c> when the refusal has them (<see cref="RefusalCodes"/>: <c>silence.…</c>, <c>matcher.…</c>,
/// <c>maintenance.…</c>); 400 <c>{"error","parameter"}</c> for a bad <c>at</c>, 404 unknown, 409 for a window of the
/// on-call file, or a new window named as one of the file's or as another API window not ended.
/// </summary>
public static class OnCallApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapAlpiOnCallApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/oncall", async (HttpContext http, AlertingService alerting, TimeProvider time) =>
        {
            if (!TryAt(http, time, out var at, out var bad))
            {
                return bad!;
            }

            await alerting.Ready.WaitAsync(http.RequestAborted);
            var config = alerting.OnCall?.Current ?? OnCallConfig.Empty;
            var shifts = config.Schedules.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s =>
            {
                var shift = s.At(at);
                return new OnCallDto(s.Name, shift.Person, config.People.TryGetValue(shift.Person, out var p) ? p.Contacts : new Dictionary<string, string>(),
                    shift.Since, shift.Until, s.Zone.Id, shift.Override is null ? null : new OnCallOverrideDto(shift.Override.From, shift.Override.To, shift.Override.Reason));
            }).ToList();
            return Results.Json<IReadOnlyList<OnCallDto>>(shifts, OnCallApiJson.Default.IReadOnlyListOnCallDto);
        }).WithQueryParameters("at");

        endpoints.MapGet("/api/oncall/next", async (HttpContext http, AlertingService alerting, TimeProvider time) =>
        {
            if (!TryAt(http, time, out var at, out var bad))
            {
                return bad!;
            }

            await alerting.Ready.WaitAsync(http.RequestAborted);
            var config = alerting.OnCall?.Current ?? OnCallConfig.Empty;
            var next = config.Schedules.Values.OrderBy(s => s.Name, StringComparer.Ordinal)
                .Select(s => (s.Name, Handover: s.NextHandover(at)))
                .Select(x => new HandoverDto(x.Name, x.Handover.At, x.Handover.From, x.Handover.To)).ToList();
            return Results.Json<IReadOnlyList<HandoverDto>>(next, OnCallApiJson.Default.IReadOnlyListHandoverDto);
        }).WithQueryParameters("at");

        endpoints.MapGet("/api/silences", async (HttpContext http, AlertingService alerting, TimeProvider time) =>
        {
            await alerting.Ready.WaitAsync(http.RequestAborted);
            var now = time.GetUtcNow();
            var list = (alerting.Maintenance?.Silences ?? []).Where(s => s.EndsAt > now).Select(s => SilenceDto.From(s, now)).ToList();
            return Results.Json<IReadOnlyList<SilenceDto>>(list, OnCallApiJson.Default.IReadOnlyListSilenceDto);
        }).WithQueryParameters();

        endpoints.MapPost("/api/silences", async (HttpContext http, AlertingService alerting, TimeProvider time) =>
        {
            var (body, by, error) = await ReadAsync(http, OnCallRequestJson.Default.SilenceRequest);
            if (error is not null)
            {
                return error;
            }

            await alerting.Ready.WaitAsync(http.RequestAborted);
            if (alerting.Maintenance is null)
            {
                return JsonBody.Invalid(Refusal.Of(RefusalCodes.AlertingDisabled, "silences are not available: the alert engine is not configured", ("what", "silences")), null);
            }

            var (silence, errors) = await alerting.Maintenance.AddSilenceAsync(body!, by!, http.RequestAborted);
            return silence is null
                ? Refused(errors)
                : Results.Json(SilenceDto.From(silence, time.GetUtcNow()), OnCallApiJson.Default.SilenceDto, statusCode: StatusCodes.Status201Created);
        });

        endpoints.MapDelete("/api/silences/{id}", async (string id, HttpContext http, AlertingService alerting) =>
        {
            if (!ApiParameters.TryRouteNumber(id, "id", "a silence id", out var number, out var problem))
            {
                return problem;
            }

            await alerting.Ready.WaitAsync(http.RequestAborted);
            return alerting.Maintenance is not null && await alerting.Maintenance.DeleteSilenceAsync(number, http.RequestAborted)
                ? Results.NoContent()
                : NotFound($"no silence {number}");
        });

        endpoints.MapGet("/api/maintenance", async (HttpContext http, AlertingService alerting, TimeProvider time) =>
        {
            await alerting.Ready.WaitAsync(http.RequestAborted);
            var now = time.GetUtcNow();
            var list = (alerting.Maintenance?.Windows ?? []).Select(w => MaintenanceDto.From(w, now)).ToList();
            return Results.Json<IReadOnlyList<MaintenanceDto>>(list, OnCallApiJson.Default.IReadOnlyListMaintenanceDto);
        }).WithQueryParameters();

        endpoints.MapPost("/api/maintenance", async (HttpContext http, AlertingService alerting, TimeProvider time) =>
        {
            var (body, by, error) = await ReadAsync(http, OnCallRequestJson.Default.MaintenanceRequest);
            if (error is not null)
            {
                return error;
            }

            await alerting.Ready.WaitAsync(http.RequestAborted);
            if (alerting.Maintenance is null)
            {
                return JsonBody.Invalid(Refusal.Of(RefusalCodes.AlertingDisabled, "maintenance windows are not available: the alert engine is not configured", ("what", "maintenance")), null);
            }

            var (window, errors) = await alerting.Maintenance.AddWindowAsync(body!, by!, http.RequestAborted);
            if (window is not null)
            {
                return Results.Json(MaintenanceDto.From(window, time.GetUtcNow()), OnCallApiJson.Default.MaintenanceDto, statusCode: StatusCodes.Status201Created);
            }

            return Refused(errors);
        });

        endpoints.MapDelete("/api/maintenance/{id}", async (string id, HttpContext http, AlertingService alerting) =>
        {
            if (!id.StartsWith("file:", StringComparison.Ordinal) && !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return ApiParameters.BadRequest(
                    $"id \"{id}\" is neither a number nor file:<name>: a maintenance window id is a whole number from 0 to {long.MaxValue}, or file:<name> for a window of the on-call file", "id");
            }

            await alerting.Ready.WaitAsync(http.RequestAborted);
            if (id.StartsWith("file:", StringComparison.Ordinal))
            {
                return (alerting.Maintenance?.Windows ?? []).Any(w => string.Equals(w.Id, id, StringComparison.Ordinal))
                    ? ApiProblems.Result(StatusCodes.Status409Conflict,
                        Refusal.Of(RefusalCodes.MaintenanceInFile, $"maintenance window {id} comes from the on-call file: change it there", ("id", id)), "id")
                    : NotFound(Refusal.Of(RefusalCodes.MaintenanceNotFound, $"no maintenance window {id} in the on-call file", ("id", id)));
            }

            return long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && alerting.Maintenance is not null
                && await alerting.Maintenance.DeleteWindowAsync(number, http.RequestAborted)
                ? Results.NoContent()
                : NotFound(Refusal.Of(RefusalCodes.MaintenanceNotFound, $"no maintenance window {id}", ("id", id)));
        });
        return endpoints;
    }

    // What the string members hold, in plainer words than "a string" when one holds a number or an object.
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["$.startsAt"] = "a time in ISO 8601 with an offset, as a string (\"2026-12-01T20:00:00+01:00\")",
        ["$.endsAt"] = "a time in ISO 8601 with an offset, as a string (\"2026-12-01T22:00:00+01:00\")",
        ["$.duration"] = "a duration as a string (\"2h\", \"30m\")",
        ["$.once.from"] = "a local date and time as a string (\"2026-12-01T20:00\")",
        ["$.once.to"] = "a local date and time as a string (\"2026-12-01T22:00\")",
        ["$.weekly.from"] = "a time of day as a string (\"20:00\")",
        ["$.weekly.to"] = "a time of day as a string (\"22:00\")",
    };

    /// <summary>
    /// Reads a POST body as an object, checks it against its contract (JSON types, unknown members: 400 problem+json
    /// naming the member's path and what it should hold), drops null members (null means absent), and takes out <c>by</c>.
    /// </summary>
    private static async Task<(JsonObject? Body, string? By, IResult? Error)> ReadAsync<T>(HttpContext http, JsonTypeInfo<T> contract)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(http);
        if (body is null)
        {
            return (null, null, problem);
        }

        if (JsonBody.Check(body, contract, Expected) is { } wrong)
        {
            return (null, null, wrong);
        }

        foreach (var key in body.Where(m => m.Value is null).Select(m => m.Key).ToList())
        {
            body.Remove(key);
        }

        var by = Security.ActingPerson.Of(http, body["by"]?.GetValue<string>());
        if (by is null)
        {
            return (null, null, JsonBody.Invalid("by (who creates it) is required", "by"));
        }

        body.Remove("by");
        return (body, by, null);
    }

    private static bool TryAt(HttpContext http, TimeProvider time, out DateTimeOffset at, out IResult? error)
    {
        error = null;
        var text = http.Request.Query["at"].ToString();
        if (text.Length == 0)
        {
            at = time.GetUtcNow();
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at))
        {
            return true;
        }

        error = BadRequest($"at \"{text}\" is not an ISO-8601 time", "at");
        return false;
    }

    /// <summary>
    /// The answer to a refused window or silence: 409 when its only fault is a name taken
    /// (<see cref="MaintenanceRegistry.IsConflict"/>), else 400; <c>detail</c> joins every error's sentence with its key,
    /// <c>parameter</c> names the first error's member (<c>endsAt, duration</c> when it is two, then without <c>path</c>),
    /// <c>code</c>/<c>args</c> are the first coded error's (the dashboard words it); with several errors, each one in
    /// <c>errors</c> (sentence, member, and its code and values when it has them), so that every fault is reported.
    /// </summary>
    private static IResult Refused(IReadOnlyList<Rules.RuleError> errors)
    {
        // The sentence with its member first, unless it names it already ("duration \"soon\" is not…", "once.to: …").
        static string Sentence(Rules.RuleError e) => e.Key.Length > 0 && !e.Message.StartsWith(e.Key.TrimStart('.') + ":", StringComparison.Ordinal)
            && !e.Message.StartsWith(e.Key.TrimStart('.') + " ", StringComparison.Ordinal)
            ? $"{e.Key.TrimStart('.')}: {e.Message}"
            : e.Message;
        static string? Member(Rules.RuleError e) => e.Key.TrimStart('.') is { Length: > 0 } key ? key : null;

        var sentence = string.Join("; ", errors.Select(Sentence));
        var member = errors.Count > 0 ? Member(errors[0]) : null;
        var status = errors.Count > 0 && errors.All(MaintenanceRegistry.IsConflict) ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        var problem = (errors.FirstOrDefault(e => e.Refusal is not null)?.Refusal is { } first
            ? ApiProblems.Of(status, first with { Sentence = sentence }, member ?? "body")
            : ApiProblems.Of(status, sentence, member ?? "body", null)) with
        {
            Path = member is null ? "$" : member.Contains(", ", StringComparison.Ordinal) ? null : "$." + member,
            Errors = errors.Count > 1
                ? errors.Select(e => new ApiProblemError(Sentence(e), Member(e), e.Refusal?.Code, e.Refusal?.Args)).ToList()
                : null,
        };
        return ApiProblems.Result(problem);
    }

    private static IResult NotFound(string error) => ApiProblems.Result(StatusCodes.Status404NotFound, error, "id");

    private static IResult NotFound(Refusal refusal) => ApiProblems.Result(StatusCodes.Status404NotFound, refusal, "id");
}

/// <summary>Who is on call in one schedule (<c>GET /api/oncall</c>).</summary>
/// <param name="Schedule">Schedule name.</param>
/// <param name="Person">Who.</param>
/// <param name="Contacts">Their addresses per channel.</param>
/// <param name="Since">Start of the shift (ISO-8601).</param>
/// <param name="Until">End of the shift: the next handover.</param>
/// <param name="TimeZone">The schedule's zone (IANA id).</param>
/// <param name="Override">The override in force, or null.</param>
public sealed record OnCallDto(string Schedule, string Person, IReadOnlyDictionary<string, string> Contacts, DateTimeOffset Since, DateTimeOffset Until, string TimeZone, OnCallOverrideDto? Override);

/// <summary>An override in force.</summary>
/// <param name="From">Start.</param>
/// <param name="To">End.</param>
/// <param name="Reason">Why, or null.</param>
public sealed record OnCallOverrideDto(DateTimeOffset From, DateTimeOffset To, string? Reason);

/// <summary>The next handover of a schedule (<c>GET /api/oncall/next</c>).</summary>
/// <param name="Schedule">Schedule name.</param>
/// <param name="At">When.</param>
/// <param name="From">Who hands over.</param>
/// <param name="To">Who takes over.</param>
public sealed record HandoverDto(string Schedule, DateTimeOffset At, string From, string To);

/// <summary>A silence (<c>/api/silences</c>).</summary>
/// <param name="Id">Identifier.</param>
/// <param name="Matchers">Key → value (tenant, host, rule, severity, labels; <c>*</c>, <c>!</c>, <c>~</c>).</param>
/// <param name="StartsAt">Start.</param>
/// <param name="EndsAt">End.</param>
/// <param name="CreatedBy">Who.</param>
/// <param name="Comment">Why, or null.</param>
/// <param name="Active">In force now.</param>
public sealed record SilenceDto(long Id, IReadOnlyDictionary<string, string> Matchers, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string CreatedBy, string? Comment, bool Active)
{
    /// <summary>Maps a silence.</summary>
    public static SilenceDto From(Silence s, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Id, s.Matcher.Source, s.StartsAt, s.EndsAt, s.CreatedBy, s.Comment, s.IsActive(now));
    }
}

/// <summary>A maintenance window (<c>/api/maintenance</c>).</summary>
/// <param name="Id"><c>file:NAME</c> for the on-call file's, a number for the API's.</param>
/// <param name="Name">Name.</param>
/// <param name="Source"><c>file</c> or <c>api</c>.</param>
/// <param name="Matchers">Which alerts.</param>
/// <param name="Schedule">When, described (<c>weekly sun 01:00–05:00</c>, <c>cron "0 2 * * *" for 02:00:00</c>, <c>once …</c>).</param>
/// <param name="TimeZone">Zone of its wall-clock times.</param>
/// <param name="Open">Open now.</param>
/// <param name="Comment">Why, or null.</param>
/// <param name="CreatedBy">Who created it through the API, or null.</param>
/// <param name="Times">When, as values (for a client to word it in its own language, as the dashboard does).</param>
public sealed record MaintenanceDto(string Id, string Name, string Source, IReadOnlyDictionary<string, string> Matchers, string Schedule, string TimeZone, bool Open, string? Comment, string? CreatedBy,
    MaintenanceTimesDto Times)
{
    /// <summary>Maps a window.</summary>
    public static MaintenanceDto From(MaintenanceWindow w, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(w);
        return new(w.Id, w.Name, w.Id.StartsWith("file:", StringComparison.Ordinal) ? "file" : "api", w.Matcher.Source, w.Times.Describe(), w.Zone.Id, w.IsOpen(now), w.Comment, w.CreatedBy,
            MaintenanceTimesDto.Of(w.Times));
    }
}

/// <summary>
/// When a maintenance window is open, as values (<c>times</c> of <c>/api/maintenance</c>), wall-clock times in the
/// window's zone: <c>{"kind":"weekly","days":["mon","tue"],"from":"01:00","to":"03:00"}</c> (<c>to</c> ≤ <c>from</c>: the
/// next day), <c>{"kind":"once","from":"2026-12-01T20:00","to":"2026-12-01T23:00"}</c>, or
/// <c>{"kind":"cron","expression":"0 2 * * *","durationSeconds":7200}</c>; members of other kinds left out.
/// </summary>
/// <param name="Kind"><c>once</c>, <c>weekly</c> or <c>cron</c>.</param>
/// <param name="Days">Weekly: the weekdays it starts on, Monday first, as <c>mon</c> … <c>sun</c>; else null.</param>
/// <param name="From">Once: local start <c>yyyy-MM-ddTHH:mm</c>; weekly: local start time <c>HH:mm</c>; cron: null.</param>
/// <param name="To">Once: local end <c>yyyy-MM-ddTHH:mm</c>; weekly: local end time <c>HH:mm</c>; cron: null.</param>
/// <param name="Expression">Cron: its 5 fields; else null.</param>
/// <param name="DurationSeconds">Cron: how long each occurrence lasts, in seconds; else null.</param>
public sealed record MaintenanceTimesDto(string Kind, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Days, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? From, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? To,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Expression, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? DurationSeconds)
{
    /// <summary>Maps a window's times.</summary>
    /// <exception cref="ArgumentException">A kind of times this API does not know (a bug).</exception>
    public static MaintenanceTimesDto Of(MaintenanceTimes times)
    {
        ArgumentNullException.ThrowIfNull(times);
        const string Local = "yyyy-MM-dd'T'HH:mm";
        return times switch
        {
            OnceTimes once => new("once", null, once.From.ToString(Local, CultureInfo.InvariantCulture), once.To.ToString(Local, CultureInfo.InvariantCulture), null, null),
            WeeklyTimes weekly => new("weekly",
                weekly.Days.OrderBy(d => ((int)d + 6) % 7).Select(d => d.ToString()[..3].ToLowerInvariant()).ToList(),
                weekly.From.ToString("HH:mm", CultureInfo.InvariantCulture), weekly.To.ToString("HH:mm", CultureInfo.InvariantCulture), null, null),
            CronTimes cron => new("cron", null, null, null, cron.Expression, (long)cron.Duration.TotalSeconds),
            _ => throw new ArgumentException($"unknown maintenance times {times.GetType().Name}", nameof(times)),
        };
    }
}

/// <summary>Source-generated JSON of the on-call API (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<OnCallDto>))]
[JsonSerializable(typeof(IReadOnlyList<HandoverDto>))]
[JsonSerializable(typeof(IReadOnlyList<SilenceDto>))]
[JsonSerializable(typeof(SilenceDto))]
[JsonSerializable(typeof(IReadOnlyList<MaintenanceDto>))]
[JsonSerializable(typeof(MaintenanceDto))]
internal sealed partial class OnCallApiJson : JsonSerializerContext;
