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
/// <item>a request to an endpoint serving personal data (<see cref="PersonalDataMetadata"/>), any method, before it is
/// served: category <c>personal-data</c>, outcome <c>served</c>. If the entry cannot be written the request is refused
/// (503): no personal data leaves unaudited;</item>
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
                try
                {
                    await audit.WriteAsync(new AuditEntry(actor.Name, actor.Address, AuditCategories.PersonalData, action, target, "served", null), http.RequestAborted);
                }
                catch (SqliteException e)
                {
                    statistics.AuditFailure();
                    Log.WriteFailed(logger, action, actor.Name, e.Message);
                    await SecurityResponses.WriteErrorAsync(http.Response, StatusCodes.Status503ServiceUnavailable,
                        Refusal.Of(RefusalCodes.AccessAuditUnavailable, "the audit log cannot be written, so personal data is not served; see the collector's log"), null);
                    return;
                }

                await next(http);
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
