using System.Buffers;
using System.Text;
using Alpi.Collector.Broker;
using Alpi.Collector.Inventory;
using Alpi.Protocols.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace Alpi.Collector.Ingest;

/// <summary>
/// The collector's MQTT 5 client: subscribes with QoS 1 to <c>alpi/+/+/metrics</c> (or
/// <c>$share/&lt;group&gt;/alpi/+/+/metrics</c>) and <c>alpi/+/+/status</c> (see <see cref="IngestSubscriptions"/>) on the
/// embedded or external broker, in a persistent session unless <see cref="CollectorBrokerOptions.SessionExpiry"/> is zero, reads
/// metrics payloads (<see cref="MetricsPayloadReader"/>) and hands them to the <see cref="IngestWriter"/>, which acknowledges
/// each message only after the store committed it (MQTTnet manual acknowledgement: <c>AutoAcknowledge = false</c>, then
/// <c>AcknowledgeAsync</c>). On the embedded broker it subscribes to status only: the broker stores metrics itself before
/// acknowledging them (<see cref="EmbeddedBrokerIngest"/>). Reconnects with back-off.
/// </summary>
public sealed partial class MqttIngestService(
    IngestChannel channel,
    HostInventory inventory,
    IngestStatistics statistics,
    MetricsPayloadReader reader,
    Broker.IngestReadiness readiness,
    IOptions<CollectorOptions> options,
    TimeProvider timeProvider,
    ILogger<MqttIngestService> logger) : BackgroundService
{
    private IMqttClient? _client;
    private long _received;

    /// <summary>True while connected and subscribed.</summary>
    public bool IsConnected => _client?.IsConnected == true;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var broker = options.Value.Broker;
        readiness.IngestClientId = Broker.CollectorMqttClientOptions.IngestClientId(broker);
        var client = new MqttClientFactory().CreateMqttClient();
        _client = client;
        client.ApplicationMessageReceivedAsync += e => OnMessageGuardedAsync(e, stoppingToken);
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!client.IsConnected)
            {
                if (await TryConnectAsync(client, broker, stoppingToken))
                {
                    delay = TimeSpan.FromMilliseconds(200);
                }
                else
                {
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                }
            }

            try
            {
                await Task.Delay(client.IsConnected ? TimeSpan.FromSeconds(1) : delay, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Starts the client and waits (at most 5 seconds) for its first subscription, so that services started after
    /// it, such as the local agent, publish their birth message to a live subscription.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        await Task.WhenAny(readiness.WhenReady, Task.Delay(TimeSpan.FromSeconds(5), timeProvider, cancellationToken));
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var endSession = options.Value.Broker.EndSessionOnStop;
        if (endSession && _client is { IsConnected: true } leaving)
        {
            await UnsubscribeAndSettleAsync(leaving);
        }

        await base.StopAsync(cancellationToken);
        if (_client is { IsConnected: true } client)
        {
            // Let the writer store and acknowledge what was received, then leave cleanly.
            if (!await channel.WaitDrainedAsync(TimeSpan.FromSeconds(10), timeProvider))
            {
                Log.NotDrained(logger, channel.InFlight);
            }

            try
            {
                var disconnect = new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection);
                if (endSession)
                {
                    // MQTT 5 §3.14.2.2.2: the session ends with the network connection.
                    disconnect = disconnect.WithSessionExpiryInterval(0);
                }

                await client.DisconnectAsync(disconnect.Build(), CancellationToken.None);
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // Already gone.
            }
        }

        _client?.Dispose();
    }

    /// <summary>
    /// For <see cref="CollectorBrokerOptions.EndSessionOnStop"/>: unsubscribes (so that the broker routes nothing more to
    /// this session and, in a shared group, gives this collector's share to the others), then lets the writer store and
    /// acknowledge what was already sent until nothing has arrived for half a second (at most 10 seconds in all).
    /// </summary>
    private async Task UnsubscribeAndSettleAsync(IMqttClient client)
    {
        var subscriptions = IngestSubscriptions.For(options.Value.Broker);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var unsubscribe = new MqttClientUnsubscribeOptionsBuilder().WithTopicFilter(subscriptions.Status);
            if (subscriptions.Metrics is { } metrics)
            {
                unsubscribe = unsubscribe.WithTopicFilter(metrics);
            }

            await client.UnsubscribeAsync(unsubscribe.Build(), timeout.Token);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
        {
            Log.UnsubscribeFailed(logger, e.Message);
            return;
        }

        var deadline = timeProvider.GetUtcNow() + TimeSpan.FromSeconds(10);
        while (timeProvider.GetUtcNow() < deadline)
        {
            var received = Interlocked.Read(ref _received);
            await channel.WaitDrainedAsync(deadline - timeProvider.GetUtcNow(), timeProvider);
            await Task.Delay(TimeSpan.FromMilliseconds(500), timeProvider);
            if (Interlocked.Read(ref _received) == received && channel.InFlight == 0)
            {
                Log.SessionEnding(logger);
                return;
            }
        }
    }

    private async Task<bool> TryConnectAsync(IMqttClient client, CollectorBrokerOptions broker, CancellationToken cancellationToken)
    {
        try
        {
            var builder = Broker.CollectorMqttClientOptions.Builder(broker, Broker.CollectorMqttClientOptions.IngestClientId(broker))
                .WithIngestSession(broker);
            var result = await client.ConnectAsync(builder.Build(), cancellationToken);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                Log.ConnectRefused(logger, broker.Host, broker.Port, result.ResultCode.ToString());
                return false;
            }

            var subscriptions = IngestSubscriptions.For(broker);
            if (result.IsSessionPresent && subscriptions.Stale is { } stale)
            {
                // A session resumed from before the collector joined a shared group still holds the plain subscription,
                // which would deliver every message to this collector besides its share.
                await client.UnsubscribeAsync(stale, cancellationToken);
            }

            var filters = new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(f => f.WithTopic(subscriptions.Status).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
            if (subscriptions.Metrics is { } metricsFilter)
            {
                filters = filters.WithTopicFilter(f => f.WithTopic(metricsFilter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
            }

            var subscription = filters.Build();
            var granted = await client.SubscribeAsync(subscription, cancellationToken);
            foreach (var item in granted.Items)
            {
                if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
                {
                    Log.SubscriptionRefused(logger, item.TopicFilter.Topic, item.ResultCode.ToString());
                }
            }

            Log.Subscribed(logger, broker.Host, broker.Port, subscriptions.Metrics ?? "no metrics (the embedded broker stores them)", result.IsSessionPresent);
            readiness.SetReady();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or System.Net.Sockets.SocketException or IOException
            or System.Security.Authentication.AuthenticationException or System.Security.Cryptography.CryptographicException)
        {
            Log.ConnectFailed(logger, broker.Host, broker.Port, e.Message);
            return false;
        }
    }

    private async Task OnMessageGuardedAsync(MqttApplicationMessageReceivedEventArgs e, CancellationToken stoppingToken)
    {
        Interlocked.Increment(ref _received);
        try
        {
            await OnMessageAsync(e, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            e.AutoAcknowledge = false; // not stored: leave it unacknowledged so the broker redelivers it
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // MQTTnet swallows handler exceptions silently; catch here so that any failure, including a bug, is
            // logged with its stack trace and counted, and one bad message does not stop the others.
            statistics.CountRejectedMessage();
            Log.MessageFailed(logger, e.ApplicationMessage.Topic, ex.ToString());
        }
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e, CancellationToken stoppingToken)
    {
        var message = e.ApplicationMessage;
        Log.Received(logger, message.Topic, message.Payload.Length);
        if (!AlpiTopic.TryParse(message.Topic, out var topic))
        {
            statistics.CountRejectedMessage();
            Log.BadTopic(logger, message.Topic);
            return;
        }

        var payload = message.Payload;
        if (payload.Length > options.Value.Broker.MaxPayloadBytes)
        {
            statistics.CountOversizedMessage();
            Log.Oversized(logger, message.Topic, payload.Length, options.Value.Broker.MaxPayloadBytes);
            return;
        }

        var bytes = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
        var (tenant, host, kind) = topic.Value;
        var now = timeProvider.GetUtcNow();
        switch (kind)
        {
            case AlpiTopicKind.Status:
                var status = HostStatusMessage.TryParse(bytes, out var error);
                if (status is null)
                {
                    statistics.CountRejectedMessage();
                    Log.BadStatus(logger, message.Topic, error ?? "");
                    return;
                }

                var json = status.Status == HostStatusMessage.Online && bytes.Length > 0 && bytes[0] == (byte)'{' ? Encoding.UTF8.GetString(bytes) : null;
                await inventory.SetStatusAsync(tenant, host, status.Status, now, json, stoppingToken);
                return;

            case AlpiTopicKind.Metrics:
                var points = reader.Read(bytes, tenant, host, message.Topic, now, out var firstError);
                if (points.Count == 0)
                {
                    inventory.MarkSeen(tenant, host, now);
                    if (firstError is not null)
                    {
                        // Nothing to store (no line could be read, or an empty payload): counted as on the embedded broker,
                        // where the publisher is answered PUBACK 0x99; here the broker has acknowledged it already.
                        statistics.CountMalformedMessage();
                    }

                    return;
                }

                e.AutoAcknowledge = false;
                await channel.EnqueueAsync(new IngestBatch(tenant, host, points, ct => e.AcknowledgeAsync(ct)), stoppingToken);
                return;

            default:
                return;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Ingest subscribed on {Host}:{Port} to {MetricsFilter} and status (session resumed: {SessionPresent})")]
        public static partial void Subscribed(ILogger logger, string host, int port, string metricsFilter, bool sessionPresent);

        [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Unsubscribing before ending the session failed, the broker keeps the session: {Reason}")]
        public static partial void UnsubscribeFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Unsubscribed and caught up: ending the MQTT session (Collector:Broker:EndSessionOnStop)")]
        public static partial void SessionEnding(ILogger logger);

        [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "The broker refused the subscription to {Filter}: {ResultCode}")]
        public static partial void SubscriptionRefused(ILogger logger, string filter, string resultCode);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Broker {Host}:{Port} unreachable: {Reason}")]
        public static partial void ConnectFailed(ILogger logger, string host, int port, string reason);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Broker {Host}:{Port} refused the collector: {ResultCode}")]
        public static partial void ConnectRefused(ILogger logger, string host, int port, string resultCode);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Message on {Topic} ignored: not alpi/<tenant>/<host>/<metrics|status|events>")]
        public static partial void BadTopic(ILogger logger, string topic);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Message on {Topic} rejected: {Length} octets, limit {Limit}")]
        public static partial void Oversized(ILogger logger, string topic, long length, int limit);

        [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Status message on {Topic} rejected: {Reason}")]
        public static partial void BadStatus(ILogger logger, string topic, string reason);

        [LoggerMessage(EventId = 9, Level = LogLevel.Trace, Message = "Received {Topic}, {Length} octets")]
        public static partial void Received(ILogger logger, string topic, long length);

        [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "Message on {Topic} could not be processed: {Reason}")]
        public static partial void MessageFailed(ILogger logger, string topic, string reason);

        [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Stopping with {InFlight} batches not yet stored; they stay unacknowledged and are redelivered")]
        public static partial void NotDrained(ILogger logger, long inFlight);
    }
}
