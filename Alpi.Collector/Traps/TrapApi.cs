using System.Globalization;
using Alpi.Collector.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Alpi.Collector.Api.ApiParameters;

namespace Alpi.Collector.Traps;

/// <summary>
/// <c>GET /api/events?host=&amp;tenant=&amp;from=&amp;to=&amp;limit=</c>: stored trap events, newest first, as a JSON list of
/// <see cref="TrapEvent"/>. <c>host</c> is the device name; <c>from</c>/<c>to</c> are ISO-8601 times (<c>to</c>
/// exclusive, <c>from</c> before <c>to</c> when both are given); <c>limit</c> defaults to 100, at most 10,000. A bad parameter
/// answers 400, an RFC 9457 problem naming it.
/// </summary>
public static class TrapApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 10_000;

    /// <summary>Maps <c>GET /api/events</c>.</summary>
    public static IEndpointRouteBuilder MapAlpiTrapApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/events", async (HttpContext http, TrapEventStore store) =>
        {
            var query = http.Request.Query;
            if (!TryTime(query["from"], out var from))
            {
                return BadRequest("from must be an ISO-8601 time (2026-11-29T10:00:00Z)", "from");
            }

            if (!TryTime(query["to"], out var to))
            {
                return BadRequest("to must be an ISO-8601 time (2026-11-29T11:00:00Z)", "to");
            }

            if (from >= to)
            {
                return BadRequest("from must be before to", "from");
            }

            var limit = DefaultLimit;
            var limitText = query["limit"].ToString();
            if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            {
                return BadRequest($"limit must be an integer from 1 to {MaxLimit}", "limit");
            }

            await store.InitializeAsync(http.RequestAborted);
            var events = await store.QueryAsync(Optional(query["tenant"]), Optional(query["host"]), from, to, limit, http.RequestAborted);
            return Results.Json(events, TrapJsonContext.Default.IReadOnlyListTrapEvent);
        }).WithQueryParameters("host", "tenant", "from", "to", "limit");
        return endpoints;
    }
}
