using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alpi.Collector.Alerting.Api;

/// <summary>
/// The body of <c>POST /api/silences</c>, read only to check each member's JSON type and refuse unknown members (the
/// members are then read by <see cref="Maintenance.MaintenanceRegistry.AddSilenceAsync"/>); member names are
/// case-sensitive, as the registry reads them.
/// </summary>
/// <param name="By">Who creates it, for a script with a bearer token (the person it acts for; absent: <c>token:&lt;name&gt;</c>); ignored for a person signed in to the dashboard, recorded under their account (<see cref="Security.ActingPerson"/>).</param>
/// <param name="Matchers">Key → value (tenant, host, rule, severity or a label; <c>*</c>, <c>!</c>, <c>~</c>).</param>
/// <param name="StartsAt">Start, ISO 8601 with an offset (RFC 3339); absent: now.</param>
/// <param name="EndsAt">End, ISO 8601 with an offset; or <paramref name="Duration"/>.</param>
/// <param name="Duration">Length from the start (<c>2h</c>, <c>30m</c>), instead of <paramref name="EndsAt"/>: both are refused (<c>silence.end.ambiguous</c>).</param>
/// <param name="Comment">Why, or null.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SilenceRequest(string? By, IReadOnlyDictionary<string, string>? Matchers, string? StartsAt, string? EndsAt, string? Duration, string? Comment);

/// <summary>
/// The body of <c>POST /api/maintenance</c>: a window with the on-call file's keys plus <c>by</c>, read only to check each
/// member's JSON type and refuse unknown members (the on-call file's parser then reads the window, with its own checks).
/// Member names are case-sensitive, as in the file.
/// </summary>
/// <param name="By">Who creates it (as <see cref="SilenceRequest.By"/>).</param>
/// <param name="Name">The window's name.</param>
/// <param name="Match">Which alerts, key → value (as a silence's matchers).</param>
/// <param name="TimeZone">IANA zone of the window's wall-clock times; absent: the collector's default.</param>
/// <param name="Once">A single period, local times.</param>
/// <param name="Weekly">A weekly period.</param>
/// <param name="Cron">A cron expression of 5 fields for the start of each period, with <paramref name="Duration"/>.</param>
/// <param name="Duration">The length of a cron window (<c>2h</c>).</param>
/// <param name="Comment">Why, or null.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MaintenanceRequest(string? By, string? Name, IReadOnlyDictionary<string, string>? Match, string? TimeZone, MaintenanceOnceRequest? Once,
    MaintenanceWeeklyRequest? Weekly, string? Cron, string? Duration, string? Comment);

/// <summary>The <c>once</c> member of <see cref="MaintenanceRequest"/>.</summary>
/// <param name="From">Start, local date and time (<c>2026-12-01T20:00</c>).</param>
/// <param name="To">End, local date and time, after <paramref name="From"/>.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MaintenanceOnceRequest(string? From, string? To);

/// <summary>The <c>weekly</c> member of <see cref="MaintenanceRequest"/>.</summary>
/// <param name="Days">A weekday (<c>"tue"</c>) or an array of them; checked by the on-call file's parser.</param>
/// <param name="From">Start, time of day (<c>20:00</c>).</param>
/// <param name="To">End, time of day; before <paramref name="From"/> means the next day.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MaintenanceWeeklyRequest(JsonElement? Days, string? From, string? To);

/// <summary>
/// Source-generated JSON of the on-call API's request bodies: web defaults but case-sensitive member names, since the
/// registry and the on-call file's parser read them so (<c>Duration</c> would otherwise pass the check and be ignored).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(SilenceRequest))]
[JsonSerializable(typeof(MaintenanceRequest))]
internal sealed partial class OnCallRequestJson : JsonSerializerContext;
