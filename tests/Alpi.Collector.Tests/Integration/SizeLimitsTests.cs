using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Alpi.Testing;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;

namespace Alpi.Collector.Tests.Integration;

/// <summary>
/// Every size limit of the collector, with small settings, on a real collector (embedded broker, DuckDB, HTTP): the bad
/// message, line, series or request is refused with a clear error, counted in <c>/healthz</c> <c>limits</c>, and the good
/// data sent beside it is stored.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class SizeLimitsTests
{
    private const long T = 1_700_000_000_000_000_000L;
    private CollectorHarness _collector = null!;
    private IMqttClient _publisher = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Agent:Enabled"] = "false",
            ["Collector:Broker:MaxPayloadBytes"] = "4096",
            ["Collector:Ingest:MaxLineBytes"] = "256",
            ["Collector:Ingest:MaxSeriesPerHost"] = "5",
            ["Collector:Http:MaxRequestBodyBytes"] = "8192",
            ["Collector:Http:MaxSmallRequestBodyBytes"] = "1024",
        });
        _publisher = new MqttClientFactory().CreateMqttClient();
        await _publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _collector.BrokerPort).WithClientId("limits").Build());
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _publisher.Dispose();
        await _collector.DisposeAsync();
    }

    [Test]
    public async Task OversizedMessage_RefusedWithQuotaExceededAndCounted_NextMessageStored()
    {
        var big = string.Concat(Enumerable.Range(0, 100).Select(i => $"big v={i} {T + i}\n")) + new string('#', 4096);

        var refused = await PublishAsync("alpi/lim/big/metrics", big);
        var good = await PublishAsync("alpi/lim/big/metrics", $"good v=1 {T}\n");

        refused.ReasonCode.Should().Be(MqttClientPublishReasonCode.QuotaExceeded);
        refused.ReasonString.Should().Contain("Collector:Broker:MaxPayloadBytes").And.Contain("4096");
        good.ReasonCode.Should().Be(MqttClientPublishReasonCode.Success, "stored");
        (await Measurements("big")).Should().Equal("good");
        (await Limits()).GetProperty("oversizedMessages").GetInt64().Should().Be(1);
    }

    [Test]
    public async Task LongLine_RejectedUnread_OtherLinesOfTheMessageStored()
    {
        var payload = $"before v=1 {T}\nlong,tag={new string('x', 300)} v=2 {T}\nafter v=3 {T}\n";

        (await PublishAsync("alpi/lim/lines/metrics", payload)).ReasonCode.Should().Be(MqttClientPublishReasonCode.Success);

        (await Measurements("lines")).Should().Equal("after", "before");
        (await Limits()).GetProperty("linesTooLong").GetInt64().Should().Be(1);
        var host = (await _collector.GetJsonAsync("/api/hosts")).EnumerateArray().Single(h => h.GetProperty("host").GetString() == "lines");
        host.GetProperty("malformedLines").GetInt64().Should().Be(1);
    }

    [Test]
    public async Task RunawayTagCardinality_NewSeriesBeyondTheCapRefused_ExistingSeriesKeepFlowing()
    {
        // 5 series (the cap), then 20 new ones in one message beside a new value of the first series.
        await PublishAsync("alpi/lim/runaway/metrics", string.Concat(Enumerable.Range(0, 5).Select(i => $"req,id={i} v={i} {T}\n")));
        var flood = string.Concat(Enumerable.Range(5, 20).Select(i => $"req,id={i} v={i} {T}\n")) + $"req,id=0 v=100 {T + 1_000_000_000}\n";
        (await PublishAsync("alpi/lim/runaway/metrics", flood)).ReasonCode.Should().Be(MqttClientPublishReasonCode.Success);
        await PublishAsync("alpi/lim/calm/metrics", $"req,id=0 v=1 {T}\nreq,id=1 v=1 {T}\n");

        var series = await _collector.GetJsonAsync("/api/series?tenant=lim&host=runaway");
        series.EnumerateArray().Select(s => s.GetProperty("tags").GetProperty("id").GetString()).Should().BeEquivalentTo(["0", "1", "2", "3", "4"]);
        var from = DateTimeOffset.FromUnixTimeMilliseconds(T / 1_000_000).ToString("O", CultureInfo.InvariantCulture);
        var to = DateTimeOffset.FromUnixTimeMilliseconds((T / 1_000_000) + 2000).ToString("O", CultureInfo.InvariantCulture);
        var query = await _collector.GetJsonAsync($"/api/query?measurement=req&field=v&tenant=lim&host=runaway&tag.id=0&from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}&step=1s&agg=last");
        query.GetProperty("series")[0].GetProperty("points").EnumerateArray().Select(p => p[1].GetDouble()).Should().Equal(0.0, 100.0);
        (await _collector.GetJsonAsync("/api/series?tenant=lim&host=calm")).GetArrayLength().Should().Be(2);
        var limits = await Limits();
        limits.GetProperty("seriesRefusedValues").GetInt64().Should().Be(20);
        limits.GetProperty("hostsAtSeriesLimit").EnumerateArray().Select(h => h.GetString()).Should().Equal("lim/runaway");
        limits.GetProperty("seriesRefusedByHost").GetProperty("lim/runaway").GetInt64().Should().Be(20);
    }

    [Test]
    public async Task HttpBodies_OverTheirLimit_Answer413Problem_SmallOnesServed()
    {
        var before = (await Limits()).GetProperty("httpBodiesTooLarge").GetInt64();
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var anonymous = new HttpClient(handler) { BaseAddress = new Uri(_collector.BaseUrl) };

        // The login form: small limit (1 KiB), with the Origin the cross-site check requires.
        using var bigLogin = await PostFormAsync(anonymous, "/login", new string('a', 2000));
        using var login = await PostFormAsync(anonymous, "/login", "nobody");
        // An acknowledgement and a silence: small limit; a body within the global limit elsewhere is read.
        using var bigAck = await _collector.Http.PostAsync(new Uri("/api/alerts/1/ack", UriKind.Relative), Json(2000));
        using var bigSilence = await _collector.Http.PostAsync(new Uri("/api/silences", UriKind.Relative), Json(2000));
        using var silence = await _collector.Http.PostAsync(new Uri("/api/silences", UriKind.Relative), Json(200));
        // Chunked, without Content-Length: refused while it is read.
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string(' ', 20_000) + "{}")));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/maintenance", UriKind.Relative)) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var bigChunked = await _collector.Http.SendAsync(request);

        foreach (var (response, path) in new[] { (bigLogin, "POST /login"), (bigAck, "POST /api/alerts/1/ack"), (bigSilence, "POST /api/silences"), (bigChunked, "POST /api/maintenance") })
        {
            response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, path);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json", path);
            using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            error.RootElement.GetProperty("status").GetInt32().Should().Be(413);
            error.RootElement.GetProperty("detail").GetString().Should().Contain(path).And.Contain("1024");
            error.RootElement.GetProperty("error").GetString().Should().Be(error.RootElement.GetProperty("detail").GetString());
            error.RootElement.GetProperty("parameter").GetString().Should().Be("body");
        }

        login.StatusCode.Should().Be(HttpStatusCode.SeeOther, "a small login form is read (and refused for its credentials)");
        silence.StatusCode.Should().NotBe(HttpStatusCode.RequestEntityTooLarge);
        (await Limits()).GetProperty("httpBodiesTooLarge").GetInt64().Should().Be(before + 4);
    }

    /// <summary>Publishes, then waits until what the ingest journal acknowledged is committed to the store (PUBACK means journalled).</summary>
    private async Task<MqttClientPublishResult> PublishAsync(string topic, string payload)
    {
        var result = await _publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        var backlog = _collector.Services.GetRequiredService<Alpi.Collector.Ingest.Journal.IngestJournal>().Backlog;
        (await Eventually.WaitAsync(() => Task.FromResult<object?>(backlog.Points == 0 ? new object() : null), TimeSpan.FromSeconds(10)))
            .Should().NotBeNull("the acknowledged points are committed");
        return result;
    }

    private async Task<List<string>> Measurements(string host) =>
        [.. (await _collector.GetJsonAsync($"/api/series?tenant=lim&host={host}")).EnumerateArray().Select(s => s.GetProperty("measurement").GetString()!).Order(StringComparer.Ordinal)];

    private async Task<JsonElement> Limits() => (await _collector.GetJsonAsync("/healthz")).GetProperty("limits");

    private async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([new("username", user), new("password", "x"), new("returnUrl", "/")]),
        };
        request.Headers.Add("Origin", _collector.BaseUrl);
        return await client.SendAsync(request);
    }

    private static StringContent Json(int length) =>
        new("{\"by\":\"alice\",\"comment\":\"" + new string('c', Math.Max(0, length - 40)) + "\",\"duration\":\"1h\"}", Encoding.UTF8, "application/json");
}
