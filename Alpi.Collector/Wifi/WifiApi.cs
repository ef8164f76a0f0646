using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Alpi.Collector.Api;
using Alpi.HotspotController.LegalLog;
using Alpi.HotspotController.Sessions;
using Alpi.Protocols.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Wifi;

/// <summary>
/// The Wi-Fi view's endpoints besides the terminals' figures (which are plain metrics, <c>/api/latest</c>):
/// <list type="bullet">
/// <item><c>GET /api/wifi/map</c>: <c>{"tilesUrl":null|"https://…/{z}/{x}/{y}.png","attribution":null|"…"}</c>, the
/// map settings (<see cref="CollectorDashboardOptions"/>);</item>
/// <item><c>GET /api/wifi/sessions/search?nas=&amp;from=&amp;to=&amp;user=&amp;mac=&amp;ip=&amp;limit=</c>: the sessions of the
/// bundled controller's connection log (<see cref="WifiSessionSearch"/>) that overlap [<c>from</c>, <c>to</c>] (ISO-8601,
/// no offset meaning UTC) and match each of terminal, account (login or User-Name, any case), MAC (any spelling) and IP
/// given; at least one criterion is required (no listing of everyone). <c>limit</c> 1–1000, default 200. Answer
/// <c>{"sessions":[{"nas","acctSessionId","userName","account","mac","ip","startedAt","updatedAt","stoppedAt"|null,
/// "inputOctets","outputOctets","terminateCause"|null}],"truncated":false}</c>, oldest start first; <c>truncated</c> when
/// more matched than <c>limit</c>. Personal data: the access table lets only the data-protection officer in, and each
/// call is written to the audit log, criteria included, before it is served. 400 <c>{"error","parameter"}</c> for a bad
/// or missing criterion; 503 when no hotspot controller runs in the collector's process.</item>
/// </list>
/// </summary>
public static class WifiApi
{
    /// <summary>Maps the two endpoints.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    public static IEndpointRouteBuilder MapAlpiWifiApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/wifi/map", (IOptions<CollectorOptions> options) =>
        {
            var dashboard = options.Value.Dashboard;
            return Results.Json(new WifiMapDto(string.IsNullOrWhiteSpace(dashboard.MapTilesUrl) ? null : dashboard.MapTilesUrl,
                string.IsNullOrWhiteSpace(dashboard.MapAttribution) ? null : dashboard.MapAttribution), WifiJsonContext.Default.WifiMapDto);
        });

        endpoints.MapGet("/api/wifi/sessions/search", async (HttpContext http, WifiSessionSearch search) =>
        {
            var q = http.Request.Query;
            if (!ConnectionLogCriteria.TryRead(q["from"], q["to"], q["ip"], q["mac"], q["user"], q["nas"], out var criteria, out var error))
            {
                return ApiParameters.BadRequest(error, error.Sentence[..error.Sentence.IndexOf(':', StringComparison.Ordinal)]);
            }

            if (criteria is { From: null, To: null, Ip: null, Mac: null, Account: null, Nas: null })
            {
                return ApiParameters.BadRequest(Refusal.Of(RefusalCodes.WifiSearchCriterion, "give at least a terminal (nas), a period (from, to), a user, a MAC or an IP address"), "nas");
            }

            var limit = WifiSessionSearch.DefaultLimit;
            var limitText = q["limit"].ToString();
            if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > WifiSessionSearch.MaxLimit))
            {
                return ApiParameters.BadRequest(Refusal.Of(RefusalCodes.WifiSearchLimit, $"limit \"{limitText}\" must be a whole number from 1 to {WifiSessionSearch.MaxLimit}",
                    ("value", limitText), ("max", WifiSessionSearch.MaxLimit)), "limit");
            }

            if (!search.IsAvailable)
            {
                return ApiProblems.Result(StatusCodes.Status503ServiceUnavailable, Refusal.Of(RefusalCodes.WifiSearchUnavailable,
                    "no hotspot controller runs in the collector process (--Hotspot:Enabled=false, or the collector was started on its own): search its sessions with its own administration API"), null);
            }

            var sessions = await search.SearchAsync(criteria, limit, http.RequestAborted);
            return Results.Json(new WifiSessionsDto(sessions.Take(limit).Select(WifiSessionDto.From).ToList(), sessions.Count > limit), WifiJsonContext.Default.WifiSessionsDto);
        }).WithQueryParameters("from", "to", "ip", "mac", "user", "nas", "limit"); // a typo'd or repeated criterion must not widen or empty the search
        return endpoints;
    }
}

/// <summary>The answer of <c>GET /api/wifi/map</c>.</summary>
/// <param name="TilesUrl">The tile URL template, or null for a plain background.</param>
/// <param name="Attribution">The tiles' attribution, or null.</param>
public sealed record WifiMapDto(string? TilesUrl, string? Attribution);

/// <summary>The answer of <c>GET /api/wifi/sessions/search</c>.</summary>
/// <param name="Sessions">The sessions, oldest start first.</param>
/// <param name="Truncated">True when more sessions matched than the limit.</param>
public sealed record WifiSessionsDto(IReadOnlyList<WifiSessionDto> Sessions, bool Truncated);

/// <summary>One Wi-Fi session of the connection log (<see cref="HotspotSession"/>).</summary>
/// <param name="Nas">The terminal (NAS client name).</param>
/// <param name="AcctSessionId">Acct-Session-Id (RFC 2866 §5.5).</param>
/// <param name="UserName">User-Name as the terminal sent it, or null.</param>
/// <param name="Account">The account's login, or null.</param>
/// <param name="Mac">The device's MAC (canonical form), or null.</param>
/// <param name="Ip">Framed-IP-Address, or null.</param>
/// <param name="StartedAt">Start, ISO-8601 UTC.</param>
/// <param name="UpdatedAt">Last accounting message, ISO-8601 UTC.</param>
/// <param name="StoppedAt">Stop, or null while open.</param>
/// <param name="InputOctets">Octets from the device.</param>
/// <param name="OutputOctets">Octets to the device.</param>
/// <param name="TerminateCause">Acct-Terminate-Cause name (RFC 2866 §5.10), or null.</param>
public sealed record WifiSessionDto(string Nas, string AcctSessionId, string? UserName, string? Account, string? Mac, string? Ip,
    DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, DateTimeOffset? StoppedAt, long InputOctets, long OutputOctets, string? TerminateCause)
{
    /// <summary>The DTO of a stored session.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is null.</exception>
    public static WifiSessionDto From(HotspotSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new(session.Nas, session.AcctSessionId, session.UserName, session.AccountLogin, session.Mac, session.FramedIp,
            DateTimeOffset.FromUnixTimeMilliseconds(session.StartedUnixMs), DateTimeOffset.FromUnixTimeMilliseconds(session.UpdatedUnixMs),
            session.StoppedUnixMs is { } stopped ? DateTimeOffset.FromUnixTimeMilliseconds(stopped) : null,
            session.InputOctets, session.OutputOctets, session.TerminateCause);
    }
}

/// <summary>Source-generated JSON of <see cref="WifiApi"/> (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WifiMapDto))]
[JsonSerializable(typeof(WifiSessionsDto))]
internal sealed partial class WifiJsonContext : JsonSerializerContext;
