using System.Collections.Concurrent;
using System.Text;
using Alpi.Protocols.LineProtocol;
using MQTTnet;
using MQTTnet.Protocol;

namespace Alpi.Agent.Tests.Publishing;

/// <summary>
/// One message received on an agent's metrics topic: its points, and from its <c>alpi_agent_buffer</c> point (if
/// any) the round's sequence (<c>enqueued_batches</c>) and the buffer's figures.
/// </summary>
internal sealed record ReceivedBatch(IReadOnlyList<LinePoint> Points, DateTimeOffset ArrivedAt)
{
    public LinePoint? Buffer => Points.FirstOrDefault(p => p.Measurement == "alpi_agent_buffer");

    /// <summary>The collection round of the agent process that sent it (from 0), or -1 for a batch without buffer figures.</summary>
    public long Sequence => Buffer is { } b ? Field(b, "enqueued_batches") : -1;

    /// <summary>The round's timestamp (ns since the Unix epoch), the same on every point of a round.</summary>
    public long Timestamp => Points[0].Timestamp ?? 0;

    public long Figure(string field) => Field(Buffer ?? throw new InvalidOperationException("no alpi_agent_buffer point"), field);

    private static long Field(LinePoint point, string key) =>
        point.Fields.Single(f => f.Key == key).Value.AsInteger;
}

/// <summary>
/// A QoS 1 subscriber to <c>alpi/&lt;tenant&gt;/&lt;host&gt;/metrics</c> with a persistent session (clean start off,
/// one-hour expiry), so that a persistent broker keeps what arrives for it while the broker restarts.
/// </summary>
internal sealed class MetricsSubscriber : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<ReceivedBatch> _received = new();
    private readonly MqttClientOptions _options;
    private readonly string _topic;

    private MetricsSubscriber(int port, string tenant, string host)
    {
        _topic = $"alpi/{tenant}/{host}/metrics";
        _options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId("buffer-test-subscriber-" + Guid.NewGuid().ToString("N")[..8])
            .WithCleanStart(false)
            .WithSessionExpiryInterval(3600)
            .Build();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var result = LineProtocolParser.Parse(Encoding.UTF8.GetString(e.ApplicationMessage.Payload));
            _received.Enqueue(new ReceivedBatch(result.Points, TimeProvider.System.GetUtcNow()));
            return Task.CompletedTask;
        };
    }

    /// <summary>Every message received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedBatch> Received => [.. _received];

    public static async Task<MetricsSubscriber> ConnectAsync(int port, string tenant, string host)
    {
        var subscriber = new MetricsSubscriber(port, tenant, host);
        await subscriber.ReconnectAsync();
        return subscriber;
    }

    /// <summary>Connects (again, after a broker restart) and subscribes when the broker did not keep the session.</summary>
    public async Task ReconnectAsync()
    {
        // After a broker restart the client may not have noticed yet that its connection is gone.
        for (var i = 0; i < 50 && _client.IsConnected; i++)
        {
            await Task.Delay(100);
        }

        var result = await _client.ConnectAsync(_options);
        result.ResultCode.Should().Be(MqttClientConnectResultCode.Success);
        if (!result.IsSessionPresent)
        {
            await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(f => f.WithTopic(_topic).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
                .Build());
        }
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until <paramref name="condition"/> holds on what was received.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<ReceivedBatch>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (!condition(Received))
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting for {what}; received {Received.Count} messages");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
