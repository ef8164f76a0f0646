using System.Globalization;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;

/// <summary>
/// One simulated agent: its own MQTTnet connection (client id <c>scale-N</c>), publishing every interval one batch of
/// 10 lines × 10 fields (100 series: measurement <c>host_stats</c>, tag <c>i=0…9</c>, fields <c>f0…f9</c>) to
/// <c>alpi/scale/aN/metrics</c> with QoS 1, as an agent's round. A batch the broker did not acknowledge is retried
/// at the next tick (as the agent's store-and-forward buffer would) and counted.
/// </summary>
internal sealed class SimulatedAgent(int index, int brokerPort)
{
    public const int Lines = 10;
    public const int Fields = 10;

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private int _round;

    public long Acknowledged { get; private set; }

    public long Failures { get; private set; }

    public async Task ConnectAsync(CancellationToken cancellation) =>
        await _client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", brokerPort)
            .WithClientId($"scale-{index}").WithKeepAlivePeriod(TimeSpan.FromSeconds(30)).Build(), cancellation);

    public async Task RunAsync(TimeSpan interval, TimeSpan phase, DateTimeOffset until, CancellationToken cancellation)
    {
        await Task.Delay(phase, cancellation);
        using var timer = new PeriodicTimer(interval);
        var pending = new Queue<byte[]>();
        do
        {
            if (TimeProvider.System.GetUtcNow() >= until)
            {
                break;
            }

            pending.Enqueue(Payload(_round++));
            while (pending.Count > 0)
            {
                try
                {
                    if (!_client.IsConnected)
                    {
                        await ConnectAsync(cancellation);
                    }

                    var result = await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"alpi/scale/a{index}/metrics")
                        .WithPayload(pending.Peek()).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellation);
                    if (!result.IsSuccess)
                    {
                        Failures++;
                        break;
                    }

                    pending.Dequeue();
                    Acknowledged++;
                }
                catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or TimeoutException)
                {
                    Failures++;
                    break;
                }
            }
        }
        while (await timer.WaitForNextTickAsync(cancellation));

        Failures += pending.Count; // never acknowledged: would stay in a real agent's buffer
    }

    public async Task DisconnectAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }

    private byte[] Payload(int round)
    {
        var ns = (TimeProvider.System.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        var text = new StringBuilder(Lines * 130);
        for (var i = 0; i < Lines; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"host_stats,i={i} ");
            for (var f = 0; f < Fields; f++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{(f == 0 ? "" : ",")}f{f}={(index + i + f + round) % 1000}.5");
            }

            text.Append(CultureInfo.InvariantCulture, $" {ns}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
