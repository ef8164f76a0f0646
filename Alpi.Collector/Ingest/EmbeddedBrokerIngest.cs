using System.Buffers;
using Alpi.Protocols.Mqtt;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Alpi.Collector.Ingest;

/// <summary>
/// Stores the metrics messages published to the embedded broker <b>before the broker acknowledges them</b>. MQTTnet's
/// server sends PUBACK as soon as a message is queued, in memory, for its subscribers, so a collector killed (or a
/// machine losing power) between that PUBACK and the store's commit would lose points the agent already deleted from
/// its disk buffer. Here the broker's publish interceptor (<c>InterceptingPublishAsync</c>, which MQTTnet awaits before
/// it queues and acknowledges a message) reads the payload, hands the points to the <see cref="IngestWriter"/> and
/// waits for the commit: the publisher's PUBACK then means "stored", as the collector's own PUBACK does on an external
/// broker. A collector killed before the commit sends no PUBACK, and the publisher sends the message again to the
/// restarted collector; idempotent writes (series + timestamp) store a message sent twice once.
/// <para>
/// Consequences: the ingest client subscribes to no metrics topic on the embedded broker (see
/// <see cref="IngestSubscriptions"/>; a stored message is answered PUBACK 0x00 and routed on to any other subscriber,
/// such as a technician's <c>mosquitto_sub</c>); MQTTnet reads one
/// connection's packets in order, so each publisher has one message waiting for a commit at a time, while messages of
/// different publishers share a transaction. A payload larger than <see cref="CollectorBrokerOptions.MaxPayloadBytes"/>
/// is refused before anything reads it: not stored, not routed, counted, logged with its topic and size, and an MQTT 5
/// publisher gets PUBACK 0x97 "Quota exceeded" with a reason string naming the limit (an MQTT 3.1.1 publisher a plain
/// PUBACK). Messages the access control refused are left alone. Source: MQTT 5 §4.3.2 (QoS 1: the receiver takes
/// ownership when it sends PUBACK), §3.4.2.1 (PUBACK reason codes); MQTTnet 5.2 <c>MqttConnectedClient</c>.
/// </para>
/// </summary>
public sealed partial class EmbeddedBrokerIngest(
    IngestChannel channel,
    MetricsPayloadReader reader,
    Inventory.HostInventory inventory,
    IngestStatistics statistics,
    IOptions<CollectorOptions> options,
    TimeProvider timeProvider,
    ILogger<EmbeddedBrokerIngest> logger)
{
    private MqttServer? _server;

    /// <summary>Subscribes the publish interceptor of <paramref name="server"/>; call after the access control's.</summary>
    public void Attach(MqttServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        _server = server;
        server.InterceptingPublishAsync += OnPublishAsync;
    }

    /// <summary>Stores a metrics message and returns once committed; refuses an oversized message on any topic.</summary>
    internal async Task OnPublishAsync(InterceptingPublishEventArgs e)
    {
        var message = e.ApplicationMessage;
        if (!e.ProcessPublish || string.IsNullOrEmpty(e.ClientId) || string.IsNullOrEmpty(message?.Topic))
        {
            return; // refused by the access control, or injected by the server itself
        }

        var limit = options.Value.Broker.MaxPayloadBytes;
        if (message.Payload.Length > limit)
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.QuotaExceeded;
            e.Response.ReasonString = $"payload of {message.Payload.Length} octets is larger than the limit of {limit} (Collector:Broker:MaxPayloadBytes)";
            statistics.CountOversizedMessage();
            Log.Oversized(logger, e.ClientId, message.Topic, message.Payload.Length, limit);
            return;
        }

        if (!AlpiTopic.TryParse(message.Topic, out var topic) || topic.Value.Kind != AlpiTopicKind.Metrics)
        {
            return; // status and events: routed to the ingest client's subscription as any message
        }

        var (tenant, host, _) = topic.Value;
        var payload = message.Payload;
        var points = reader.Read(payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray(), tenant, host, message.Topic);
        if (points.Count == 0)
        {
            inventory.MarkSeen(tenant, host, timeProvider.GetUtcNow());
            return;
        }

        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await channel.EnqueueAsync(new IngestBatch(tenant, host, points, _ =>
        {
            stored.TrySetResult();
            return Task.CompletedTask;
        }), e.CancellationToken);

        // Cancelled when the connection or the broker stops: then no PUBACK is sent and the publisher sends it again.
        await stored.Task.WaitAsync(e.CancellationToken);

        // Stored: PUBACK 0x00 Success, rather than the 0x10 "No matching subscribers" MQTTnet answers when nobody else
        // subscribed; any other subscriber still receives the message, routed as the broker's own (which this
        // interceptor and the access control leave alone; each receiver's read access is still checked).
        e.ProcessPublish = false;
        e.Response.ReasonCode = MqttPubAckReasonCode.Success;
        if (_server is { } server)
        {
            await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message), e.CancellationToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
            Message = "Message of {ClientId} on {Topic} refused: {Length} octets, larger than Collector:Broker:MaxPayloadBytes ({Limit}); not stored")]
        public static partial void Oversized(ILogger logger, string clientId, string topic, long length, int limit);
    }
}
