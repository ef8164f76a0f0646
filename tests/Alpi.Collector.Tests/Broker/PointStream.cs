using System.Globalization;
using System.Text;
using System.Text.Json;
using Alpi.Collector.Broker;
using Alpi.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace Alpi.Collector.Tests.Broker;

/// <summary>
/// A numbered stream of points for one test run, <c>seq,run=&lt;run&gt; v=&lt;i&gt;i &lt;timestamp&gt;</c> with distinct
/// timestamps (1 µs apart), published at QoS 1 as an agent of the shipped Mosquitto configuration, and counted in
/// InfluxDB 1.x (database = run), which keeps one point per series and timestamp: the count is of distinct points.
/// </summary>
internal sealed class PointStream(string run, int brokerPort, string agentUser, string agentPassword, string influxUrl)
{
    private const long Start = 1_700_000_000_000_000_000L;

    /// <summary>The run: tag value and InfluxDB database name.</summary>
    public string Run { get; } = run;

    /// <summary>A new run name.</summary>
    public static string NewRun() => "r" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// Publishes messages <paramref name="firstMessage"/> to <paramref name="firstMessage"/> + <paramref name="messages"/> - 1
    /// of <paramref name="pointsPerMessage"/> points each on <c>alpi/&lt;tenant&gt;/&lt;host&gt;/metrics</c> (from the agent
    /// user name <c>tenant.host</c>), each acknowledged by the broker before the next, with a 10 ms pause every 20 messages
    /// so that the stream lasts while collectors are killed. <paramref name="afterEach"/> gets the count sent so far.
    /// </summary>
    public async Task PublishAsync(int messages, int pointsPerMessage, Func<int, Task>? afterEach = null, int firstMessage = 0)
    {
        using var publisher = new MqttClientFactory().CreateMqttClient();
        var broker = new CollectorBrokerOptions { Host = "127.0.0.1", Port = brokerPort, Username = agentUser, Password = agentPassword };
        (await publisher.ConnectAsync(CollectorMqttClientOptions.Builder(broker, "publisher-" + Run).Build())).ResultCode
            .Should().Be(MqttClientConnectResultCode.Success);
        var topic = "alpi/" + agentUser.Replace('.', '/') + "/metrics";
        var payload = new StringBuilder();
        for (var m = firstMessage; m < firstMessage + messages; m++)
        {
            payload.Clear();
            for (var p = 0; p < pointsPerMessage; p++)
            {
                var i = ((long)m * pointsPerMessage) + p;
                payload.Append(CultureInfo.InvariantCulture, $"seq,run={Run} v={i}i {Start + (i * 1000L)}\n");
            }

            var result = await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic)
                .WithPayload(Encoding.UTF8.GetBytes(payload.ToString())).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            result.ReasonCode.Should().Be(MqttClientPublishReasonCode.Success);
            if (afterEach is not null)
            {
                await afterEach(m - firstMessage + 1);
            }

            if (m % 20 == 19)
            {
                await Task.Delay(10);
            }
        }

        await publisher.DisconnectAsync();
    }

    /// <summary>Waits (at most 60 s) until InfluxDB holds at least <paramref name="expected"/> points of the run; returns the count then.</summary>
    public async Task<long> WaitForCountAsync(long expected)
    {
        long count = 0;
        await Eventually.WaitAsync<object>(async () => (count = await CountAsync()) >= expected ? new object() : null, TimeSpan.FromSeconds(60));
        return count;
    }

    /// <summary>The run's count once it has not changed for 3 seconds (a figure to report; its timing is never asserted).</summary>
    public async Task<long> WaitForStableCountAsync()
    {
        var last = -1L;
        var stableSince = Environment.TickCount64;
        while (Environment.TickCount64 - stableSince < 3000)
        {
            var count = await CountAsync();
            if (count != last)
            {
                last = count;
                stableSince = Environment.TickCount64;
            }

            await Task.Delay(200);
        }

        return last;
    }

    /// <summary>The points of the run in InfluxDB: <c>SELECT count("v")</c>; 0 while the database does not exist.</summary>
    public async Task<long> CountAsync()
    {
        using var http = new HttpClient();
        var query = Uri.EscapeDataString($"SELECT count(\"v\") FROM \"seq\" WHERE \"run\" = '{Run}'");
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri($"{influxUrl}/query?db={Run}&q={query}")));
        var result = document.RootElement.GetProperty("results")[0];
        return result.TryGetProperty("series", out var series) ? series[0].GetProperty("values")[0][1].GetInt64() : 0;
    }
}
