using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Alpi.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace Alpi.Collector.Tests.Traps;

/// <summary>
/// net-snmp's snmptrap and snmpinform (Debian package <c>snmp</c>) sending to a real collector's trap receiver on a
/// free loopback port; events checked through <c>GET /api/events</c>, <c>/healthz</c> and an MQTT subscription.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class TrapReceiverIntegrationTests
{
    private const string EngineId = "0x8000000001020304";
    private readonly ConcurrentQueue<(string Topic, string Payload)> _published = new();
    private CollectorHarness _collector = null!;
    private IMqttClient _subscriber = null!;

    private string Target => "127.0.0.1:" + _collector.TrapPort.ToString(CultureInfo.InvariantCulture);

    [OneTimeSetUp]
    public async Task StartCollector()
    {
        if (!File.Exists("/usr/bin/snmptrap"))
        {
            Assert.Ignore("/usr/bin/snmptrap is missing: install the Debian package snmp (test.sh does).");
        }

        _collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Collector:Traps:Communities:0"] = "public",
            ["Collector:Traps:Users:0:EngineId"] = EngineId,
            ["Collector:Traps:Users:0:UserName"] = "trapuser",
            ["Collector:Traps:Users:0:AuthProtocol"] = "SHA",
            ["Collector:Traps:Users:0:AuthPassword"] = "authpass123",
            ["Collector:Traps:Users:0:PrivProtocol"] = "AES",
            ["Collector:Traps:Users:0:PrivPassword"] = "privpass123",
            ["Collector:Traps:Users:1:UserName"] = "informuser",
            ["Collector:Traps:Users:1:AuthProtocol"] = "SHA",
            ["Collector:Traps:Users:1:AuthPassword"] = "authpass123",
            ["Collector:Traps:Users:1:PrivProtocol"] = "AES",
            ["Collector:Traps:Users:1:PrivPassword"] = "privpass123",
            ["Collector:Traps:Sources:0:Cidr"] = "127.0.0.0/8",
            ["Collector:Traps:Sources:0:Tenant"] = "lab",
        });
        _subscriber = new MqttClientFactory().CreateMqttClient();
        _subscriber.ApplicationMessageReceivedAsync += e =>
        {
            _published.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload)));
            return Task.CompletedTask;
        };
        await _subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _collector.BrokerPort).WithClientId("trap-subscriber").Build());
        await _subscriber.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic("alpi/+/+/events").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)).Build());
    }

    [OneTimeTearDown]
    public async Task StopCollector()
    {
        _subscriber?.Dispose();
        if (_collector is not null)
        {
            await _collector.DisposeAsync();
        }
    }

    [Test]
    public async Task V1LinkDown_IsStoredWithConvertedTrapOidAndVarbinds()
    {
        var (exitCode, _) = await NetSnmpTool.RunAsync("snmptrap", "-v", "1", "-c", "public", Target,
            "1.3.6.1.4.1.8072.2.3.1", "127.0.0.1", "2", "0", "", "1.3.6.1.2.1.2.2.1.1.3", "i", "3");
        exitCode.Should().Be(0);

        var trap = await WaitForEventAsync(e => Str(e, "version") == "v1" && Str(e, "trapName") == "linkDown");

        trap.Should().NotBeNull("the v1 linkDown trap is stored");
        var t = trap!.Value;
        Str(t, "trapOid").Should().Be("1.3.6.1.6.3.1.1.5.3", "RFC 3584 §3.1: generic 2 → snmpTraps.3");
        Str(t, "pdu").Should().Be("trap");
        Str(t, "tenant").Should().Be("lab");
        Str(t, "device").Should().Be("127.0.0.1");
        Str(t, "source").Should().Be("127.0.0.1");
        Str(t, "kind").Should().Be("snmp_trap");
        t.GetProperty("varbinds").EnumerateArray().Select(v => (Str(v, "oid"), Str(v, "type"), Str(v, "value")))
            .Should().Equal(("1.3.6.1.2.1.2.2.1.1.3", "Integer32", "3"));
    }

    [Test]
    public async Task V2cLinkUp_IsStoredAndPublishedOnTheDeviceEventsTopic()
    {
        var (exitCode, _) = await NetSnmpTool.RunAsync("snmptrap", "-v", "2c", "-c", "public", Target, "",
            "1.3.6.1.6.3.1.1.5.4", "1.3.6.1.2.1.2.2.1.1.3", "i", "3");
        exitCode.Should().Be(0);

        var trap = await WaitForEventAsync(e => Str(e, "version") == "v2c" && Str(e, "trapName") == "linkUp");

        trap.Should().NotBeNull("the v2c linkUp trap is stored");
        Str(trap!.Value, "trapOid").Should().Be("1.3.6.1.6.3.1.1.5.4");
        trap.Value.GetProperty("uptime").GetInt64().Should().BeGreaterThanOrEqualTo(0, "snmptrap sends sysUpTime.0 first");
        trap.Value.GetProperty("varbinds").EnumerateArray().Select(v => Str(v, "oid")).Should().Equal("1.3.6.1.2.1.2.2.1.1.3");

        var id = trap.Value.GetProperty("id").GetInt64();
        var published = await Eventually.WaitAsync<string>(() => Task.FromResult(_published
            .Where(m => m.Topic == "alpi/lab/127.0.0.1/events")
            .Select(m => JsonDocument.Parse(m.Payload).RootElement)
            .Where(e => e.GetProperty("id").GetInt64() == id)
            .Select(e => Str(e, "trapName"))
            .FirstOrDefault()), TimeSpan.FromSeconds(10));
        published.Should().Be("linkUp", "the stored event is published with QoS 1 on alpi/<tenant>/<device>/events");
    }

    [Test]
    public async Task V2cInform_IsAcknowledgedAndStored()
    {
        var (exitCode, _) = await NetSnmpTool.RunAsync("snmpinform", "-v", "2c", "-c", "public", "-t", "2", "-r", "1", Target, "", "1.3.6.1.6.3.1.1.5.1");

        exitCode.Should().Be(0, "snmpinform exits 0 only when the inform is acknowledged with a Response");
        var inform = await WaitForEventAsync(e => Str(e, "version") == "v2c" && Str(e, "pdu") == "inform");
        inform.Should().NotBeNull();
        Str(inform!.Value, "trapName").Should().Be("coldStart");
    }

    [Test]
    public async Task V3AuthPrivTrap_WithTheConfiguredUser_IsStored()
    {
        var (exitCode, _) = await V3TrapAsync("authpass123", "1.3.6.1.6.3.1.1.5.1");
        exitCode.Should().Be(0);

        var trap = await WaitForEventAsync(e => Str(e, "version") == "v3" && Str(e, "pdu") == "trap" && Str(e, "trapName") == "coldStart");

        trap.Should().NotBeNull("a SHA/AES trap from engine 0x8000000001020304 with user trapuser is accepted");
        Str(trap!.Value, "tenant").Should().Be("lab");
    }

    [Test]
    public async Task V3Trap_WithAWrongPassword_IsDroppedAndCounted()
    {
        var before = await DroppedAsync("wrong_digest");

        var (exitCode, _) = await V3TrapAsync("wrongpass999", "1.3.6.1.6.3.1.1.5.2");
        exitCode.Should().Be(0, "a trap is fire-and-forget");

        (await WaitForDroppedAsync("wrong_digest", before + 1)).Should().BeTrue("the HMAC does not match");
        (await EventsAsync()).Should().NotContain(e => Str(e, "version") == "v3" && Str(e, "trapName") == "warmStart");
    }

    [Test]
    public async Task V3AuthPrivInform_DiscoversThisEngineAndIsAcknowledged()
    {
        var (exitCode, _) = await NetSnmpTool.RunAsync("snmpinform", "-v", "3", "-u", "informuser", "-l", "authPriv", "-a", "SHA", "-A", "authpass123",
            "-x", "AES", "-X", "privpass123", "-t", "2", "-r", "1", Target, "", "1.3.6.1.6.3.1.1.5.5");

        exitCode.Should().Be(0, "the receiver answers discovery with a Report and the inform with an authenticated, encrypted Response");
        var inform = await WaitForEventAsync(e => Str(e, "version") == "v3" && Str(e, "pdu") == "inform");
        inform.Should().NotBeNull();
        Str(inform!.Value, "trapName").Should().Be("authenticationFailure");
    }

    [Test]
    public async Task WrongCommunity_IsDroppedAndCounted()
    {
        var before = await DroppedAsync("unknown_community");

        var (exitCode, _) = await NetSnmpTool.RunAsync("snmptrap", "-v", "2c", "-c", "not-public", Target, "", "1.3.6.1.6.3.1.1.5.6");
        exitCode.Should().Be(0);

        (await WaitForDroppedAsync("unknown_community", before + 1)).Should().BeTrue();
        (await EventsAsync()).Should().NotContain(e => Str(e, "trapName") == "egpNeighborLoss");
    }

    [Test]
    public async Task GarbageDatagram_IsCounted_AndTheNextGoodTrapIsStillStored()
    {
        var before = await DroppedAsync("malformed");
        using (var udp = new UdpClient())
        {
            await udp.SendAsync("\x30\x82\xff\xffgarbage"u8.ToArray(), "127.0.0.1", _collector.TrapPort);
        }

        (await WaitForDroppedAsync("malformed", before + 1)).Should().BeTrue("a datagram that is not BER is counted as malformed");

        var (exitCode, _) = await NetSnmpTool.RunAsync("snmptrap", "-v", "2c", "-c", "public", Target, "", "1.3.6.1.4.1.8072.2.3.0.1", "1.3.6.1.2.1.1.5.0", "s", "after-garbage");
        exitCode.Should().Be(0);
        var trap = await WaitForEventAsync(e => Str(e, "trapOid") == "1.3.6.1.4.1.8072.2.3.0.1");
        trap.Should().NotBeNull("the receiver carries on after a bad datagram");
        trap!.Value.GetProperty("trapName").ValueKind.Should().Be(JsonValueKind.Null);
        trap.Value.GetProperty("varbinds")[0].GetProperty("value").GetString().Should().Be("\"after-garbage\"");
    }

    [Test]
    public async Task CraftedTrapWithANonMinimalInteger_IsStoredAndItsDeviationCountedInHealthzAndSelfMetrics()
    {
        var before = await LeniencyAsync("non_minimal_integer");
        using (var udp = new UdpClient())
        {
            await udp.SendAsync(CraftedTraps.V2cTrapWithNonMinimalRequestId("public", 7), "127.0.0.1", _collector.TrapPort);
        }

        var trap = await WaitForEventAsync(e => Str(e, "trapOid") == "1.3.6.1.4.1.8072.2.3.0.7");

        trap.Should().NotBeNull("the lenient decoder accepts a request-id with a redundant leading zero octet");
        (await LeniencyAsync("non_minimal_integer")).Should().Be(before + 1, "/healthz counts the deviation under traps.berLeniencies");
        // The collector's local agent publishes its self-metrics every second: snmp_ber_leniency,source=traps.
        var host = Environment.MachineName.ToLowerInvariant();
        var series = await Eventually.WaitAsync<object>(async () =>
            (await _collector.GetJsonAsync($"/api/series?host={host}&tenant=test")).EnumerateArray().FirstOrDefault(s =>
                Str(s, "measurement") == "snmp_ber_leniency" && Str(s, "field") == "non_minimal_integer"
                && s.GetProperty("tags").TryGetProperty("source", out var source) && source.GetString() == "traps") is { ValueKind: JsonValueKind.Object } found
                ? found
                : null, TimeSpan.FromSeconds(15));
        series.Should().NotBeNull("the collector's self-metrics carry the trap receiver's BER deviations");
    }

    [Test]
    public async Task EventsApi_FiltersByHostAndRejectsABadLimit()
    {
        (await _collector.GetJsonAsync("/api/events?host=no-such-device")).GetArrayLength().Should().Be(0);
        using var response = await _collector.Http.GetAsync(new Uri("/api/events?limit=0", UriKind.Relative));
        ((int)response.StatusCode).Should().Be(400);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"parameter\":\"limit\"");
    }

    private static string? Str(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private Task<(int ExitCode, string Output)> V3TrapAsync(string authPassword, string trapOid) =>
        NetSnmpTool.RunAsync("snmptrap", "-v", "3", "-e", EngineId, "-u", "trapuser", "-l", "authPriv", "-a", "SHA", "-A", authPassword,
            "-x", "AES", "-X", "privpass123", Target, "", trapOid);

    private async Task<List<JsonElement>> EventsAsync() =>
        (await _collector.GetJsonAsync("/api/events?tenant=lab&limit=1000")).EnumerateArray().ToList();

    private async Task<JsonElement?> WaitForEventAsync(Func<JsonElement, bool> match)
    {
        var found = await Eventually.WaitAsync<object>(async () => (await EventsAsync()).Where(match).Select(e => (object)e).FirstOrDefault(), TimeSpan.FromSeconds(10));
        return found is JsonElement e ? e : null;
    }

    private async Task<long> DroppedAsync(string reason)
    {
        using var response = await _collector.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return health.RootElement.GetProperty("traps").GetProperty("droppedByReason").TryGetProperty(reason, out var n) ? n.GetInt64() : 0;
    }

    private async Task<long> LeniencyAsync(string kind)
    {
        using var response = await _collector.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return health.RootElement.GetProperty("traps").GetProperty("berLeniencies").TryGetProperty(kind, out var n) ? n.GetInt64() : 0;
    }

    private async Task<bool> WaitForDroppedAsync(string reason, long atLeast) =>
        await Eventually.WaitAsync<object>(async () => await DroppedAsync(reason) >= atLeast ? new object() : null, TimeSpan.FromSeconds(10)) is not null;
}
