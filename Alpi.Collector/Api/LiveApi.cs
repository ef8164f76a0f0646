using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Alpi.Collector.Alerting;
using Alpi.Collector.Alerting.Api;
using Alpi.Collector.Alerting.History;
using Alpi.Collector.Inventory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Alpi.Collector.Api;

/// <summary>
/// <c>GET /api/live</c>: the dashboard's live feed, a Server-Sent Events stream (<c>text/event-stream</c>, WHATWG HTML
/// §9.2 "Server-sent events") of whole documents, each sent at connection and then only when it changed:
/// <list type="bullet">
/// <item><c>event: alerts</c> — the open alerts (pending, firing, acknowledged), newest first, at most
/// <see cref="MaxAlerts"/>, exactly as <c>GET /api/alerts?state=open</c> gives them; checked every
/// <see cref="AlertsInterval"/>, so a new or acknowledged alert reaches the page within that.</item>
/// <item><c>event: hosts</c> — the hosts as <c>GET /api/hosts</c> gives them; sent at once when a host appears or changes
/// status, otherwise (last-seen times) at most every <see cref="HostsInterval"/>.</item>
/// <item><c>event: stored</c> — <c>[{"tenant","host","lastSeen"}]</c>, the hosts whose points were stored (committed) or whose
/// status arrived since the previous check, checked every <see cref="AlertsInterval"/>: a page showing a host's current
/// values reads them again at once, so a published value is on screen within about half a second rather than at the
/// page's next poll (bench/README.md, "Publish → visible"). Not sent for the hosts already known at connection.</item>
/// <item><c>event: ping</c> with <c>{}</c> after <see cref="PingInterval"/> without any other event, so that proxies and
/// the page see the stream alive.</item>
/// </list>
/// The stream ends when the client goes away or the collector stops. Each connection reads the alert store on its own
/// (one small SQLite query per <see cref="AlertsInterval"/>): meant for the technicians' pages, not for thousands of clients.
/// </summary>
public static class LiveApi
{
    /// <summary>Most open alerts in one <c>alerts</c> event (the alert API's own maximum).</summary>
    public const int MaxAlerts = 10_000;

    /// <summary>How often the open alerts are read.</summary>
    public static readonly TimeSpan AlertsInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait before changed last-seen times are sent (a status change is sent at once).</summary>
    public static readonly TimeSpan HostsInterval = TimeSpan.FromSeconds(5);

    /// <summary>Silence after which a <c>ping</c> event is sent.</summary>
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);

    /// <summary>Maps <c>GET /api/live</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    public static IEndpointRouteBuilder MapAlpiLiveApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/live", (AlertingService alerting, HostInventory inventory, IHostApplicationLifetime lifetime, TimeProvider time) =>
            TypedResults.ServerSentEvents(EventsAsync(alerting, inventory, time, lifetime.ApplicationStopping, CancellationToken.None)));
        return endpoints;
    }

    /// <summary>The events of one connection; ends quietly when <paramref name="stopping"/> or <paramref name="aborted"/> fires.</summary>
    private static async IAsyncEnumerable<SseItem<string>> EventsAsync(
        AlertingService alerting, HostInventory inventory, TimeProvider time, CancellationToken stopping, [EnumeratorCancellation] CancellationToken aborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, aborted);
        var cancellation = linked.Token;
        if (!await WaitAsync(alerting.Ready, cancellation))
        {
            yield break;
        }

        string? alertsSent = null, hostsSent = null, hostsShape = null;
        var hostsSentAt = long.MinValue;
        Dictionary<(string Tenant, string Host), DateTimeOffset>? lastSeen = null;
        var lastEventAt = time.GetTimestamp();
        while (!cancellation.IsCancellationRequested)
        {
            var alerts = await ReadAlertsAsync(alerting, cancellation);
            if (alerts is null)
            {
                yield break;
            }

            if (alerts != alertsSent)
            {
                alertsSent = alerts;
                lastEventAt = time.GetTimestamp();
                yield return new SseItem<string>(alerts, "alerts");
            }

            var hosts = inventory.List();
            if (StoredSince(hosts, ref lastSeen) is { } stored)
            {
                lastEventAt = time.GetTimestamp();
                yield return new SseItem<string>(stored, "stored");
            }

            var shape = string.Join('\n', hosts.Select(h => $"{h.Tenant}\0{h.Host}\0{h.Status}"));
            if (shape != hostsShape || time.GetElapsedTime(hostsSentAt) >= HostsInterval)
            {
                var json = JsonSerializer.Serialize<IReadOnlyList<HostDto>>(hosts.Select(CollectorApi.ToDto).ToList(), ApiJsonContext.Default.IReadOnlyListHostDto);
                if (json != hostsSent)
                {
                    (hostsSent, hostsShape, hostsSentAt, lastEventAt) = (json, shape, time.GetTimestamp(), time.GetTimestamp());
                    yield return new SseItem<string>(json, "hosts");
                }
            }

            if (time.GetElapsedTime(lastEventAt) >= PingInterval)
            {
                lastEventAt = time.GetTimestamp();
                yield return new SseItem<string>("{}", "ping");
            }

            if (!await WaitAsync(Task.Delay(AlertsInterval, time, cancellation), cancellation))
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// The hosts of <paramref name="hosts"/> seen (points stored) later than in <paramref name="lastSeen"/>, as the JSON of a
    /// <c>stored</c> event, or null when none (or on the first call, which only records the times).
    /// </summary>
    private static string? StoredSince(IReadOnlyList<Inventory.HostRecord> hosts, ref Dictionary<(string Tenant, string Host), DateTimeOffset>? lastSeen)
    {
        var first = lastSeen is null;
        lastSeen ??= new Dictionary<(string Tenant, string Host), DateTimeOffset>(hosts.Count);
        List<StoredHostDto>? stored = null;
        foreach (var host in hosts)
        {
            var key = (host.Tenant, host.Host);
            if (!lastSeen.TryGetValue(key, out var previous) || host.LastSeen > previous)
            {
                lastSeen[key] = host.LastSeen;
                if (!first && host.LastSeen > DateTimeOffset.MinValue)
                {
                    (stored ??= []).Add(new StoredHostDto(host.Tenant, host.Host, host.LastSeen));
                }
            }
        }

        return stored is null ? null : JsonSerializer.Serialize<IReadOnlyList<StoredHostDto>>(stored, LiveApiJson.Default.IReadOnlyListStoredHostDto);
    }

    /// <summary>The open alerts as JSON, or null when cancelled.</summary>
    private static async Task<string?> ReadAlertsAsync(AlertingService alerting, CancellationToken cancellation)
    {
        try
        {
            var open = await alerting.Store.QueryAsync(new AlertQuery(OpenOnly: true, Limit: MaxAlerts), cancellation);
            return JsonSerializer.Serialize<IReadOnlyList<AlertDto>>(open.Select(AlertDto.From).ToList(), AlertApiJson.Default.IReadOnlyListAlertDto);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Waits for <paramref name="task"/>; false when <paramref name="cancellation"/> fired first.</summary>
    private static async Task<bool> WaitAsync(Task task, CancellationToken cancellation)
    {
        try
        {
            await task.WaitAsync(cancellation);
            return true;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return false;
        }
    }
}

/// <summary>One host of a <c>stored</c> event of <c>GET /api/live</c>.</summary>
/// <param name="Tenant">The member body.</param>
/// <param name="Host">The host.</param>
/// <param name="LastSeen">When its latest points were stored (ISO-8601 UTC).</param>
public sealed record StoredHostDto(string Tenant, string Host, DateTimeOffset LastSeen);

/// <summary>Source-generated JSON of <see cref="LiveApi"/>'s own events (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<StoredHostDto>))]
internal sealed partial class LiveApiJson : JsonSerializerContext;
