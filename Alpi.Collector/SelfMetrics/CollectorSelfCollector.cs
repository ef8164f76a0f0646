using Alpi.Agent.Collectors;
using Alpi.Collector.Alerting.OnCall;
using Alpi.Collector.Alerting.Rules;
using Alpi.Collector.Broker.Authentication;
using Alpi.Collector.Ingest;
using Alpi.Collector.Inventory;
using Alpi.Collector.Storage;
using Alpi.Collector.Traps;
using Alpi.Protocols.LineProtocol;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.SelfMetrics;

/// <summary>
/// The collector's own figures, gathered by its local agent and published like any other metric:
/// <c>alpi_collector messages=…i,points_stored=…i,store_writes=…i,malformed_lines=…i,rejected_messages=…i,store_failures=…i,
/// series=…i,hosts=…i,ingest_in_flight=…i,traps_received=…i,traps_dropped=…i,traps_purged=…i</c>, the embedded broker's refusals
/// (<see cref="BrokerPoint"/>) when it requires authentication, and once the trap
/// receiver's lenient BER decoder has tolerated a deviation, <c>snmp_ber_leniency,source=traps non_minimal_integer=…i,…</c>
/// (the agent's poller publishes the same measurement, untagged, for the responses it decodes), and what the size limits
/// refused (<see cref="LimitsPoint"/>), and the reloads of the alert rule and on-call files (<see cref="ConfigFilesPoint"/>).
/// Counters are totals since the collector started.
/// </summary>
internal sealed class CollectorSelfCollector(IngestStatistics statistics, IngestChannel channel, HostInventory inventory, TrapStatistics traps,
    BrokerSecurityStatistics broker, SeriesRegistry registry, Api.Limits.HttpLimitStatistics http, IOptions<CollectorOptions> options,
    RuleSetProvider rules, OnCallConfigProvider onCall) : IMetricCollector
{
    public string Name => "alpi_collector";

    public ValueTask CollectAsync(IMetricSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        sink.Add(new LinePoint("alpi_collector", [],
        [
            new("messages", FieldValue.Integer(statistics.Messages)),
            new("points_stored", FieldValue.Integer(statistics.PointsStored)),
            new("store_writes", FieldValue.Integer(statistics.StoreWrites)),
            new("malformed_lines", FieldValue.Integer(statistics.MalformedLines)),
            new("rejected_messages", FieldValue.Integer(statistics.RejectedMessages)),
            new("store_failures", FieldValue.Integer(statistics.StoreFailures)),
            new("series", FieldValue.Integer(registry.Count)),
            new("hosts", FieldValue.Integer(inventory.List().Count)),
            new("ingest_in_flight", FieldValue.Integer(channel.InFlight)),
            new("traps_received", FieldValue.Integer(traps.Received)),
            new("traps_dropped", FieldValue.Integer(traps.Dropped)),
            new("traps_purged", FieldValue.Integer(traps.Purged)),
        ], null));
        sink.Add(LimitsPoint(statistics, registry, http));
        sink.Add(ConfigFilesPoint(rules, onCall));
        if (TrapLeniencyPoint(traps) is { } leniency)
        {
            sink.Add(leniency);
        }

        if (BrokerPoint(broker, options.Value.Broker) is { } refusals)
        {
            sink.Add(refusals);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// <c>alpi_limits oversized_messages=…i,lines_too_long=…i,series_refused_values=…i,hosts_at_series_limit=…i,http_bodies_too_large=…i</c>:
    /// what each size limit refused since start, and how many hosts are at <c>Collector:Ingest:MaxSeriesPerHost</c> now (an
    /// alert rule on <c>hosts_at_series_limit</c> above 0 tells of a runaway tag cardinality; <c>/healthz</c> names the hosts).
    /// </summary>
    internal static LinePoint LimitsPoint(IngestStatistics statistics, SeriesRegistry registry, Api.Limits.HttpLimitStatistics http) =>
        new("alpi_limits", [],
        [
            new("oversized_messages", FieldValue.Integer(statistics.OversizedMessages)),
            new("lines_too_long", FieldValue.Integer(statistics.LinesTooLong)),
            new("series_refused_values", FieldValue.Integer(registry.RefusedValues)),
            new("hosts_at_series_limit", FieldValue.Integer(registry.HostsAtLimit().Count)),
            new("http_bodies_too_large", FieldValue.Integer(http.BodiesTooLarge)),
        ], null);

    /// <summary>
    /// <c>alpi_config_files rule_reloads=…i,rule_reload_failures=…i,oncall_reloads=…i,oncall_reload_failures=…i</c>: the
    /// versions of the alert rule file and of the on-call file put in force, and those refused (a syntax error, an unknown
    /// key, an empty file seen while being rewritten), since start; an alert rule on a failure count above 0 tells that an
    /// edit is waiting to be fixed while the previous version stays in force (<c>/healthz</c> gives the errors).
    /// </summary>
    internal static LinePoint ConfigFilesPoint(RuleSetProvider rules, OnCallConfigProvider onCall) =>
        new("alpi_config_files", [],
        [
            new("rule_reloads", FieldValue.Integer(rules.Reloads)),
            new("rule_reload_failures", FieldValue.Integer(rules.ReloadFailures)),
            new("oncall_reloads", FieldValue.Integer(onCall.Reloads)),
            new("oncall_reload_failures", FieldValue.Integer(onCall.ReloadFailures)),
        ], null);

    /// <summary>
    /// <c>alpi_broker refused_connections=…i,refused_publishes=…i,refused_subscriptions=…i,refused_deliveries=…i,file_problems=…i</c>:
    /// what the embedded broker refused since start (<see cref="BrokerSecurityStatistics"/>), so that an alert rule can
    /// watch for guessed passwords or a misconfigured agent; null unless the embedded broker requires authentication.
    /// </summary>
    internal static LinePoint? BrokerPoint(BrokerSecurityStatistics broker, CollectorBrokerOptions options) =>
        !options.Embedded || !options.Authentication.Enabled
            ? null
            : new LinePoint("alpi_broker", [],
            [
                new("refused_connections", FieldValue.Integer(broker.RefusedConnections)),
                new("refused_publishes", FieldValue.Integer(broker.RefusedPublishes)),
                new("refused_subscriptions", FieldValue.Integer(broker.RefusedSubscriptions)),
                new("refused_deliveries", FieldValue.Integer(broker.RefusedDeliveries)),
                new("file_problems", FieldValue.Integer(broker.FileProblems)),
            ], null);

    /// <summary>
    /// <c>snmp_ber_leniency,source=traps &lt;kind&gt;=…i</c>: received datagrams per BER deviation tolerated (X.690 §8;
    /// <see cref="Alpi.Protocols.Snmp.Ber.BerLeniency"/>), fields sorted by name; null while none was seen.
    /// </summary>
    internal static LinePoint? TrapLeniencyPoint(TrapStatistics traps)
    {
        var counts = traps.BerLeniencies.SnapshotByName();
        return counts.Count == 0
            ? null
            : new LinePoint("snmp_ber_leniency", [new("source", "traps")],
                [.. counts.Select(c => new KeyValuePair<string, FieldValue>(c.Key, FieldValue.Integer(c.Value)))], null);
    }
}
