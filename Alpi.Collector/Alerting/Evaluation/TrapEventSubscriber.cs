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
/// publishes each trap there once it is stored. Its MQTT session follows the ingest's settings
/// (<see cref="CollectorMqttClientOptions.WithIngestSession"/>): a persistent session with
/// <c>Collector:Broker:SessionExpiry</c> (default 1 day) keeps events queued at an external broker while this client
/// reconnects or the collector restarts, or a clean start when it is zero; with <c>Collector:Broker:EndSessionOnStop</c>
/// it unsubscribes and ends its session on stop, so that a collector leaving a cluster leaves no share of the events
/// queued for it. Events of other kinds are ignored. In a cluster (<c>Collector:Cluster:Enabled</c>)
/// the collectors share one subscription (<see cref="ClusterShareGroup"/>).
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
                if (broker.EndSessionOnStop)
                {
                    // Leaving for good: no more events routed here (in a cluster, the others get this share).
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await client.UnsubscribeAsync(new MqttClientUnsubscribeOptionsBuilder().WithTopicFilter(Filter()).Build(), timeout.Token);
                }

                await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), CancellationToken.None);
                if (broker.EndSessionOnStop)
                {
                    await EndSessionAsync(client, broker);
                }
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                // Already gone.
            }
        }
    }

    /// <summary>
    /// Ends this client's session at the broker: a clean start discards it (MQTT 5 §3.1.2.4) and a Session Expiry
    /// Interval of 0 ends the new one with the connection (§3.1.2.11.2). A DISCONNECT with a Session Expiry Interval of
    /// 0 (§3.14.2.2.2) sent through MQTTnet 5.2 left the session in Mosquitto 2.0.11 (measured by the tests: MQTTnet
    /// appears to leave out a property equal to its default), hence this extra connection.
    /// </summary>
    private static async Task EndSessionAsync(IMqttClient client, CollectorBrokerOptions broker)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var options = CollectorMqttClientOptions.Builder(broker, CollectorMqttClientOptions.IngestClientId(broker) + "-alerts")
            .WithCleanStart(true).WithSessionExpiryInterval(0).Build();
        await client.ConnectAsync(options, timeout.Token);
        await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), CancellationToken.None);
    }

    /// <summary>The subscription: the events of every host, shared between the collectors of a cluster.</summary>
    private string Filter() => options.Value.Cluster.Enabled ? $"$share/{ClusterShareGroup}/{AlpiTopic.AllEvents}" : AlpiTopic.AllEvents;

    private async Task<bool> TryConnectAsync(IMqttClient client, CollectorBrokerOptions broker, CancellationToken cancellationToken)
    {
        var builder = CollectorMqttClientOptions.Builder(broker, CollectorMqttClientOptions.IngestClientId(broker) + "-alerts")
            .WithIngestSession(broker);
        try
        {
            var result = await client.ConnectAsync(builder.Build(), cancellationToken);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                Log.ConnectRefused(logger, broker.Host, broker.Port, result.ResultCode.ToString());
                return false;
            }

            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(f => f.WithTopic(Filter()).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)).Build(), cancellationToken);
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
