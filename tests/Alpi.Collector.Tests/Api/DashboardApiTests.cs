using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Alpi.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace Alpi.Collector.Tests.Api;

/// <summary>
/// The two read endpoints the dashboard adds, in a real collector fed over MQTT: <c>GET /api/latest</c> (current values,
/// ETag) and <c>GET /api/live</c> (Server-Sent Events of open alerts and hosts).
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class DashboardApiTests
{
    private const string Rules = """
        rules:
          - name: live-temp
            kind: threshold
            measurement: live_temp
            field: value
            function: last
            window: 1h
            above: 50
            severity: critical
        """;

    private readonly TempDirectory _folder = new("alpi-dashboard-api");
    private CollectorHarness _collector = null!;
    private IMqttClient _publisher = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "rules.yaml"), Rules);
        _collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Collector:Alerting:RulesFile"] = Path.Combine(_folder.Path, "rules.yaml"),
            ["Collector:Alerting:EvaluationInterval"] = "00:00:01",
            ["Agent:Enabled"] = "false",
        });
        _publisher = new MqttClientFactory().CreateMqttClient();
        await _publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _collector.BrokerPort).WithClientId("dashboard-api-publisher").Build());
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _publisher?.Dispose();
        if (_collector is not null)
        {
            await _collector.DisposeAsync();
        }

        _folder.Dispose();
    }

    [Test]
    public async Task Latest_GivesTheLastValueOfEachSeries_AndNullForOneSilentInTheWindow()
    {
        var old = (TimeProvider.System.GetUtcNow().AddMinutes(-30).ToUnixTimeMilliseconds() * 1_000_000).ToString(CultureInfo.InvariantCulture);
        await PublishAsync("t", "latest-host", $"probe,disk=sda used=1\nprobe,disk=sdb used=7 {old}");
        await PublishAsync("t", "latest-host", "probe,disk=sda used=2\nother value=5");

        var text = await Eventually.WaitAsync(async () =>
        {
            var body = await _collector.Http.GetStringAsync(new Uri("/api/latest?host=latest-host&tenant=t&measurement=probe", UriKind.Relative));
            var json = JsonDocument.Parse(body).RootElement;
            return json.GetProperty("series").GetArrayLength() == 2 && json.GetProperty("series")[0].GetProperty("value").ValueKind == JsonValueKind.Number
                && json.GetProperty("series")[0].GetProperty("value").GetDouble() == 2 ? body : null;
        }, TimeSpan.FromSeconds(10));

        text.Should().NotBeNull("the two probe series are listed, sda with its last value");
        var answer = JsonDocument.Parse(text!).RootElement;
        var series = answer.GetProperty("series");
        series[0].GetProperty("tags").GetProperty("disk").GetString().Should().Be("sda");
        series[0].GetProperty("at").GetDateTimeOffset().Should().BeCloseTo(TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(1));
        series[1].GetProperty("tags").GetProperty("disk").GetString().Should().Be("sdb");
        series[1].GetProperty("value").ValueKind.Should().Be(JsonValueKind.Null, "its only point is 30 minutes old, outside the default 10-minute window");
        answer.GetProperty("resolutionSeconds").GetInt64().Should().Be(10, "10 minutes over 60 steps");

        var wider = await _collector.GetJsonAsync("/api/latest?host=latest-host&measurement=probe&tag.disk=sdb&window=1h");
        wider.GetProperty("series").GetArrayLength().Should().Be(1);
        wider.GetProperty("series")[0].GetProperty("value").GetDouble().Should().Be(7);
        wider.GetProperty("resolutionSeconds").GetInt64().Should().Be(60);

        var everything = await _collector.GetJsonAsync("/api/latest?host=latest-host");
        everything.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("measurement").GetString()).Should().Equal("other", "probe", "probe");
    }

    [TestCase("", "host")]
    [TestCase("?tenant=t", "host")]
    [TestCase("?host=h&window=0s", "window")]
    [TestCase("?host=h&window=8d", "window")]
    [TestCase("?host=h&window=soon", "window")]
    public async Task Latest_BadParameters_Answer400NamingThem(string query, string parameter)
    {
        using var response = await _collector.Http.GetAsync(new Uri("/api/latest" + query, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        error.GetProperty("parameter").GetString().Should().Be(parameter);
        error.GetProperty("error").GetString().Should().NotBeNullOrWhiteSpace();
    }

    [Test]
    public async Task Latest_IfNoneMatchWithItsETag_Answers304_UntilTheValueChanges()
    {
        await PublishAsync("t", "etag-host", "gauge value=1");
        // Until the value is there, not only the series: the store lists a new series as its batch is being committed.
        await Eventually.WaitAsync(async () => (await _collector.GetJsonAsync("/api/latest?host=etag-host")).GetProperty("series").EnumerateArray()
            .Any(s => s.GetProperty("value").ValueKind == System.Text.Json.JsonValueKind.Number) ? "" : null, TimeSpan.FromSeconds(10));
        using var first = await _collector.Http.GetAsync(new Uri("/api/latest?host=etag-host", UriKind.Relative));
        var etag = first.Headers.ETag;
        etag.Should().NotBeNull();

        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/latest?host=etag-host", UriKind.Relative));
        again.Headers.IfNoneMatch.Add(etag!);
        using var notModified = await _collector.Http.SendAsync(again);
        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await notModified.Content.ReadAsByteArrayAsync()).Should().BeEmpty();

        await PublishAsync("t", "etag-host", "gauge value=2");
        var changed = await Eventually.WaitAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/latest?host=etag-host", UriKind.Relative));
            request.Headers.IfNoneMatch.Add(etag!);
            using var response = await _collector.Http.SendAsync(request);
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
        }, TimeSpan.FromSeconds(10));
        changed.Should().Contain("\"value\":2");
    }

    [Test]
    public async Task Live_SendsOpenAlertsAndHostsAtOnce_ThenANewAlertAndAStatusChangeAsTheyHappen()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/live", UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await _collector.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        using var events = new EventReader(await response.Content.ReadAsStreamAsync());

        var first = await events.NextAsync("alerts");
        first.Data.ValueKind.Should().Be(JsonValueKind.Array);
        (await events.NextAsync("hosts")).Data.ValueKind.Should().Be(JsonValueKind.Array);

        var started = Environment.TickCount64;
        await PublishAsync("t", "live-host", "live_temp value=80");
        var alert = await events.NextAsync("alerts", e => e.Data.EnumerateArray().Any(a => a.GetProperty("host").GetString() == "live-host" && a.GetProperty("state").GetString() == "firing"));
        TestContext.Out.WriteLine($"publish → alerts event: {Environment.TickCount64 - started} ms");
        var sent = alert.Data.EnumerateArray().Single(a => a.GetProperty("host").GetString() == "live-host");
        sent.GetProperty("rule").GetString().Should().Be("live-temp");
        sent.GetProperty("severity").GetString().Should().Be("critical");

        await _publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("alpi/t/live-host/status").WithPayload("offline")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        var offline = await events.NextAsync("hosts", e => e.Data.EnumerateArray().Any(h => h.GetProperty("host").GetString() == "live-host" && h.GetProperty("status").GetString() == "offline"));
        offline.Data.EnumerateArray().Single(h => h.GetProperty("host").GetString() == "live-host").GetProperty("site").ValueKind.Should().Be(JsonValueKind.Null, "a bare status word carries no site");
    }

    [Test]
    public async Task Live_PointsOfAHostStored_StoredEventNamesItSoThePageReadsItsValuesAgain()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/live", UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await _collector.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var events = new EventReader(await response.Content.ReadAsStreamAsync());
        await events.NextAsync("hosts");

        await PublishAsync("t", "stored-host", "stored_probe value=1");
        var stored = await events.NextAsync("stored", e => e.Data.EnumerateArray().Any(h => h.GetProperty("host").GetString() == "stored-host"));

        var entry = stored.Data.EnumerateArray().Single(h => h.GetProperty("host").GetString() == "stored-host");
        entry.GetProperty("tenant").GetString().Should().Be("t");
        entry.GetProperty("lastSeen").GetDateTimeOffset().Should().BeAfter(DateTimeOffset.UnixEpoch);
        var latest = await _collector.GetJsonAsync("/api/latest?tenant=t&host=stored-host&measurement=stored_probe");
        latest.GetProperty("series")[0].GetProperty("value").GetDouble().Should().Be(1, "the event comes once the points are committed");
    }

    [Test]
    public async Task Hosts_AgentBirthMessageWithASite_GivesItsSite_AndNullForAHostWithout()
    {
        // The payloads the agent sends (HostStatusMessage.ToPayload), one with Agent:Site and one without.
        var withSite = new Alpi.Protocols.Mqtt.HostStatusMessage { Status = "online", Hostname = "mediatheque-pc", Site = "Médiathèque" };
        var withoutSite = new Alpi.Protocols.Mqtt.HostStatusMessage { Status = "online", Hostname = "mairie-pc" };
        Encoding.UTF8.GetString(withSite.ToPayload()).Should().Contain("\"site\":");
        Encoding.UTF8.GetString(withoutSite.ToPayload()).Should().NotContain("site");
        foreach (var (host, message) in new[] { ("site-host", withSite), ("nosite-host", withoutSite) })
        {
            var result = await _publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"alpi/sites/{host}/status").WithPayload(message.ToPayload())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(true).Build());
            result.IsSuccess.Should().BeTrue();
        }

        var hosts = await Eventually.WaitAsync(async () =>
        {
            var list = JsonDocument.Parse(await _collector.Http.GetStringAsync(new Uri("/api/hosts", UriKind.Relative))).RootElement
                .EnumerateArray().Where(h => h.GetProperty("tenant").GetString() == "sites").ToList();
            return list.Count == 2 ? list : null;
        }, TimeSpan.FromSeconds(15));

        hosts!.Single(h => h.GetProperty("host").GetString() == "site-host").GetProperty("site").GetString().Should().Be("Médiathèque");
        hosts!.Single(h => h.GetProperty("host").GetString() == "nosite-host").GetProperty("site").ValueKind.Should().Be(JsonValueKind.Null);
    }

    private async Task PublishAsync(string tenant, string host, string lines)
    {
        var result = await _publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"alpi/{tenant}/{host}/metrics")
            .WithPayload(Encoding.UTF8.GetBytes(lines)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        result.IsSuccess.Should().BeTrue();
    }

    /// <summary>Reads <c>event:</c>/<c>data:</c> blocks of a Server-Sent Events stream (WHATWG HTML §9.2).</summary>
    private sealed class EventReader(Stream stream) : IDisposable
    {
        private readonly StreamReader _reader = new(stream, Encoding.UTF8);

        /// <summary>The next event of type <paramref name="type"/> that satisfies <paramref name="accept"/>, within 15 s.</summary>
        public async Task<(string Type, JsonElement Data)> NextAsync(string type, Func<(string Type, JsonElement Data), bool>? accept = null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            string? name = null;
            var data = new StringBuilder();
            while (await _reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (name == type && data.Length > 0)
                    {
                        var item = (name, JsonDocument.Parse(data.ToString()).RootElement.Clone());
                        if (accept is null || accept(item))
                        {
                            return item;
                        }
                    }

                    (name, data) = (null, new StringBuilder());
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Append(line.AsSpan(6));
                }
            }

            throw new EndOfStreamException($"The stream ended before a {type} event.");
        }

        public void Dispose() => _reader.Dispose();
    }
}
