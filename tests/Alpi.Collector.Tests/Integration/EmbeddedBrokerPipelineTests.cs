using System.Text;
using Alpi.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace Alpi.Collector.Tests.Integration;

/// <summary>
/// The whole pipeline on the embedded defaults, started for real on free loopback ports: local agent → embedded
/// MQTTnet broker → ingest → DuckDB → HTTP API.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class EmbeddedBrokerPipelineTests
{
    private CollectorHarness _collector = null!;

    [OneTimeSetUp]
    public async Task StartCollector() => _collector = await CollectorHarness.StartAsync();

    [OneTimeTearDown]
    public async Task StopCollector() => await _collector.DisposeAsync();

    [Test]
    public async Task LocalAgent_PublishesThisMachine_HostOnlineWithInventory()
    {
        var host = await PipelineAssertions.WaitForHostAsync(_collector, "test", PipelineAssertions.ThisHost, "online", TimeSpan.FromSeconds(30));

        host.Should().NotBeNull("the local agent's birth message makes this machine online");
        host!.Value.GetProperty("inventory").GetProperty("agentVersion").GetString().Should().NotBeNullOrEmpty();
        host.Value.GetProperty("inventory").GetProperty("os").GetString().Should().Be("Linux");
    }

    [Test]
    public async Task LocalAgent_CpuPoints_AreStoredAndReturnedByQuery()
    {
        var count = await PipelineAssertions.WaitForCpuPointsAsync(_collector, PipelineAssertions.ThisHost, 2, TimeSpan.FromSeconds(30));

        count.Should().BeGreaterThanOrEqualTo(2);
        var series = await _collector.GetJsonAsync($"/api/series?host={PipelineAssertions.ThisHost}");
        var measurements = series.EnumerateArray().Select(s => s.GetProperty("measurement").GetString()).Distinct().ToList();
        measurements.Should().Contain(["cpu", "mem", "disk", "net", "system", "alpi_agent", "alpi_collector"], "the collector and its agent publish their own figures too");
    }

    [Test]
    public async Task MixedPayload_BadLinesCountedAndGoodLinesKept()
    {
        using var client = await ConnectAsync("mixed-publisher");
        // A minute ago: points older than the raw retention (30 days) may be purged by the retention job at any time.
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var ts = (at.ToUnixTimeMilliseconds() * 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var payload = $"weather,station=a temp=21.5 {ts}\n"
            + $"weather,station=a temp= {ts}\n"
            + $"weather,station=b temp=19i {ts}\n";
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("alpi/test/sensor1/metrics")
            .WithPayload(Encoding.UTF8.GetBytes(payload)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        var host = await Eventually.WaitAsync<object>(async () =>
        {
            var hosts = await _collector.GetJsonAsync("/api/hosts");
            return hosts.EnumerateArray().Where(h => h.GetProperty("host").GetString() == "sensor1" && h.GetProperty("malformedLines").GetInt64() == 1)
                .Select(h => (object)h).FirstOrDefault();
        }, TimeSpan.FromSeconds(10));
        host.Should().NotBeNull("the one bad line is counted against sensor1");

        // The bad line is counted when the message is parsed; its good lines are stored a moment later.
        List<double>? values = null;
        await Eventually.WaitAsync<object>(async () =>
        {
            var result = await _collector.GetJsonAsync($"/api/query?measurement=weather&field=temp&host=sensor1&from={Iso(at.AddMinutes(-5))}&to={Iso(at.AddMinutes(5))}&step=1h&agg=max");
            values = result.GetProperty("series").EnumerateArray().Where(s => s.GetProperty("points").GetArrayLength() > 0)
                .Select(s => s.GetProperty("points")[0][1].GetDouble()).Order().ToList();
            return values.Count == 2 ? values : null;
        }, TimeSpan.FromSeconds(10));
        values.Should().Equal(19, 21.5);
    }

    [Test]
    public async Task FieldTypeConflict_PointRefusedAndCountedAsABadLine_OtherPointsKept()
    {
        // A UPS status sent as a number, then as a string at the same time: the string used to replace the number
        // silently. Now refused as InfluxDB refuses a "field type conflict", counted against the host. One message:
        // its lines are stored in order (two messages may reach the store in either order).
        // A minute ago: older points may be purged at once by the retention job (raw 30 days, aggregates 365).
        using var client = await ConnectAsync("typed-publisher");
        var now = DateTimeOffset.UtcNow;
        var ts = (now.AddMinutes(-1).ToUnixTimeMilliseconds() * 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var payload = $"ups,unit=1 status=1 {ts}\n"
            + $"ups,unit=1 status=\"on battery\" {ts}\n"
            + $"ups,unit=2 status=2 {ts}\n";
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("alpi/test/typed/metrics")
            .WithPayload(Encoding.UTF8.GetBytes(payload)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        var host = await Eventually.WaitAsync<object>(async () =>
        {
            var hosts = await _collector.GetJsonAsync("/api/hosts");
            return hosts.EnumerateArray().Where(h => h.GetProperty("host").GetString() == "typed" && h.GetProperty("malformedLines").GetInt64() == 1)
                .Select(h => (object)h).FirstOrDefault();
        }, TimeSpan.FromSeconds(10));
        host.Should().NotBeNull("the refused point is counted against typed");
        var text = "";
        var stored = await Eventually.WaitAsync<object>(async () =>
        {
            var result = await _collector.GetJsonAsync($"/api/query?measurement=ups&field=status&host=typed&from={Iso(now.AddHours(-1))}&to={Iso(now.AddMinutes(1))}&step=1m&agg=last");
            text = result.GetRawText();
            var values = result.GetProperty("series").EnumerateArray().Where(s => s.GetProperty("points").GetArrayLength() > 0)
                .Select(s => (s.GetProperty("tags").GetProperty("unit").GetString(), s.GetProperty("points")[0][1].GetDouble())).ToList();
            return values.Count == 2 ? values : null;
        }, TimeSpan.FromSeconds(10));
        stored.Should().NotBeNull(text);
        stored.Should().BeEquivalentTo(new[] { ("1", 1.0), ("2", 2.0) }, text);
    }

    [Test]
    public async Task Publisher_CannotWriteAnotherHostsTags_TopicWins()
    {
        using var client = await ConnectAsync("spoofing-publisher");
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("alpi/test/honest/metrics")
            .WithPayload("spoof,host=victim,tenant=other v=1 1700000000000000000\n"u8.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        var series = await Eventually.WaitAsync<object>(async () =>
        {
            var all = await _collector.GetJsonAsync("/api/series");
            return all.EnumerateArray().Where(s => s.GetProperty("measurement").GetString() == "spoof").Select(s => (object)s).FirstOrDefault();
        }, TimeSpan.FromSeconds(10));

        series.Should().NotBeNull();
        var tags = ((System.Text.Json.JsonElement)series!).GetProperty("tags");
        tags.GetProperty("host").GetString().Should().Be("honest");
        tags.GetProperty("tenant").GetString().Should().Be("test");
    }

    [Test]
    public async Task KilledAgent_LastWill_MakesHostOffline()
    {
        using var agent = AgentProcess.Start(_collector.BrokerPort, "test", "killed-agent");
        var online = await PipelineAssertions.WaitForHostAsync(_collector, "test", "killed-agent", "online", TimeSpan.FromSeconds(30));
        online.Should().NotBeNull("the separate agent process connects and sends its birth message");

        agent.Kill();

        var offline = await PipelineAssertions.WaitForHostAsync(_collector, "test", "killed-agent", "offline", TimeSpan.FromSeconds(30));
        offline.Should().NotBeNull("the broker publishes the agent's last will when its connection drops");
    }

    private static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<IMqttClient> ConnectAsync(string clientId)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _collector.BrokerPort).WithClientId(clientId).Build());
        return client;
    }
}
