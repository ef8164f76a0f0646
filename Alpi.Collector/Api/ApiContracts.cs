using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alpi.Collector.Api;

/// <summary>One entry of <c>GET /api/hosts</c>.</summary>
/// <param name="Tenant">The member body.</param>
/// <param name="Host">The host.</param>
/// <param name="Status"><c>online</c>, <c>offline</c> or <c>unknown</c>.</param>
/// <param name="LastSeen">When the host last sent something, ISO-8601 UTC.</param>
/// <param name="Inventory">The birth message's inventory (hostname, os, kernel, agentVersion, ipAddresses), or null.</param>
/// <param name="MalformedLines">Rejected line-protocol lines since the collector started.</param>
/// <param name="Site">
/// The site the agent declared in its birth message (<c>Agent:Site</c>, the inventory's <c>site</c>), or null when it
/// declared none (or sent no readable inventory). The dashboard counts the SNMP devices an agent polls on its site.
/// </param>
public sealed record HostDto(string Tenant, string Host, string Status, DateTimeOffset LastSeen, JsonElement? Inventory, long MalformedLines, string? Site);

/// <summary>One entry of <c>GET /api/series</c>.</summary>
/// <param name="Measurement">Measurement name.</param>
/// <param name="Field">Field key.</param>
/// <param name="Tags">All tags, including tenant and host.</param>
public sealed record SeriesDto(string Measurement, string Field, IReadOnlyDictionary<string, string> Tags);

/// <summary>The answer of <c>GET /api/query</c>.</summary>
/// <param name="Series">One entry per matching series.</param>
public sealed record QueryResultDto(IReadOnlyList<QuerySeriesDto> Series);

/// <summary>
/// The answer of <c>GET /api/query</c> asking several fields (<c>field</c> repeated): one entry per field, in the
/// request's order, each as a one-field answer.
/// </summary>
/// <param name="Fields">The fields asked.</param>
public sealed record QueryFieldsResultDto(IReadOnlyList<QueryFieldDto> Fields);

/// <summary>One field of a several-field query answer.</summary>
/// <param name="Field">The field key, as asked.</param>
/// <param name="Series">One entry per matching series of that field (none when no series has it).</param>
public sealed record QueryFieldDto(string Field, IReadOnlyList<QuerySeriesDto> Series);

/// <summary>One series of a query answer.</summary>
/// <param name="Tags">The series' tags.</param>
/// <param name="Points">Pairs <c>[ISO-8601 step start, value]</c>, in time order.</param>
public sealed record QuerySeriesDto(IReadOnlyDictionary<string, string> Tags, IReadOnlyList<object[]> Points);

/// <summary>The answer of <c>GET /healthz</c>.</summary>
/// <param name="Status"><c>ok</c> when the broker connection is up and the time-series store open, else <c>degraded</c> (HTTP 503).</param>
/// <param name="BrokerConnected">True while the ingest client is connected.</param>
/// <param name="Series">Number of series in the store.</param>
/// <param name="PointsStored">Points stored since start.</param>
/// <param name="StoreWrites">Store transactions since start.</param>
/// <param name="MalformedLines">Rejected lines since start.</param>
/// <param name="RejectedMessages">MQTT messages rejected whole since start (bad topic, oversized, unreadable status).</param>
/// <param name="Traps">The SNMP trap receiver's counters.</param>
/// <param name="Alerting">The alert engine: rule file (and the errors of a rejected one), evaluations, open alerts, notifications.</param>
/// <param name="Broker">The embedded broker's security: authentication and TLS on or off, refused connections, publications, subscriptions and deliveries.</param>
/// <param name="Limits">The size limits and what each refused since start.</param>
/// <param name="Store">The time-series store: open, or still being opened (InfluxDB unreachable at start), with where and why.</param>
/// <param name="Journal">The embedded broker's ingest journal: messages acknowledged after their fsync, fsyncs, points not yet stored.</param>
/// <param name="Rollup">The rollup job: runs, failures and the last one's reason, what it wrote, deleted and merged, how far it has rolled up.</param>
public sealed record HealthDto(string Status, bool BrokerConnected, int Series, long PointsStored, long StoreWrites, long MalformedLines, long RejectedMessages, Traps.TrapStatisticsDto Traps,
    Alerting.AlertingStatus? Alerting = null, Broker.Authentication.BrokerStatusDto? Broker = null, LimitsDto? Limits = null, Storage.StoreStatusDto? Store = null,
    Ingest.Journal.JournalStatusDto? Journal = null, Storage.Retention.RollupStatusDto? Rollup = null);

/// <summary>The size limits in <c>/healthz</c> (<c>limits</c>): each limit's setting and what it refused since start.</summary>
/// <param name="MaxPayloadBytes"><c>Collector:Broker:MaxPayloadBytes</c>, octets.</param>
/// <param name="OversizedMessages">MQTT messages refused for a larger payload.</param>
/// <param name="MaxLineBytes"><c>Collector:Ingest:MaxLineBytes</c>, octets.</param>
/// <param name="LinesTooLong">Line-protocol lines refused unread for a greater length (also counted in <c>malformedLines</c>).</param>
/// <param name="MaxSeriesPerHost"><c>Collector:Ingest:MaxSeriesPerHost</c>.</param>
/// <param name="SeriesRefusedValues">Field values refused because their new series would have passed a host's cap.</param>
/// <param name="HostsAtSeriesLimit">The hosts (<c>tenant/host</c>) that have reached the cap (at most 100 listed).</param>
/// <param name="SeriesRefusedByHost">Refused field values per <c>tenant/host</c>.</param>
/// <param name="MaxRequestBodyBytes"><c>Collector:Http:MaxRequestBodyBytes</c>, octets.</param>
/// <param name="MaxSmallRequestBodyBytes"><c>Collector:Http:MaxSmallRequestBodyBytes</c>, octets (login, acknowledgements, silences, maintenance).</param>
/// <param name="HttpBodiesTooLarge">HTTP requests answered 413.</param>
public sealed record LimitsDto(int MaxPayloadBytes, long OversizedMessages, int MaxLineBytes, long LinesTooLong, int MaxSeriesPerHost, long SeriesRefusedValues,
    IReadOnlyList<string> HostsAtSeriesLimit, IReadOnlyDictionary<string, long> SeriesRefusedByHost, long MaxRequestBodyBytes, long MaxSmallRequestBodyBytes, long HttpBodiesTooLarge);

/// <summary>
/// A request error found while reading the parameters (<see cref="QueryRequest"/>): what was wrong and with which
/// parameter. Never written as such: the answer is the RFC 9457 problem of <see cref="ApiParameters.BadRequest(string, string?)"/>, which
/// carries both as <c>error</c> (and <c>detail</c>) and <c>parameter</c>.
/// </summary>
/// <param name="Error">The message.</param>
/// <param name="Parameter">The query parameter at fault; several, comma-separated (<c>from, to</c>), when several are.</param>
public sealed record ApiErrorDto(string Error, string? Parameter);

/// <summary>Source-generated JSON for the API (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<HostDto>))]
[JsonSerializable(typeof(IReadOnlyList<SeriesDto>))]
[JsonSerializable(typeof(QueryResultDto))]
[JsonSerializable(typeof(QueryFieldsResultDto))]
[JsonSerializable(typeof(HealthDto))]
[JsonSerializable(typeof(object[]))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(double))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
