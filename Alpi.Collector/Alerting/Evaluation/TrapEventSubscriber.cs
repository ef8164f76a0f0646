using System.Text.Json;
using Alpi.Collector.Broker;
using Alpi.Collector.Traps;
using Alpi.Protocols.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace Alpi.Collector.Alerting.Evaluation;

/// <summary>
/// Feeds SNMP trap events to the trap rules from the public events topic, <c>alpi/+/+/events</c> (QoS 1), as any
/// consumer would — the alert engine uses no private channel (ARCHITECTURE.md). The <see cref="TrapPublisher"/>
/// publishes each trap there once it is stored. A persistent session (clean start off, 1-day expiry) keeps events
/// queued at an external broker while this client reconnects. Events of other kinds are ignored. In a cluster
/// (<c>Collector:Cluster:Enabled</c>) the collectors share one subscription (<see cref="ClusterShareGroup"/>).
/// </summary>
public sealed partial class TrapEventSubscriber(
    AlertingService alerting,
    IOptions<CollectorOptions> options,
    TimeProvider timeProvider,
    ILogger<TrapEventSubscriber> logger) : BackgroundService
{
    /// <summary>
    /// The MQTT 5 shared subscription group of the collectors of a cluster (<c>$share/alpi-alerting/alpi/+/+/events</c>):
    /// the broker hands each event to one of them, so that a trap is applied to the shared alert state once.
    /// </summary>
    public const string ClusterShareGroup = "alpi-alerting";

    /// <summary>True while connected and subscribed.</summary>
    public bool IsSubscribed { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var broker = options.Value.Broker;
        try
        {
            await alerting.Ready.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e => OnMessageAsync(e, stoppingToken);
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!client.IsConnected)
            {
                IsSubscribed = false;
                delay = await TryConnectAsync(client, broker, stoppingToken) ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
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

    private async Task<bool> TryConnectAsync(IMqttClient client, CollectorBrokerOptions broker, CancellationToken cancellationToken)
    {
        var builder = CollectorMqttClientOptions.Builder(broker, CollectorMqttClientOptions.IngestClientId(broker) + "-alerts")
            .WithCleanStart(false)
            .WithSessionExpiryInterval(24 * 3600);
        try
        {
            var result = await client.ConnectAsync(builder.Build(), cancellationToken);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                Log.ConnectRefused(logger, broker.Host, broker.Port, result.ResultCode.ToString());
                return false;
            }

            var filter = options.Value.Cluster.Enabled ? $"$share/{ClusterShareGroup}/{AlpiTopic.AllEvents}" : AlpiTopic.AllEvents;
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)).Build(), cancellationToken);
            IsSubscribed = true;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or System.Net.Sockets.SocketException or IOException)
        {
            Log.ConnectFailed(logger, broker.Host, broker.Port, e.Message);
            return false;
        }
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e, CancellationToken stoppingToken)
    {
        TrapEvent? trap;
        try
        {
            var payload = e.ApplicationMessage.Payload;
            using var document = JsonDocument.Parse(payload);
            if (!document.RootElement.TryGetProperty("kind", out var kind) || kind.GetString() != "snmp_trap")
            {
                return;
            }

            trap = document.RootElement.Deserialize(TrapJsonContext.Default.TrapEvent);
        }
        catch (JsonException ex)
        {
            Log.BadEvent(logger, e.ApplicationMessage.Topic, ex.Message);
            return;
        }

        if (trap is null)
        {
            return;
        }

        try
        {
            await alerting.ApplyTrapAsync(trap, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            e.AutoAcknowledge = false; // not applied: let the broker redeliver it
        }
        catch (System.Data.Common.DbException ex)
        {
            // Clustered, the engine's turn could not be taken: not applied, let the broker redeliver it.
            e.AutoAcknowledge = false;
            Log.ApplyFailed(logger, e.ApplicationMessage.Topic, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // MQTTnet swallows handler exceptions: log it whole so that a bug shows.
            Log.ApplyFailed(logger, e.ApplicationMessage.Topic, ex.ToString());
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Alerting: broker {Host}:{Port} unreachable for trap events: {Reason}")]
        public static partial void ConnectFailed(ILogger logger, string host, int port, string reason);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Alerting: broker {Host}:{Port} refused the trap-event subscriber: {ResultCode}")]
        public static partial void ConnectRefused(ILogger logger, string host, int port, string resultCode);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Alerting: unreadable event on {Topic} ignored: {Reason}")]
        public static partial void BadEvent(ILogger logger, string topic, string reason);

        [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Alerting: trap event on {Topic} not applied: {Reason}")]
        public static partial void ApplyFailed(ILogger logger, string topic, string reason);
    }
}
