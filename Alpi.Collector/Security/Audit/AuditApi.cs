using System.Globalization;
using Alpi.Collector.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Alpi.Collector.Api.ApiParameters;

namespace Alpi.Collector.Security.Audit;

/// <summary>
/// <c>GET /api/security/audit?limit=100&amp;actor=&amp;category=&amp;action=&amp;from=ISO&amp;to=ISO</c>: the audit log,
/// newest first (<see cref="AuditEntryDto"/> list), for administrators and the DPO. <c>limit</c> 1–10,000 (default 100);
/// <c>from</c> inclusive, <c>to</c> exclusive. A bad parameter answers 400 <c>{"error","parameter"}</c>. Reading the log
/// is itself audited (it names people and their addresses).
/// </summary>
public static class AuditApi
{
    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapAlpiAuditApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/security/audit", async (HttpContext http, AuditLog audit) =>
        {
            var query = http.Request.Query;
            var limit = 100;
            if (query["limit"].ToString() is { Length: > 0 } limitText
                && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > AuditLog.MaxLimit))
            {
                return BadRequest($"limit must be an integer from 1 to {AuditLog.MaxLimit}", "limit");
            }

            if (!TryTime(query["from"], out var from))
            {
                return BadRequest("from must be an ISO-8601 time (2026-11-29T10:00:00Z)", "from");
            }

            if (!TryTime(query["to"], out var to))
            {
                return BadRequest("to must be an ISO-8601 time (2026-11-29T11:00:00Z)", "to");
            }

            var entries = await audit.ListAsync(new AuditQuery(limit, Optional(query["actor"]), Optional(query["category"]), Optional(query["action"]), from, to), http.RequestAborted);
            return Results.Json<IReadOnlyList<AuditEntryDto>>(entries.Select(AuditEntryDto.From).ToList(), SecurityJsonContext.Default.IReadOnlyListAuditEntryDto);
        }).WithQueryParameters("limit", "from", "to", "actor", "category", "action"); // a typo'd filter must not return the whole log
        return endpoints;
    }
}
