using Alpi.Agent.Inventory;
using Alpi.Agent.Publishing.KeepAlive;
using Alpi.Protocols.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace Alpi.Agent.Publishing;

/// <summary>
/// Keeps the agent connected to its MQTT 5 broker and publishes the <see cref="MetricBacklog"/> to
/// <c>alpi/&lt;tenant&gt;/&lt;host&gt;/metrics</c> with QoS 1, oldest first. On connect it publishes the retained
/// <c>online</c> birth message with inventory on <c>…/status</c>, with <c>offline</c> as its last will; on a
/// clean stop it flushes the queue (up to 5 seconds) and publishes <c>offline</c> itself, since a clean
/// DISCONNECT does not fire the will (MQTT 5 §3.1.2.5). A batch leaves the queue only once the broker acknowledged
/// it (PUBACK, MQTT 5 §4.3.2); on failure it stays at the head and is sent again after reconnecting, so after a
/// broker outage or an agent restart the queued batches go out in order before the live ones. A batch the broker
/// refuses for good (<see cref="PublishRefusal.IsPermanent"/>: too large, say) is dropped, logged with its topic and
/// size, and counted by reason (<see cref="MetricBacklog.RefusedByReason"/>), and the next batch goes on. A connection
/// lost while the loop waits for the next batch (the broker closed it, or <see cref="KeepAlive.AgentKeepAlive"/> gave up
/// on an unanswered ping) is opened again at once, not at the next collection.
/// </summary>
public sealed partial class MqttPublishLoop(
    MetricBacklog queue,
    IOptions<AgentOptions> options,
    TimeProvider timeProvider,
    ILogger<MqttPublishLoop> logger) : BackgroundService
{
    private readonly DateTimeOffset _startedAt = timeProvider.GetUtcNow();
    private IMqttClient? _client;
    private CancellationTokenSource? _connection;
    private long _published;

    /// <summary>Batches acknowledged by the broker since start.</summary>
    public long PublishedBatches => Interlocked.Read(ref _published);

    /// <summary>True while connected to the broker.</summary>
    public bool IsConnected => _client?.IsConnected == true;

    /// <summary>Opens the backlog's buffer file before the first collection, then starts publishing.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        queue.Open();
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var agent = options.Value;
        var metricsTopic = AlpiTopic.Create(agent.Tenant, agent.Host, AlpiTopicKind.Metrics).ToString();
        var keepAlive = new AgentKeepAlive(AgentMqttClientOptions.KeepAlive, timeProvider, logger);
        using var client = new MqttClientFactory().CreateMqttClient(new KeepAliveAdapterFactory(keepAlive));
        _client = client;
        // The connection's lifetime as a token: cancelled by MQTTnet's disconnected event, so that a loop waiting for
        // the next batch wakes up and reconnects.
        client.DisconnectedAsync += _ =>
        {
            CancelConnection();
            return Task.CompletedTask;
        };
        var keepAliveLoop = keepAlive.RunAsync(client, stoppingToken);
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!client.IsConnected || _connection is { IsCancellationRequested: true })
            {
                if (!await TryConnectAsync(client, agent, stoppingToken))
                {
                    queue.MarkAway();
                    await DelayAsync(delay, stoppingToken);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, agent.Broker.MaxReconnectDelay.Ticks));
                    continue;
                }

                delay = TimeSpan.FromSeconds(1);
                queue.MarkConnected();
                StartConnection(client, stoppingToken);
            }

            QueuedBatch? leased = null;
            var lost = false;
            var connection = _connection?.Token ?? stoppingToken;
            try
            {
                leased = await queue.LeaseOldestAsync(connection);
                var outcome = await PublishAsync(client, metricsTopic, leased, connection);
                if (outcome == PublishOutcome.Acknowledged)
                {
                    queue.Acknowledge(leased);
                    leased = null;
                }
                else if (outcome == PublishOutcome.Refused)
                {
                    leased = null; // removed and counted by PublishAsync; the next batch goes at once
                }
                else
                {
                    await DelayAsync(delay, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (OperationCanceledException) when (connection.IsCancellationRequested)
            {
                Log.ConnectionLost(logger, agent.Broker.Host, agent.Broker.Port, queue.Count);
                lost = true;
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
            {
                Log.PublishFailed(logger, e.Message);
                lost = true;
            }
            finally
            {
                if (leased is not null)
                {
                    queue.Release(leased);
                }
            }

            if (lost)
            {
                queue.MarkAway(); // with Agent:Buffer:Kind=DiskWhenAway the waiting batches go to the disk now
            }
        }

        await ShutdownAsync(client, agent, metricsTopic);
        await keepAliveLoop;
        Interlocked.Exchange(ref _connection, null)?.Dispose();
    }

    /// <summary>A fresh token for the connection just opened; cancelled if it is already gone again.</summary>
    private void StartConnection(IMqttClient client, CancellationToken stoppingToken)
    {
        var previous = Interlocked.Exchange(ref _connection, CancellationTokenSource.CreateLinkedTokenSource(stoppingToken));
        previous?.Dispose();
        if (!client.IsConnected)
        {
            CancelConnection(); // dropped between CONNACK and here: the event may have fired before the token existed
        }
    }

    private void CancelConnection()
    {
        try
        {
            Volatile.Read(ref _connection)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Replaced by the next connection's token meanwhile: that connection is the one that counts.
        }
    }

    private async Task<bool> TryConnectAsync(IMqttClient client, AgentOptions agent, CancellationToken cancellationToken)
    {
        var statusTopic = AlpiTopic.Create(agent.Tenant, agent.Host, AlpiTopicKind.Status).ToString();
        try
        {
            // Address, credentials and TLS in AgentMqttClientOptions; the session and the will here.
            var builder = AgentMqttClientOptions.Builder(agent)
                // The agent keeps the connection alive itself (AgentKeepAlive, far fewer wake-ups than MQTTnet's loop);
                // KeepAliveAdapterFactory still puts AgentMqttClientOptions.KeepAlive into the CONNECT packet.
                .WithKeepAlivePeriod(TimeSpan.Zero)
                .WithCleanStart(true)
                .WithWillTopic(statusTopic)
                .WithWillPayload(new HostStatusMessage { Status = HostStatusMessage.Offline }.ToPayload())
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithWillRetain(true);
            var result = await client.ConnectAsync(builder.Build(), cancellationToken);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                Log.ConnectRefused(logger, agent.Broker.Host, agent.Broker.Port, result.ResultCode.ToString());
                return false;
            }

            var birth = new MqttApplicationMessageBuilder()
                .WithTopic(statusTopic)
                .WithPayload(InventoryProbe.Probe(_startedAt, agent.Site).ToPayload())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(true)
                .WithContentType("application/json")
                .Build();
            await client.PublishAsync(birth, cancellationToken);
            Log.Connected(logger, agent.Broker.Host, agent.Broker.Port, queue.Count);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or System.Net.Sockets.SocketException or IOException
                                       or System.Security.Cryptography.CryptographicException or System.Security.Authentication.AuthenticationException
                                       // MQTTnet's "Not allowed to connect while connect/disconnect is pending": the previous
                                       // connection is still being torn down (the broker dropped it a moment ago). Try again later.
                                       or InvalidOperationException)
        {
            Log.ConnectFailed(logger, agent.Broker.Host, agent.Broker.Port, e.Message, queue.Count);
            return false;
        }
    }

    private enum PublishOutcome
    {
        Acknowledged,
        Retry,
        Refused,
    }

    private async Task<PublishOutcome> PublishAsync(IMqttClient client, string topic, QueuedBatch queued, CancellationToken cancellationToken)
    {
        var batch = queued.Batch;
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(new System.Buffers.ReadOnlySequence<byte>(batch.Payload)) // the batch's bytes, not a copy
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithContentType("text/plain; charset=utf-8")
            .Build();
        var result = await client.PublishAsync(message, cancellationToken);
        if (result.IsSuccess || result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers)
        {
            Interlocked.Increment(ref _published);
            return PublishOutcome.Acknowledged;
        }

        if (PublishRefusal.IsPermanent(result.ReasonCode))
        {
            var reason = PublishRefusal.Name(result.ReasonCode);
            queue.Refuse(queued, reason);
            Log.PublishRefusedForGood(logger, topic, batch.Payload.Length, batch.PointCount, reason, result.ReasonString ?? "");
            return PublishOutcome.Refused;
        }

        Log.PublishRejected(logger, topic, result.ReasonCode.ToString(), result.ReasonString ?? "");
        return PublishOutcome.Retry;
    }

    private async Task ShutdownAsync(IMqttClient client, AgentOptions agent, string metricsTopic)
    {
        if (!client.IsConnected)
        {
            LogStopped(flushed: 0, "broker not connected, the will announces offline");
            return;
        }

        var flushed = 0;
        using var flush = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            // What is not flushed stays in the buffer for the next start.
            while (queue.TryLeaseOldest(out var batch))
            {
                var outcome = PublishOutcome.Retry;
                try
                {
                    outcome = await PublishAsync(client, metricsTopic, batch, flush.Token);
                }
                finally
                {
                    if (outcome == PublishOutcome.Acknowledged)
                    {
                        queue.Acknowledge(batch);
                        flushed++;
                    }
                    else if (outcome == PublishOutcome.Retry)
                    {
                        queue.Release(batch);
                    }
                }

                if (outcome == PublishOutcome.Retry)
                {
                    break;
                }
            }

            var offline = new MqttApplicationMessageBuilder()
                .WithTopic(AlpiTopic.Create(agent.Tenant, agent.Host, AlpiTopicKind.Status).ToString())
                .WithPayload(new HostStatusMessage { Status = HostStatusMessage.Offline }.ToPayload())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(true)
                .Build();
            await client.PublishAsync(offline, flush.Token);
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), flush.Token);
            LogStopped(flushed, "offline status published");
        }
        catch (Exception e) when (e is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            LogStopped(flushed, $"the broker did not answer within 5 s ({e.Message}), the will announces offline");
        }
    }

    /// <summary>The stop's one line: what was flushed, how the offline status goes out, and whether what is left survives (disk buffer) or not (memory).</summary>
    private void LogStopped(int flushed, string status)
    {
        var left = queue.Count;
        if (left == 0 || queue.IsDurable) // IsDurable: on disk, or a DiskWhenAway queue in memory whose folder takes it at Dispose
        {
            Log.Stopped(logger, flushed, status, left);
        }
        else
        {
            Log.StoppedLosingBatches(logger, flushed, status, left);
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, timeProvider, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop condition ends the loop.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Connected to broker {Host}:{Port}; {Queued} batches queued")]
        public static partial void Connected(ILogger logger, string host, int port, int queued);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Broker {Host}:{Port} unreachable ({Reason}); {Queued} batches queued")]
        public static partial void ConnectFailed(ILogger logger, string host, int port, string reason, int queued);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Broker {Host}:{Port} refused the connection: {ResultCode}")]
        public static partial void ConnectRefused(ILogger logger, string host, int port, string resultCode);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Publishing failed, will retry after reconnecting: {Reason}")]
        public static partial void PublishFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Broker rejected a batch on {Topic}: {ReasonCode} {ReasonString}")]
        public static partial void PublishRejected(ILogger logger, string topic, string reasonCode, string reasonString);

        [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "Broker refused a batch on {Topic} for good ({Bytes} octets, {Points} points): {Reason} {ReasonString}; dropped from the buffer, the next batches go on")]
        public static partial void PublishRefusedForGood(ILogger logger, string topic, int bytes, int points, string reason, string reasonString);

        [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Connection to broker {Host}:{Port} lost; reconnecting, {Queued} batches queued")]
        public static partial void ConnectionLost(ILogger logger, string host, int port, int queued);

        [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Stopped: {Flushed} batches flushed at the stop, {Status}; {Left} batches kept in the disk buffer for the next start")]
        public static partial void Stopped(ILogger logger, int flushed, string status, int left);

        [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Stopped: {Flushed} batches flushed at the stop, {Status}; {Left} batches not acknowledged are lost (memory buffer, Agent:Buffer:Kind=Memory or the disk buffer could not be opened)")]
        public static partial void StoppedLosingBatches(ILogger logger, int flushed, string status, int left);
    }
}
