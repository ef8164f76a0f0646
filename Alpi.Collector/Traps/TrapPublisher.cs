using System.Data.Common;
using System.Text.Json;
using Alpi.Collector.Broker;
using Alpi.Collector.Ingest;
using Alpi.Protocols.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace Alpi.Collector.Traps;

/// <summary>
/// Publishes stored trap events as JSON on <c>alpi/&lt;tenant&gt;/&lt;device&gt;/events</c> with QoS 1 through its own
/// MQTTnet client on the collector's broker (<c>Collector:Broker</c>). The store is the queue: each event is marked
/// published once the broker acknowledged it; while the broker is away events stay stored, the failure is counted,
/// and they are published when it comes back (checked on every new event and every 5 seconds).
/// </summary>
public sealed partial class TrapPublisher(
    TrapEventStore store,
    TrapStatistics statistics,
    IOptions<CollectorOptions> options,
    TimeProvider timeProvider,
    ILogger<TrapPublisher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    /// <summary>Tells the publisher a new event was stored.</summary>
    public void Notify() => _signal.Release();

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Traps.Enabled)
        {
            return;
        }

        // The receiver creates the tables too, but it starts after this service: without this the first read fails.
        await store.InitializeAsync(stoppingToken);
        var broker = options.Value.Broker;
        using var client = new MqttClientFactory().CreateMqttClient();
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!client.IsConnected && !await TryConnectAsync(client, broker, stoppingToken))
                {
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                    await Task.Delay(delay, timeProvider, stoppingToken);
                    continue;
                }

                delay = TimeSpan.FromMilliseconds(200);
                await PublishPendingAsync(client, stoppingToken);
                await _signal.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        if (client.IsConnected)
        {
            try
            {
                await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), CancellationToken.None);
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // Already gone.
            }
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }

    private async Task PublishPendingAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        while (true)
        {
            IReadOnlyList<TrapEvent> pending;
            try
            {
                pending = await store.ListUnpublishedAsync(100, cancellationToken);
            }
            catch (DbException e)
            {
                Log.StoreFailed(logger, e.Message);
                return;
            }

            foreach (var trap in pending)
            {
                var topic = AlpiTopic.Create(trap.Tenant, trap.Device, AlpiTopicKind.Events).ToString();
                var message = new MqttApplicationMessageBuilder()
                    .WithTopic(topic)
                    .WithPayload(JsonSerializer.SerializeToUtf8Bytes(trap, TrapJsonContext.Default.TrapEvent))
                    .WithContentType("application/json")
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                try
                {
                    var result = await client.PublishAsync(message, cancellationToken);
                    if (!result.IsSuccess)
                    {
                        statistics.CountPublishFailure();
                        Log.PublishRefused(logger, topic, result.ReasonCode.ToString());
                        return;
                    }
                }
                catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or IOException)
                {
                    statistics.CountPublishFailure();
                    Log.PublishFailed(logger, topic, e.Message);
                    return;
                }

                statistics.CountPublished();
                await store.MarkPublishedAsync(trap.Id, cancellationToken);
            }

            if (pending.Count < 100)
            {
                return;
            }
        }
    }

    private async Task<bool> TryConnectAsync(IMqttClient client, CollectorBrokerOptions broker, CancellationToken cancellationToken)
    {
        var builder = CollectorMqttClientOptions.Builder(broker, CollectorMqttClientOptions.IngestClientId(broker) + "-traps")
            .WithCleanStart(true);

        try
        {
            var result = await client.ConnectAsync(builder.Build(), cancellationToken);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                Log.ConnectRefused(logger, broker.Host, broker.Port, result.ResultCode.ToString());
                return false;
            }

            return true;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or System.Net.Sockets.SocketException or IOException)
        {
            Log.ConnectFailed(logger, broker.Host, broker.Port, e.Message);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Trap publisher: broker {Host}:{Port} unreachable, events stay stored and are published later: {Reason}")]
        public static partial void ConnectFailed(ILogger logger, string host, int port, string reason);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Trap publisher: broker {Host}:{Port} refused the connection: {ResultCode}")]
        public static partial void ConnectRefused(ILogger logger, string host, int port, string resultCode);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Trap event on {Topic} not acknowledged by the broker ({ReasonCode}); retried later")]
        public static partial void PublishRefused(ILogger logger, string topic, string reasonCode);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Trap event on {Topic} not published, retried later: {Reason}")]
        public static partial void PublishFailed(ILogger logger, string topic, string reason);

        [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Trap publisher could not read the event store, retried later: {Reason}")]
        public static partial void StoreFailed(ILogger logger, string reason);
    }
}
