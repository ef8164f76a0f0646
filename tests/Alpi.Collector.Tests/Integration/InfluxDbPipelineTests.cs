using System.Text;
using Alpi.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace Alpi.Collector.Tests.Integration;

/// <summary>
/// The whole collector configured with <c>Collector:Storage:Kind=influxdb1</c> on a real influxd 1.6.7: line protocol
/// published over MQTT (by a test client and by the local agent) → embedded broker → ingest → InfluxDB → HTTP API.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class InfluxDbPipelineTests
{
    private InfluxDbServer _influx = null!;
    private CollectorHarness _collector = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _influx = await InfluxDbServer.StartAsync();
        _collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Collector:Storage:Kind"] = "influxdb1",
            ["Collector:Storage:InfluxDb1:Url"] = _influx.Url,
            ["Collector:Storage:InfluxDb1:Database"] = "alpi_pipeline",
            // The counter below is dated 2023: a raw retention policy of 30 days would refuse it (see InfluxDb1RollupTests).
            ["Collector:Storage:Retention:Enabled"] = "false",
        });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _collector.DisposeAsync();
        _influx.Dispose();
    }

    [Test]
    public async Task PublishedCounter_IsStoredInInfluxDbAndQueriedAsARate()
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _collector.BrokerPort).WithClientId("influx-publisher").Build());
        // A counter sampled every 10 s that restarts at 40 s (the device rebooted).
        var payload = string.Join("\n", new[] { 100, 200, 400, 700, 10, 110 }.Select((v, i) => $"ifmib,ifName=eth0 in_octets={v}i {1_700_000_000_000_000_000L + (i * 10_000_000_000L)}"));
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("alpi/acme/router1/metrics")
            .WithPayload(Encoding.UTF8.GetBytes(payload)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await client.DisconnectAsync();
        client.Dispose();

        string? json = null;
        await Eventually.WaitAsync<string>(async () =>
        {
            var result = await _collector.GetJsonAsync("/api/query?measurement=ifmib&field=in_octets&host=router1&tenant=acme&tag.ifName=eth0&from=2023-11-14T22:13:20Z&to=2023-11-14T22:14:20Z&step=10s&agg=rate");
            var series = result.GetProperty("series");
            json = series.GetArrayLength() == 1 && series[0].GetProperty("points").GetArrayLength() == 4 ? series.ToString() : null;
            return json;
        }, TimeSpan.FromSeconds(20));

        json.Should().NotBeNull("the six points reach InfluxDB and /api/query reads them back");
        var points = System.Text.Json.JsonDocument.Parse(json!).RootElement[0].GetProperty("points").EnumerateArray()
            .Select(p => (p[0].GetString(), p[1].GetDouble())).ToList();
        // 100/10 s, 200/10 s, 300/10 s; the reset at 40 s gives no point; then 100/10 s.
        points.Should().Equal(("2023-11-14T22:13:30.0000000Z", 10.0), ("2023-11-14T22:13:40.0000000Z", 20.0), ("2023-11-14T22:13:50.0000000Z", 30.0), ("2023-11-14T22:14:10.0000000Z", 10.0));
        var series = await _collector.GetJsonAsync("/api/series?host=router1&tenant=acme");
        series.EnumerateArray().Select(s => s.GetProperty("measurement").GetString() + "." + s.GetProperty("field").GetString()).Should().Equal("ifmib.in_octets");
    }

    [Test]
    public async Task LocalAgent_CpuPoints_AreStoredInInfluxDbAndReturnedByQuery()
    {
        var count = await PipelineAssertions.WaitForCpuPointsAsync(_collector, PipelineAssertions.ThisHost, 2, TimeSpan.FromSeconds(30));

        count.Should().BeGreaterThanOrEqualTo(2);
        using var http = new HttpClient();
        var raw = await http.GetStringAsync(new Uri(_influx.Url + "/query?db=alpi_pipeline&q=" + Uri.EscapeDataString("SHOW MEASUREMENTS")));
        raw.Should().Contain("\"cpu\"", "the points are in InfluxDB itself, not in a local file");
    }
}
