using System.Text.Json;
using Alpi.Collector.Administration;
using Alpi.Collector.Alerting.Api;
using Alpi.Collector.Broker.Authentication;
using Alpi.Collector.Ingest;
using Alpi.Collector.Inventory;
using Alpi.Collector.Storage;
using Alpi.Collector.Traps;
using Alpi.Collector.Wifi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Api;

/// <summary>
/// The collector's HTTP API (JSON, camelCase), documented in the README:
/// <c>GET /api/hosts</c>, <c>GET /api/series?host=H</c>, <c>GET /api/query?…</c> (see <see cref="QueryRequest"/>),
/// <c>GET /healthz</c>, <c>GET /api/events?…</c> (see <see cref="TrapApi"/>), <c>/api/alerts…</c> (see <see cref="AlertApi"/>), <c>GET /api/live</c> (see <see cref="LiveApi"/>), <c>GET /api/latest</c> (see <see cref="LatestApi"/>), <c>/api/admin/…</c> (see <see cref="AdministrationApi"/>), <c>/api/wifi/…</c> (see <see cref="WifiApi"/>). Bad parameters answer 400 as an RFC 9457 problem (<c>application/problem+json</c>, <see cref="ApiProblems"/>) that keeps the members <c>{"error":…, "parameter":…}</c>.
/// </summary>
public static class CollectorApi
{
    /// <summary>Maps the API endpoints.</summary>
    public static IEndpointRouteBuilder MapAlpiCollectorApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/hosts", (HostInventory inventory) =>
            Results.Json<IReadOnlyList<HostDto>>(inventory.List().Select(ToDto).ToList(), ApiJsonContext.Default.IReadOnlyListHostDto)).WithQueryParameters();

        endpoints.MapGet("/api/series", (string? host, string? tenant, ITimeSeriesStore store) =>
            Results.Json<IReadOnlyList<SeriesDto>>(
                store.ListSeries(string.IsNullOrEmpty(tenant) ? null : tenant, string.IsNullOrEmpty(host) ? null : host)
                    .Select(s => new SeriesDto(s.Measurement, s.Field, s.Tags)).ToList(),
                ApiJsonContext.Default.IReadOnlyListSeriesDto)).WithQueryParameters("host", "tenant");

        endpoints.MapGet("/api/query", async (HttpContext http, ITimeSeriesStore store, TimeProvider time) =>
        {
            var query = QueryRequest.TryParse(http.Request.Query, time.GetUtcNow(), out var fields, out var error);
            if (query is null)
            {
                return ApiParameters.BadRequest(error!.Error, error.Parameter);
            }

            if (fields.Count == 1)
            {
                var result = await store.QueryAsync(query, http.RequestAborted);
                return Results.Json(new QueryResultDto(result.Select(ToDto).ToList()), ApiJsonContext.Default.QueryResultDto);
            }

            // Several fields: one store read, the answer grouped by field in the request's order.
            var all = await store.QueryFieldsAsync(query, fields, http.RequestAborted);
            var byField = all.ToLookup(s => s.Series.Field, StringComparer.Ordinal);
            return Results.Json(new QueryFieldsResultDto(fields.Select(f => new QueryFieldDto(f, byField[f].Select(ToDto).ToList())).ToList()),
                ApiJsonContext.Default.QueryFieldsResultDto);
        }).WithQueryParameters(["measurement", "field", "host", "tenant", "from", "to", "step", "agg", "tag."], repeatable: ["field"]);

        endpoints.MapGet("/healthz", (MqttIngestService ingest, IngestStatistics statistics, TrapStatistics traps, Alerting.AlertingService alerting,
            BrokerSecurityStatistics brokerSecurity, BrokerAccessPolicy brokerPolicy, SeriesRegistry registry, Limits.HttpLimitStatistics http, StoreAvailability storeAvailability, Ingest.Journal.IngestJournal journal, Storage.Retention.RollupStatistics rollup, IOptions<CollectorOptions> options) =>
        {
            var o = options.Value;
            var limits = new LimitsDto(o.Broker.MaxPayloadBytes, statistics.OversizedMessages, o.Ingest.MaxLineBytes, statistics.LinesTooLong,
                registry.MaxSeriesPerHost, registry.RefusedValues, [.. registry.HostsAtLimit().Take(100)], registry.RefusedByHost,
                o.Http.MaxRequestBodyBytes, o.Http.MaxSmallRequestBodyBytes, http.BodiesTooLarge);
            var ok = ingest.IsConnected && storeAvailability.IsOpen;
            var health = new HealthDto(ok ? "ok" : "degraded", ingest.IsConnected,
                registry.Count, statistics.PointsStored, statistics.StoreWrites, statistics.MalformedLines, statistics.RejectedMessages, traps.ToDto(),
                alerting.Status(), brokerSecurity.ToDto(o.Broker, brokerPolicy.FileUsers), limits, storeAvailability.ToDto(),
                Ingest.Journal.JournalStatusDto.Of(journal, statistics), rollup.ToDto());
            return Results.Json(health, ApiJsonContext.Default.HealthDto, statusCode: ok ? 200 : 503);
        });
        endpoints.MapAlpiTrapApi();
        endpoints.MapAlpiAlertApi();
        endpoints.MapAlpiLiveApi();
        endpoints.MapAlpiLatestApi();
        endpoints.MapAlpiAdministrationApi();
        endpoints.MapAlpiWifiApi();
        return endpoints;
    }

    /// <summary>One series of a query answer: its tags and <c>[ISO-8601 step start (UTC, 100 ns), value]</c> pairs.</summary>
    private static QuerySeriesDto ToDto(SeriesPoints s) => new(s.Series.Tags,
        s.Points.Select(p => new object[] { QueryRequest.FromNs(p.TimestampNs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture), p.Value }).ToList());

    /// <summary>One host as <c>GET /api/hosts</c> gives it (an unreadable stored inventory becomes null).</summary>
    internal static HostDto ToDto(HostRecord h)
    {
        JsonElement? inventory = null;
        if (h.InventoryJson is not null)
        {
            try
            {
                using var document = JsonDocument.Parse(h.InventoryJson);
                inventory = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // Stored as received; an unreadable inventory is simply not shown.
            }
        }

        return new HostDto(h.Tenant, h.Host, h.Status, h.LastSeen, inventory, h.MalformedLines, SiteOf(inventory));
    }

    /// <summary>
    /// The inventory's <c>site</c> when it is a non-empty string of at most 64 characters (the agent's limit,
    /// <c>Agent:Site</c>), else null: an other publisher's odd value is not shown rather than trusted.
    /// </summary>
    private static string? SiteOf(JsonElement? inventory)
    {
        const int maxSiteLength = 64;
        return inventory is { ValueKind: JsonValueKind.Object } root
            && root.TryGetProperty("site", out var site)
            && site.ValueKind == JsonValueKind.String
            && site.GetString() is { Length: > 0 and <= maxSiteLength } value
            && !string.IsNullOrWhiteSpace(value)
            ? value
            : null;
    }
}
