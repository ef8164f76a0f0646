using Alpi.Collector.Security.Authorization;
using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Security.Audit;

/// <summary>
/// Writes the audit entries of authorized API requests, after authorization:
/// <list type="bullet">
/// <item>a request to an endpoint serving personal data (<see cref="PersonalDataMetadata"/>), any method: category
/// <c>personal-data</c>, written once the endpoint has answered but before its answer leaves (the answer is held in
/// memory until then), with the outcome it had: <c>served</c> for a 2xx answer; <c>refused</c> for any other, its
/// details <c>STATUS CODE: SENTENCE</c> from the problem (<c>400 wifi.search.range: from: … is after to (…)</c>; the
/// code left out when the problem has none); <c>failed</c> when the endpoint threw. If the entry of an answer to be
/// served cannot be written, the answer is dropped and the request refused (503): no personal data leaves
/// unaudited; a request to such an endpoint that access control refuses (403: the role or the token's scope does not
/// allow it, answered before this middleware runs) is written as <c>refused</c> too, by <see cref="RefusedByAccessAsync"/>,
/// before the 403 leaves;</item>
/// <item>any other state-changing request (not GET, HEAD, OPTIONS) of a signed-in user or token, after it is served:
/// category <c>administration</c>, outcome the status code; a failed write is logged and counted.</item>
/// </list>
/// The action is the method and route template (<c>POST /api/alerts/{id}/ack</c>), the target the path and query.
/// Endpoints that audit themselves (<see cref="SelfAuditedMetadata"/>: login, logout, accounts) are skipped.
/// </summary>
public static partial class AuditMiddleware
{
    /// <summary>Adds the middleware (after authorization).</summary>
    public static IApplicationBuilder UseAlpiAudit(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var statistics = app.ApplicationServices.GetRequiredService<SecurityStatistics>();
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuditMiddleware));
        return app.Use(async (http, next) =>
        {
            var endpoint = http.GetEndpoint();
            if (endpoint is null || endpoint.Metadata.GetMetadata<SelfAuditedMetadata>() is not null || http.User.Identity?.IsAuthenticated != true)
            {
                await next(http);
                return;
            }

            // Resolved per request, not while the pipeline is built: the store needs the validated options, and a bad
            // configuration must be reported by the configuration check, not thrown from here.
            var audit = http.RequestServices.GetRequiredService<AuditLog>();

            var actor = HttpActor.Of(http);
            var action = $"{http.Request.Method} {new RoutePatternText((endpoint as RouteEndpoint)?.RoutePattern.RawText).Text}";
            var target = http.Request.Path + http.Request.QueryString;
            if (endpoint.Metadata.GetMetadata<PersonalDataMetadata>() is not null)
            {
                await ServePersonalDataAsync(http, next, audit, new AuditEntry(actor.Name, actor.Address, AuditCategories.PersonalData, action, target, Served, null), statistics, logger);
                return;
            }

            await next(http);
            if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method))
            {
                return;
            }

            try
            {
                await audit.WriteAsync(new AuditEntry(actor.Name, actor.Address, AuditCategories.Administration, action, target,
                    http.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), null), CancellationToken.None);
            }
            catch (SqliteException e)
            {
                statistics.AuditFailure();
                Log.WriteFailed(logger, action, actor.Name, e.Message);
            }
        });
    }

    /// <summary>The outcome of a personal-data request whose answer was served (2xx).</summary>
    public const string Served = "served";

    /// <summary>The outcome of a personal-data request the endpoint refused (any answer but 2xx): nothing was served.</summary>
    public const string Refused = "refused";

    /// <summary>The outcome of a personal-data request whose endpoint threw: nothing was served.</summary>
    public const string Failed = "failed";

    /// <summary>
    /// Runs a personal-data endpoint with its answer held in memory, writes <paramref name="entry"/> with the outcome
    /// the answer had, then lets the answer go; or, when the entry of an answer to be served cannot be written, drops
    /// it and answers 503 (<see cref="RefusalCodes.AccessAuditUnavailable"/>).
    /// </summary>
    private static async Task ServePersonalDataAsync(HttpContext http, RequestDelegate next, AuditLog audit, AuditEntry entry,
        SecurityStatistics statistics, ILogger logger)
    {
        var body = http.Response.Body;
        using var held = new MemoryStream();
        http.Response.Body = held;
        try
        {
            await next(http);
        }
        catch
        {
            http.Response.Body = body;
            await TryWriteAsync(audit, entry with { Outcome = Failed }, statistics, logger);
            throw;
        }
        finally
        {
            http.Response.Body = body;
        }

        var status = http.Response.StatusCode;
        if (status is >= 200 and < 300)
        {
            if (!await TryWriteAsync(audit, entry, statistics, logger))
            {
                http.Response.Clear();
                await SecurityResponses.WriteErrorAsync(http.Response, StatusCodes.Status503ServiceUnavailable,
                    Refusal.Of(RefusalCodes.AccessAuditUnavailable, "the audit log cannot be written, so personal data is not served; see the collector's log"), null);
                return;
            }
        }
        else
        {
            // Nothing personal is served: a failed write is logged and counted, and the refusal goes out all the same.
            await TryWriteAsync(audit, entry with { Outcome = Refused, Details = RefusalDetails(status, held) }, statistics, logger);
        }

        held.Position = 0;
        await held.CopyToAsync(body, http.RequestAborted);
    }

    /// <summary>
    /// Writes the entry of a request to a personal-data endpoint (<see cref="PersonalDataMetadata"/>) that access
    /// control refused to a signed-in user or a token (403: the role or the scope does not allow it), before the refusal
    /// is answered: category <c>personal-data</c>, outcome <see cref="Refused"/>, details <c>STATUS CODE: SENTENCE</c>
    /// (<c>403 access.role: your role (technician) does not allow this</c>). Nothing is written for another endpoint or
    /// an unauthenticated request (401); a failed write is logged and counted, and the refusal goes out all the same.
    /// </summary>
    /// <param name="http">The refused request.</param>
    /// <param name="status">The status answered (403).</param>
    /// <param name="code">The refusal's code (<see cref="RefusalCodes.AccessRole"/>), or null.</param>
    /// <param name="detail">The refusal's sentence, as answered.</param>
    internal static async Task RefusedByAccessAsync(HttpContext http, int status, string? code, string detail)
    {
        var endpoint = http.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<PersonalDataMetadata>() is null || http.User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var services = http.RequestServices;
        var actor = HttpActor.Of(http);
        var action = $"{http.Request.Method} {new RoutePatternText((endpoint as RouteEndpoint)?.RoutePattern.RawText).Text}";
        await TryWriteAsync(services.GetRequiredService<AuditLog>(),
            new AuditEntry(actor.Name, actor.Address, AuditCategories.PersonalData, action, http.Request.Path + http.Request.QueryString, Refused,
                RefusalDetails(status, code, detail)),
            services.GetRequiredService<SecurityStatistics>(), services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuditMiddleware)));
    }

    /// <summary>
    /// <c>STATUS CODE: SENTENCE</c> of a refusal, from its RFC 9457 problem (<c>code</c>, <c>detail</c>):
    /// <c>400 wifi.search.range: from: … is after to (…)</c>; <c>STATUS: SENTENCE</c> without a code, <c>STATUS</c> alone
    /// for an answer that is not a problem.
    /// </summary>
    internal static string RefusalDetails(int status, MemoryStream answer)
    {
        var statusText = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string? code = null, detail = null;
        try
        {
            using var problem = System.Text.Json.JsonDocument.Parse(answer.GetBuffer().AsMemory(0, (int)answer.Length));
            if (problem.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                code = problem.RootElement.TryGetProperty("code", out var c) && c.ValueKind == System.Text.Json.JsonValueKind.String ? c.GetString() : null;
                detail = problem.RootElement.TryGetProperty("detail", out var d) && d.ValueKind == System.Text.Json.JsonValueKind.String ? d.GetString() : null;
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not a problem (an empty or non-JSON answer): the status alone.
        }

        return RefusalDetails(status, code, detail);
    }

    /// <summary><c>STATUS CODE: SENTENCE</c>, <c>STATUS: SENTENCE</c> without a code, <c>STATUS CODE</c> or <c>STATUS</c> without a sentence.</summary>
    internal static string RefusalDetails(int status, string? code, string? detail)
    {
        var statusText = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (code, detail) switch
        {
            ({ } c, { } d) => $"{statusText} {c}: {d}",
            (null, { } d) => $"{statusText}: {d}",
            ({ } c, null) => $"{statusText} {c}",
            _ => statusText,
        };
    }

    private static async Task<bool> TryWriteAsync(AuditLog audit, AuditEntry entry, SecurityStatistics statistics, ILogger logger)
    {
        try
        {
            await audit.WriteAsync(entry, CancellationToken.None);
            return true;
        }
        catch (SqliteException e)
        {
            statistics.AuditFailure();
            Log.WriteFailed(logger, entry.Action, entry.Actor, e.Message);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Audit entry for {Action} by {Actor} could not be written: {Reason}")]
        public static partial void WriteFailed(ILogger logger, string action, string actor, string reason);
    }
}

/// <summary>Endpoint metadata: the endpoint writes its own audit entries, so <see cref="AuditMiddleware"/> adds none.</summary>
public sealed class SelfAuditedMetadata
{
    /// <summary>The one instance.</summary>
    public static SelfAuditedMetadata Instance { get; } = new();

    private SelfAuditedMetadata()
    {
    }
}
