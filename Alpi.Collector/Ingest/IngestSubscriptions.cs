using Alpi.Protocols.Mqtt;

namespace Alpi.Collector.Ingest;

/// <summary>
/// The topic filters of the collector's ingest session. Metrics go to one collector of a shared subscription group
/// (<c>$share/&lt;group&gt;/alpi/+/+/metrics</c>, MQTT 5 §4.8.2) when <see cref="CollectorBrokerOptions.SharedSubscriptionGroup"/>
/// is set, so that N collectors store each point once between them. Status messages (the retained birth message with
/// the inventory, the last will) are never shared: every collector keeps the whole host inventory and serves it in
/// its API, so each one needs every status. On the embedded broker there is no metrics subscription: the broker stores
/// metrics messages itself before acknowledging them (<see cref="EmbeddedBrokerIngest"/>).
/// Source: ../shared/ARCHITECTURE.md, "Wire conventions".
/// </summary>
/// <param name="Metrics">The metrics filter, plain or shared; null on the embedded broker.</param>
/// <param name="Status">The status filter, <c>alpi/+/+/status</c>, always plain.</param>
/// <param name="Stale">A filter that a resumed persistent session may still hold from an earlier configuration and
/// that must be removed: the plain metrics filter when the collector is in a group (it would otherwise receive every
/// message besides its share); null otherwise.</param>
public sealed record IngestSubscriptions(string? Metrics, string Status, string? Stale)
{
    /// <summary>The filters for <paramref name="broker"/>'s configuration.</summary>
    public static IngestSubscriptions For(CollectorBrokerOptions broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        if (broker.Embedded)
        {
            return new IngestSubscriptions(null, AlpiTopic.AllStatus, null);
        }

        return broker.SharedSubscriptionGroup is { } group
            ? new IngestSubscriptions($"$share/{group}/{AlpiTopic.AllMetrics}", AlpiTopic.AllStatus, AlpiTopic.AllMetrics)
            : new IngestSubscriptions(AlpiTopic.AllMetrics, AlpiTopic.AllStatus, null);
    }
}
