using Alpi.Collector.Alerting.Notifications.Channels.Webhook;
using Alpi.Collector.Broker;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace Alpi.Collector.Alerting.Notifications.Channels.Mqtt;

/// <summary>
/// The MQTT channel (<c>mqtt</c>): publishes each notification of a message as JSON (<see cref="WebhookPayloads.Json"/>
/// of that one notification) with QoS 1 on the configured topic, through its own client on the collector's broker
/// (<c>Collector:Broker</c>), connected on first use and again after a loss. Outcomes: broker unreachable or a
/// transient PUBACK reason retryable; <c>NotAuthorized</c> or <c>TopicNameInvalid</c> failed (MQTT 5 §3.4.2.1).
/// </summary>
public sealed class MqttNotifier(IOptions<CollectorOptions> options) : IAlertNotifier, IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private IMqttClient? _client;

    /// <inheritdoc />
    public string Name => "mqtt";

    /// <inheritdoc />
    public async ValueTask<NotifyResult> NotifyAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var channel = options.Value.Alerting.Mqtt;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var client = await ConnectAsync(cancellationToken);
            if (client is null)
            {
                return NotifyResult.Retry("the collector's broker is unreachable");
            }

            foreach (var item in message.Items)
            {
                var single = message with { Items = [item] };
                var topic = ChannelTemplate.Render(channel.Topic, single, message.Recipient, Notifications.NotificationText.Line(item),
                    v => v.Replace('/', '_').Replace('+', '_').Replace('#', '_'));
                var payload = WebhookPayloads.Json(single).ToJsonString();
                var publish = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithContentType("application/json")
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(channel.Retain).Build();
                var result = await client.PublishAsync(publish, cancellationToken);
                if (!result.IsSuccess)
                {
                    var reason = $"broker refused {topic}: {result.ReasonCode}";
                    return result.ReasonCode is MqttClientPublishReasonCode.NotAuthorized or MqttClientPublishReasonCode.TopicNameInvalid
                        ? NotifyResult.Fail(reason)
                        : NotifyResult.Retry(reason);
                }
            }

            return NotifyResult.Delivered;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or IOException or InvalidOperationException)
        {
            return NotifyResult.Retry("MQTT: " + e.Message);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Disconnects.</summary>
    public void Dispose()
    {
        _client?.Dispose();
        _lock.Dispose();
    }

    private async Task<IMqttClient?> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true })
        {
            return _client;
        }

        var broker = options.Value.Broker;
        _client ??= new MqttClientFactory().CreateMqttClient();
        try
        {
            var builder = CollectorMqttClientOptions.Builder(broker, CollectorMqttClientOptions.IngestClientId(broker) + "-notify").WithCleanStart(true);
            var result = await _client.ConnectAsync(builder.Build(), cancellationToken);
            return result.ResultCode == MqttClientConnectResultCode.Success ? _client : null;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or System.Net.Sockets.SocketException or IOException)
        {
            return null;
        }
    }
}
