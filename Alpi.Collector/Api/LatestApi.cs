using System.Text.Json;
using System.Text.Json.Serialization;
using Alpi.Collector.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Alpi.Collector.Api.ApiParameters;

namespace Alpi.Collector.Api;

/// <summary>
/// <c>GET /api/latest?host=H&amp;tenant=T&amp;measurement=M&amp;field=F&amp;window=10m&amp;tag.KEY=VALUE</c>: the current value
/// of every matching series — its last value within <c>window</c> (default <see cref="DefaultWindow"/>, 1 s to
/// <see cref="MaxWindow"/>) — for the dashboard's current values, SNMP device states (<c>measurement=snmp_poll&amp;field=up</c>)
/// and Wi-Fi terminals (<c>measurement=hotspot_terminal</c>). At least <c>host</c> or <c>measurement</c> is required.
/// Answer: <c>{"resolutionSeconds":10,"series":[{"measurement","field","tags":{…},"at":ISO|null,"value":1.5|null}]}</c>,
/// sorted by measurement, field, then tags; a series with no point in the window has <c>at</c> and <c>value</c> null.
/// <c>at</c> is the start of the step holding the last value: steps are <c>window</c>/60 wide (at least 1 s), which is
/// <c>resolutionSeconds</c>. Read with <see cref="ITimeSeriesStore.LastValuesAsync"/>: one store query for every series
/// on DuckDB, one per measurement on InfluxDB.
/// The answer carries an <c>ETag</c>; a request whose <c>If-None-Match</c> names it gets 304 with no body.
/// Errors: 400 <c>{"error","parameter"}</c>.
/// </summary>
public static class LatestApi
{
    /// <summary>Window when none is given.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(10);

    /// <summary>Largest window.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(7);

    /// <summary>Steps per window: the resolution of <c>at</c> is the window divided by this.</summary>
    public const int StepsPerWindow = 60;

    /// <summary>Maps <c>GET /api/latest</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    public static IEndpointRouteBuilder MapAlpiLatestApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/latest", async (HttpContext http, ITimeSeriesStore store, TimeProvider time) =>
        {
            var q = http.Request.Query;
            string? host = Optional(q["host"]), tenant = Optional(q["tenant"]), measurement = Optional(q["measurement"]), field = Optional(q["field"]);
            if (host is null && measurement is null)
            {
                return BadRequest("host or measurement is required (every series of every host is too much for one answer)", "host");
            }

            var window = DefaultWindow;
            var windowText = q["window"].ToString();
            if (windowText.Length > 0 && (!QueryRequest.TryParseDuration(windowText, out window) || window < TimeSpan.FromSeconds(1) || window > MaxWindow))
            {
                return BadRequest($"window \"{windowText}\" must be a duration from 1s to 7d such as 90s, 10m, 1h", "window");
            }

            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in q)
            {
                if (key.StartsWith("tag.", StringComparison.Ordinal) && key.Length > 4)
                {
                    tags[key[4..]] = value.ToString();
                }
            }

            var now = time.GetUtcNow();
            var step = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(window.TotalSeconds / StepsPerWindow)));
            var to = QueryRequest.ToNs(now) + TimeSpan.TicksPerSecond * 100; // one second ahead: a point stamped "now" is in
            var from = QueryRequest.ToNs(now - window);
            var series = (measurement is null ? store.ListSeries(tenant, host) : store.ListSeries(tenant, host, measurement))
                .Where(s => (field is null || s.Field == field)
                    && tags.All(f => s.Tags.TryGetValue(f.Key, out var v) && v == f.Value))
                .ToList();
            // One store query for all of them (one per measurement on InfluxDB), not one per measurement and field.
            var latest = await store.LastValuesAsync(series, from, to, step.Ticks * 100, http.RequestAborted);

            var answer = new LatestDto((long)step.TotalSeconds, series
                .OrderBy(s => s.Measurement, StringComparer.Ordinal).ThenBy(s => s.Field, StringComparer.Ordinal).ThenBy(s => TagText(s.Tags), StringComparer.Ordinal)
                .Select(s => latest.TryGetValue(s.Id, out var p)
                    ? new LatestSeriesDto(s.Measurement, s.Field, s.Tags, QueryRequest.FromNs(p.TimestampNs), p.Value)
                    : new LatestSeriesDto(s.Measurement, s.Field, s.Tags, null, null))
                .ToList());
            return ConditionalJson.Result(http, JsonSerializer.SerializeToUtf8Bytes(answer, LatestApiJson.Default.LatestDto));
        }).WithQueryParameters("measurement", "field", "host", "tenant", "window", "tag.");
        return endpoints;
    }

    private static string TagText(IReadOnlyDictionary<string, string> tags) =>
        string.Join('\0', tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key + "=" + t.Value));
}

/// <summary>The answer of <c>GET /api/latest</c>.</summary>
/// <param name="ResolutionSeconds">Width of the steps, in seconds: the precision of each <c>at</c>.</param>
/// <param name="Series">One entry per matching series.</param>
public sealed record LatestDto(long ResolutionSeconds, IReadOnlyList<LatestSeriesDto> Series);

/// <summary>The current value of one series.</summary>
/// <param name="Measurement">Measurement name.</param>
/// <param name="Field">Field key.</param>
/// <param name="Tags">All tags, including tenant and host.</param>
/// <param name="At">Start of the step of the last value (ISO-8601 UTC), or null when none in the window.</param>
/// <param name="Value">The last value (booleans as 1 and 0), or null when none in the window.</param>
public sealed record LatestSeriesDto(string Measurement, string Field, IReadOnlyDictionary<string, string> Tags, DateTimeOffset? At, double? Value);

/// <summary>Source-generated JSON of <see cref="LatestApi"/> (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LatestDto))]
internal sealed partial class LatestApiJson : JsonSerializerContext;
