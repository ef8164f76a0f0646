using System.Collections.Concurrent;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Alpi.Collector.Tests.Broker;

/// <summary>
/// An MQTTnet client for broker tests: connects with given credentials (and optionally TLS trusting one CA), keeps every
/// message it receives, publishes with QoS 1.
/// </summary>
internal sealed class MqttTestClient : IDisposable
{
    private readonly ConcurrentQueue<(string Topic, string Payload)> _received = new();

    private MqttTestClient(IMqttClient client)
    {
        Client = client;
        client.ApplicationMessageReceivedAsync += e =>
        {
            _received.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload)));
            return Task.CompletedTask;
        };
    }

    public IMqttClient Client { get; }

    public MqttClientConnectResult ConnectResult { get; private set; } = null!;

    public IReadOnlyCollection<(string Topic, string Payload)> Received => _received;

    /// <summary>Connects (without asserting success: see <see cref="ConnectResult"/>).</summary>
    public static Task<MqttTestClient> ConnectAsync(int port, string? user, string? password, string? clientId = null,
        MqttProtocolVersion version = MqttProtocolVersion.V500, Action<MqttClientOptionsBuilder>? configure = null)
    {
        var builder = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId ?? "test-" + Guid.NewGuid().ToString("N")[..8]).WithProtocolVersion(version).WithTimeout(TimeSpan.FromSeconds(10));
        if (user is not null)
        {
            builder = builder.WithCredentials(user, password);
        }

        configure?.Invoke(builder);
        return ConnectAsync(builder.Build());
    }

    /// <summary>Connects with <paramref name="options"/> (without asserting success).</summary>
    public static async Task<MqttTestClient> ConnectAsync(MqttClientOptions options)
    {
        var test = new MqttTestClient(new MqttClientFactory().CreateMqttClient());
        test.ConnectResult = await test.Client.ConnectAsync(options);
        return test;
    }

    /// <summary>Subscribes to <paramref name="filter"/> with QoS 1.</summary>
    /// <returns>The broker's answer for the filter.</returns>
    public async Task<MqttClientSubscribeResultCode> SubscribeAsync(string filter)
    {
        var result = await Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return result.Items.Single().ResultCode;
    }

    /// <summary>Publishes <paramref name="payload"/> with QoS 1.</summary>
    public Task<MqttClientPublishResult> PublishAsync(string topic, string payload, bool retain = false) =>
        Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());

    /// <summary>The payload of the first message on <paramref name="topic"/> (with <paramref name="payload"/> if given), or null after 10 s.</summary>
    public Task<string?> WaitForAsync(string topic, string? payload = null) =>
        Alpi.Testing.Eventually.WaitAsync(() => Task.FromResult(_received.Where(m => m.Topic == topic && (payload is null || m.Payload == payload))
            .Select(m => m.Payload).FirstOrDefault()), TimeSpan.FromSeconds(10));

    public void Dispose() => Client.Dispose();
}
