using System.Buffers;
using Alpi.Collector.Ingest.Journal;
using Alpi.Protocols.Mqtt;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Alpi.Collector.Ingest;

/// <summary>
/// Takes ownership of the metrics messages published to the embedded broker <b>before the broker acknowledges them</b>.
/// MQTTnet's server sends PUBACK as soon as a message is queued, in memory, for its subscribers, so a collector killed (or
/// a machine losing power) before the store's commit would lose points the agent already deleted from its disk buffer.
/// Here the broker's publish interceptor (<c>InterceptingPublishAsync</c>, which MQTTnet awaits before it queues and
/// acknowledges a message) reads the payload and then, either:
/// <list type="bullet">
/// <item>with the ingest journal (<see cref="IngestJournal.IsEnabled"/>: embedded broker, DuckDB store,
/// <c>Collector:Ingest:Journal</c>, the default): appends the message to the journal, waits for its fsync (shared with
/// the other publishers waiting, group commit), answers PUBACK 0x00, and hands the points to the
/// <see cref="IngestWriter"/> without waiting for the store's commit; the writer commits large transactions and the
/// journal replays at the next start what it had not committed. As influxd acknowledges <c>/write</c> after its WAL.
/// While more than <see cref="IngestOptions.JournalMaxUnstoredPoints"/> points wait for the store, the interceptor waits
/// before appending (the PUBACK is delayed, nothing refused). A journal that cannot be written (disk full, I/O error)
/// answers PUBACK 0x80 "Unspecified error" with a reason string, counted (<see cref="IngestStatistics.JournalFailures"/>)
/// and logged; the publisher sends the message again.</item>
/// <item>without it (the option off): hands the points to the <see cref="IngestWriter"/> and waits for the commit.</item>
/// </list>
/// Either way the publisher's PUBACK means "durably stored", as the collector's own PUBACK does on an external broker. A
/// collector killed before that sends no PUBACK, and the publisher sends the message again to the restarted collector;
/// idempotent writes (series + timestamp) store a message sent twice once.
/// <para>
/// Consequences: the ingest client subscribes to no metrics topic on the embedded broker (see
/// <see cref="IngestSubscriptions"/>; a stored message is answered PUBACK 0x00 and routed on to any other subscriber,
/// such as a technician's <c>mosquitto_sub</c>); MQTTnet reads one connection's packets in order, so each publisher has
/// one message waiting at a time. A payload larger than <see cref="CollectorBrokerOptions.MaxPayloadBytes"/> is refused
/// before anything reads it: not stored, not routed, counted, logged with its topic and size, and an MQTT 5 publisher
/// gets PUBACK 0x97 "Quota exceeded" with a reason string naming the limit (an MQTT 3.1.1 publisher a plain PUBACK). A
/// metrics message none of whose lines can be read, or with no line at all (an empty payload, which MQTTnet would answer
/// 0x10 "No matching subscribers"), is not routed, counted (<see cref="IngestStatistics.MalformedMessages"/>) and answered
/// PUBACK 0x99 "Payload format invalid" with the first error (line, column, reason) as reason string; a message with some
/// good lines stores them and is answered 0x00. Messages the access control refused are left alone.
/// Source: MQTT 5 §4.3.2 (QoS 1: the receiver takes ownership when it sends PUBACK), §3.4.2.1 (PUBACK reason codes);
/// MQTTnet 5.2 <c>MqttConnectedClient</c>.
/// </para>
/// </summary>
public sealed partial class EmbeddedBrokerIngest(
    IngestChannel channel,
    MetricsPayloadReader reader,
    Inventory.HostInventory inventory,
    IngestStatistics statistics,
    IngestJournal journal,
    IOptions<CollectorOptions> options,
    TimeProvider timeProvider,
    ILogger<EmbeddedBrokerIngest> logger)
{
    /// <summary>Longest reason string sent in a PUBACK, in characters.</summary>
    private const int MaxReasonLength = 200;

    private static readonly Func<CancellationToken, Task> Acknowledged = _ => Task.CompletedTask;
    private MqttServer? _server;

    /// <summary>
    /// Opens the ingest journal (reading what the last run left, see <see cref="IngestJournal.Open"/>) when it is in use or
    /// holds files, then subscribes the publish interceptor of <paramref name="server"/>; call after the access control's
    /// and before the server starts.
    /// </summary>
    /// <exception cref="IOException">The journal folder cannot be created or read.</exception>
    public void Attach(MqttServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (journal.IsEnabled || Directory.Exists(journal.Directory))
        {
            journal.Open();
        }

        _server = server;
        server.InterceptingPublishAsync += OnPublishAsync;
    }

    /// <summary>Stores (or journals) a metrics message and returns once it is durable; refuses an oversized or unreadable message.</summary>
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
        // A copy: the journal may write it after this interceptor gave up waiting (connection closed).
        ReadOnlyMemory<byte> payload = message.Payload.ToArray();
        var receivedAt = timeProvider.GetUtcNow();
        var points = reader.Read(payload.Span, tenant, host, message.Topic, receivedAt, out var firstError);
        if (points.Count == 0)
        {
            inventory.MarkSeen(tenant, host, receivedAt);
            if (firstError is not null)
            {
                // Nothing to store: not routed, and an MQTT 5 publisher learns why (MQTT 5 §3.4.2.1, 0x99).
                e.ProcessPublish = false;
                e.Response.ReasonCode = MqttPubAckReasonCode.PayloadFormatInvalid;
                e.Response.ReasonString = Truncate($"no line could be read, first: {firstError}");
                statistics.CountMalformedMessage();
            }

            return;
        }

        if (journal.IsEnabled)
        {
            if (!await JournalAsync(e, new JournalEntry(MetricsPayloadReader.ToUnixNanoseconds(receivedAt), tenant, host, message.Topic, payload),
                new IngestBatch(tenant, host, points, Acknowledged)))
            {
                return;
            }
        }
        else
        {
            var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await channel.EnqueueAsync(new IngestBatch(tenant, host, points, _ =>
            {
                stored.TrySetResult();
                return Task.CompletedTask;
            }), e.CancellationToken);

            // Cancelled when the connection or the broker stops: then no PUBACK is sent and the publisher sends it again.
            await stored.Task.WaitAsync(e.CancellationToken);
        }

        // Durable: PUBACK 0x00 Success, rather than the 0x10 "No matching subscribers" MQTTnet answers when nobody else
        // subscribed; any other subscriber still receives the message, routed as the broker's own (which this
        // interceptor and the access control leave alone; each receiver's read access is still checked).
        e.ProcessPublish = false;
        e.Response.ReasonCode = MqttPubAckReasonCode.Success;
        if (_server is { } server)
        {
            await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message), e.CancellationToken);
        }
    }

    /// <summary>
    /// Waits for room under the back-pressure bound, appends the message to the journal and waits for its fsync, the
    /// journal handing <paramref name="batch"/> to the writer in sequence order. False (PUBACK 0x80 set) when the journal
    /// could not write it. Cancelled (no PUBACK) when the connection or the broker stops.
    /// </summary>
    private async Task<bool> JournalAsync(InterceptingPublishEventArgs e, JournalEntry entry, IngestBatch batch)
    {
        await journal.Backlog.AcquireAsync(batch.Points.Count, e.CancellationToken);
        try
        {
            // The journal's loop enqueues the batch once durable, whatever becomes of this publisher's connection.
            await journal.AppendAsync(entry, (sequence, stopping) => channel.EnqueueAsync(batch with { JournalSequence = sequence }, stopping), e.CancellationToken);
            return true;
        }
        catch (Exception failure) when (failure is IOException or InvalidOperationException)
        {
            journal.Backlog.Release(batch.Points.Count);
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.UnspecifiedError;
            e.Response.ReasonString = Truncate($"not stored: the ingest journal could not be written ({failure.Message}); send it again");
            statistics.CountJournalFailure();
            Log.JournalFailed(logger, e.ClientId, entry.Topic, failure.Message);
            return false;
        }
    }

    private static string Truncate(string reason) => reason.Length > MaxReasonLength ? string.Concat(reason.AsSpan(0, MaxReasonLength), "…") : reason;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
            Message = "Message of {ClientId} on {Topic} refused: {Length} octets, larger than Collector:Broker:MaxPayloadBytes ({Limit}); not stored")]
        public static partial void Oversized(ILogger logger, string clientId, string topic, long length, int limit);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error,
            Message = "Message of {ClientId} on {Topic} not acknowledged (PUBACK 0x80): the ingest journal could not be written: {Reason}")]
        public static partial void JournalFailed(ILogger logger, string clientId, string topic, string reason);
    }
}
