using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Alpi.Collector.Alerting.History;
using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Rules;
using Alpi.Collector.Api;
using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Alpi.Collector.Api.ApiParameters;

namespace Alpi.Collector.Alerting.Api;

/// <summary>
/// The alerting API (JSON, camelCase; documented in the README):
/// <c>GET /api/alerts?state=&amp;severity=&amp;tenant=&amp;host=&amp;rule=&amp;limit=</c> (newest first; <c>state</c> one of
/// pending, firing, acknowledged, resolved, or <c>open</c> for the first three),
/// <c>GET /api/alerts/{id}</c>, <c>GET /api/alerts/{id}/history</c> (oldest first), and
/// <c>POST /api/alerts/{id}/ack</c> with <c>{"by":"…","comment":"…","sticky":true}</c>. A person signed in to the
/// dashboard acknowledges under their account's name (<c>by</c> is then ignored); a script with a bearer token names the
/// person in <c>by</c>, else the acknowledgement is recorded as <c>token:&lt;name&gt;</c>.
/// Errors: 400 <c>{"error","parameter"}</c> for a bad parameter (an <c>id</c> that is not a number included), 404 for an
/// unknown alert, 409 when the alert is not firing.
/// </summary>
public static class AlertApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 10_000;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapAlpiAlertApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/alerts", async (HttpContext http, AlertingService alerting) =>
        {
            var q = http.Request.Query;
            AlertState? state = null;
            var open = false;
            var stateText = q["state"].ToString();
            if (stateText == "open")
            {
                open = true;
            }
            else if (stateText.Length > 0)
            {
                state = ParseState(stateText);
                if (state is null)
                {
                    return BadRequest("state must be pending, firing, acknowledged, resolved or open", "state");
                }
            }

            Severity? severity = null;
            var severityText = q["severity"].ToString();
            if (severityText.Length > 0)
            {
                severity = severityText switch
                {
                    "info" => Severity.Info,
                    "warning" => Severity.Warning,
                    "critical" => Severity.Critical,
                    "disaster" => Severity.Disaster,
                    _ => null,
                };
                if (severity is null)
                {
                    return BadRequest("severity must be info, warning, critical or disaster", "severity");
                }
            }

            var limit = DefaultLimit;
            var limitText = q["limit"].ToString();
            if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            {
                return BadRequest($"limit must be an integer from 1 to {MaxLimit}", "limit");
            }

            await alerting.Ready.WaitAsync(http.RequestAborted);
            var alerts = await alerting.Store.QueryAsync(new AlertQuery(state, severity, Optional(q["tenant"]), Optional(q["host"]), Optional(q["rule"]), open, Limit: limit), http.RequestAborted);
            return Results.Json<IReadOnlyList<AlertDto>>(alerts.Select(AlertDto.From).ToList(), AlertApiJson.Default.IReadOnlyListAlertDto);
        }).WithQueryParameters("state", "severity", "tenant", "host", "rule", "limit");

        endpoints.MapGet("/api/alerts/{id}", async (string id, HttpContext http, AlertingService alerting) =>
        {
            if (!TryAlertId(id, out var number, out var problem))
            {
                return problem;
            }

            await alerting.Ready.WaitAsync(http.RequestAborted);
            var found = await alerting.Store.QueryAsync(new AlertQuery(Id: number, Limit: 1), http.RequestAborted);
            return found.Count == 0 ? NotFound(number) : Results.Json(AlertDto.From(found[0]), AlertApiJson.Default.AlertDto);
        });

        endpoints.MapGet("/api/alerts/{id}/history", async (string id, HttpContext http, AlertingService alerting) =>
        {
            if (!TryAlertId(id, out var number, out var problem))
            {
                return problem;
            }

            await alerting.Ready.WaitAsync(http.RequestAborted);
            var found = await alerting.Store.QueryAsync(new AlertQuery(Id: number, Limit: 1), http.RequestAborted);
            if (found.Count == 0)
            {
                return NotFound(number);
            }

            var history = await alerting.Store.HistoryAsync(number, http.RequestAborted);
            return Results.Json<IReadOnlyList<AlertHistoryDto>>(history.Select(AlertHistoryDto.From).ToList(), AlertApiJson.Default.IReadOnlyListAlertHistoryDto);
        });

        endpoints.MapPost("/api/alerts/{id}/ack", async (string id, HttpContext http, AlertingService alerting) =>
        {
            if (!TryAlertId(id, out var number, out var idProblem))
            {
                return idProblem;
            }

            var (request, problem) = await JsonBody.ReadAsync(http, AlertApiJson.Default.AckRequest);
            if (problem is not null)
            {
                return problem;
            }

            var by = Security.ActingPerson.Of(http, request?.By);
            if (request is null || by is null)
            {
                return BadRequest("by (who acknowledges) is required", "by");
            }

            await alerting.Ready.WaitAsync(http.RequestAborted);
            var (result, alert) = await alerting.AcknowledgeAsync(number, by, string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment, request.Sticky ?? true, http.RequestAborted);
            return result switch
            {
                AckResult.Acknowledged => Results.Json(AlertDto.From(alert!), AlertApiJson.Default.AlertDto),
                AckResult.NotOpen => await IsKnownAsync(alerting, number, http.RequestAborted)
                    ? Conflict(Refusal.Of(RefusalCodes.AlertResolved, $"alert {number} is resolved", ("id", number)))
                    : NotFound(number),
                AckResult.NotFiring => Conflict(Refusal.Of(RefusalCodes.AlertPending, $"alert {number} is pending: there is nothing to acknowledge yet", ("id", number))),
                _ => Conflict(Refusal.Of(RefusalCodes.AlertAcknowledged, $"alert {number} is already acknowledged", ("id", number))),
            };
        });
        endpoints.MapAlpiOnCallApi();
        endpoints.MapAlpiAlertRulesApi();
        return endpoints;
    }

    private static async Task<bool> IsKnownAsync(AlertingService alerting, long id, CancellationToken cancellationToken) =>
        (await alerting.Store.QueryAsync(new AlertQuery(Id: id, Limit: 1), cancellationToken)).Count > 0;

    private static AlertState? ParseState(string text) => text switch
    {
        "pending" => AlertState.Pending,
        "firing" => AlertState.Firing,
        "acknowledged" => AlertState.Acknowledged,
        "resolved" => AlertState.Resolved,
        _ => null,
    };

    /// <summary>Reads the <c>id</c> route parameter (<see cref="ApiParameters.TryRouteNumber"/>).</summary>
    private static bool TryAlertId(string text, out long id, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out IResult? problem) =>
        TryRouteNumber(text, "id", "an alert id", out id, out problem);

    private static IResult NotFound(long id) => ApiProblems.Result(StatusCodes.Status404NotFound, Refusal.Of(RefusalCodes.AlertNotFound, $"no alert {id}", ("id", id)), "id");

    private static IResult Conflict(Refusal refusal) => ApiProblems.Result(StatusCodes.Status409Conflict, refusal, null);
}

/// <summary>The body of <c>POST /api/alerts/{id}/ack</c>.</summary>
/// <param name="By">Who acknowledges: required from a script (bearer token) unless its token name will do; ignored for a person signed in to the dashboard, who acknowledges under their account's name.</param>
/// <param name="Comment">Why, or what is being done.</param>
/// <param name="Sticky">Keep the acknowledgement when the severity changes (default true); false ends it at the next severity change.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AckRequest(string? By, string? Comment, bool? Sticky);

/// <summary>One alert in the API.</summary>
/// <param name="Id">Identifier.</param>
/// <param name="Rule">Rule name.</param>
/// <param name="Kind">threshold, absence, presence or trap.</param>
/// <param name="Tenant">Tenant.</param>
/// <param name="Host">Host or device.</param>
/// <param name="Instance">Series tags (<c>cpu=cpu-total</c>) or trap instance.</param>
/// <param name="State">pending, firing, acknowledged or resolved.</param>
/// <param name="Severity">info, warning, critical or disaster.</param>
/// <param name="Value">Last value, or null.</param>
/// <param name="Threshold">Threshold, or null.</param>
/// <param name="Labels">Labels.</param>
/// <param name="Annotations">Annotations (summary, description…).</param>
/// <param name="ActiveSince">Start of the condition, ISO-8601.</param>
/// <param name="FiredAt">When it fired, or null.</param>
/// <param name="ResolvedAt">When it resolved, or null.</param>
/// <param name="Acknowledgement">Who, when, why, sticky; or null.</param>
/// <param name="Suppressed">True while a parent host is down.</param>
/// <param name="SuppressedBy">That parent (<c>tenant/host</c>), or null.</param>
/// <param name="Flapping">True while flapping (notifications held back).</param>
public sealed record AlertDto(
    long Id, string Rule, string Kind, string Tenant, string Host, string Instance, string State, string Severity, double? Value, double? Threshold,
    IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations, DateTimeOffset ActiveSince,
    DateTimeOffset? FiredAt, DateTimeOffset? ResolvedAt, AckDto? Acknowledgement, bool Suppressed, string? SuppressedBy, bool Flapping)
{
    /// <summary>Maps a snapshot.</summary>
    public static AlertDto From(AlertSnapshot a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.Id, a.Rule, a.Kind, a.Tenant, a.Host, a.Instance, AlertStore.Name(a.State), AlertStore.Name(a.Severity), a.Value, a.Threshold,
            a.Labels, a.Annotations, a.ActiveSince, a.FiredAt, a.ResolvedAt,
            a.AckBy is null ? null : new AckDto(a.AckBy, a.AckAt!.Value, a.AckComment, a.AckSticky), a.SuppressedBy is not null, a.SuppressedBy, a.Flapping);
    }
}

/// <summary>An acknowledgement.</summary>
/// <param name="By">Who.</param>
/// <param name="At">When.</param>
/// <param name="Comment">Why, or null.</param>
/// <param name="Sticky">Survives severity changes.</param>
public sealed record AckDto(string By, DateTimeOffset At, string? Comment, bool Sticky);

/// <summary>One entry of <c>GET /api/alerts/{id}/history</c>.</summary>
/// <param name="At">When.</param>
/// <param name="Event">pending, firing, acknowledged, severity_changed, unacknowledged, resolved, suppressed, unsuppressed, flapping_started, flapping_stopped, notified, notification_failed.</param>
/// <param name="State">The alert's state after it.</param>
/// <param name="Severity">The alert's severity after it.</param>
/// <param name="Value">The value then, or null.</param>
/// <param name="Detail">Who and why, which parent, which channel, the error…</param>
public sealed record AlertHistoryDto(DateTimeOffset At, string Event, string State, string Severity, double? Value, string? Detail)
{
    /// <summary>Maps an entry.</summary>
    public static AlertHistoryDto From(AlertHistoryEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.At, AlertStore.Name(e.Event), AlertStore.Name(e.State), AlertStore.Name(e.Severity), e.Value, e.Detail);
    }
}

/// <summary>Source-generated JSON of the alerting API (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<AlertDto>))]
[JsonSerializable(typeof(AlertDto))]
[JsonSerializable(typeof(IReadOnlyList<AlertHistoryDto>))]
[JsonSerializable(typeof(AckRequest))]
[JsonSerializable(typeof(AlertingStatus))]
internal sealed partial class AlertApiJson : JsonSerializerContext;
