using System.Globalization;
using System.Text;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace Alpi.Collector.Tests.Integration;

/// <summary>
/// An agent as the Alpi agent behaves with its disk buffer: publishes numbered messages at QoS 1 one after the other,
/// and sends a message again (the same payload, so the same points and timestamps) until it gets a successful PUBACK,
/// reconnecting as long as the broker is away. Message m holds points <c>seq,run=&lt;run&gt; v=&lt;i&gt;i &lt;ts&gt;</c> for
/// i in [m × points, (m + 1) × points), with distinct timestamps 1 µs apart.
/// </summary>
internal sealed class ResendingPublisher(int port, string tenant, string host, string run, string? userName = null, string? password = null)
{
    private const long Start = 1_700_000_000_000_000_000L;
    private int _acknowledged;
    private int _resends;

    /// <summary>Messages acknowledged so far.</summary>
    public int Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>Attempts that got no successful PUBACK (the broker away, the connection lost) and were made again.</summary>
    public int Resends => Volatile.Read(ref _resends);

    /// <summary>
    /// Publishes <paramref name="messages"/> messages of <paramref name="points"/> points; <paramref name="afterEach"/> gets
    /// the count acknowledged after each PUBACK, before the next message. Gives up when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task RunAsync(int messages, int points, Func<int, Task>? afterEach, CancellationToken cancellationToken)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            for (var m = 0; m < messages; m++)
            {
                var message = new MqttApplicationMessageBuilder().WithTopic($"alpi/{tenant}/{host}/metrics")
                    .WithPayload(Payload(m, points)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    try
                    {
                        if (!client.IsConnected)
                        {
                            client.Dispose();
                            client = new MqttClientFactory().CreateMqttClient();
                            var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port)
                                .WithClientId($"pub-{tenant}-{host}").WithTimeout(TimeSpan.FromSeconds(5));
                            if (userName is not null)
                            {
                                options = options.WithCredentials(userName, password);
                            }

                            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                            connectTimeout.CancelAfter(TimeSpan.FromSeconds(5));
                            await client.ConnectAsync(options.Build(), connectTimeout.Token);
                        }

                        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        timeout.CancelAfter(TimeSpan.FromSeconds(20));
                        var result = await client.PublishAsync(message, timeout.Token);
                        result.ReasonCode.Should().BeOneOf(MqttClientPublishReasonCode.Success, MqttClientPublishReasonCode.NoMatchingSubscribers);
                        break;
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested
                        && e is MqttCommunicationException or OperationCanceledException or InvalidOperationException or IOException)
                    {
                        Interlocked.Increment(ref _resends);
                        await Task.Delay(100, cancellationToken);
                    }
                }

                Interlocked.Increment(ref _acknowledged);
                if (afterEach is not null)
                {
                    await afterEach(m + 1);
                }
            }

            try
            {
                await client.DisconnectAsync(cancellationToken: CancellationToken.None);
            }
            catch (MqttCommunicationException)
            {
                // Every message was acknowledged; the collector may have been killed right after the last PUBACK
                // (afterEach), which resets the connection this DISCONNECT is written to.
            }
        }
        finally
        {
            client.Dispose();
        }
    }

    private byte[] Payload(int message, int points)
    {
        var text = new StringBuilder(points * 60);
        for (var p = 0; p < points; p++)
        {
            var i = ((long)message * points) + p;
            text.Append(CultureInfo.InvariantCulture, $"seq,run={run} v={i}i {Start + (i * 1000L)}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
