using System.Globalization;
using System.Text.Json;
using Alpi.Testing;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Alpi.Collector.Tests.Broker;

/// <summary>
/// The embedded broker with <c>Collector:Broker:Authentication</c> on, reading the password and ACL files that the
/// shipped <c>install/mosquitto/add-*.sh</c> write for Mosquitto: agents confined to their own topics (nothing spoofed
/// reaches a subscriber or the collector's store), anonymous and wrong-password clients refused, the collector's local
/// agent still publishing with its generated credentials, and every refusal counted in <c>/healthz</c>.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class EmbeddedBrokerAuthenticationTests
{
    private const string Tenant = "mairie-exemple";
    private const string PasswordA = "password-of-a";
    private const string PasswordB = "password-of-b";
    private const string Reader = "alpi-reader";
    private const string ReaderPassword = "reader-password";
    private TempDirectory _files = null!;
    private CollectorHarness _collector = null!;

    private string PasswordFile => Path.Combine(_files.Path, "alpi", "passwd");

    [OneTimeSetUp]
    public async Task Start()
    {
        _files = new TempDirectory("alpi-embedded-auth");
        await ShippedMosquitto.RunScriptAsync(_files.Path, "add-collector.sh", Reader, ReaderPassword);
        await ShippedMosquitto.RunScriptAsync(_files.Path, "add-agent.sh", Tenant, "srv-a", PasswordA);
        await ShippedMosquitto.RunScriptAsync(_files.Path, "add-agent.sh", Tenant, "srv-b", PasswordB);
        _collector = await CollectorHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Collector:Broker:Authentication:Enabled"] = "true",
            ["Collector:Broker:Authentication:PasswordFile"] = PasswordFile,
            ["Collector:Broker:Authentication:AclFile"] = Path.Combine(_files.Path, "alpi", "acl"),
            ["Collector:Traps:Enabled"] = "false",
        });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _collector.DisposeAsync();
        _files.Dispose();
    }

    [Test]
    public async Task LocalAgent_WithItsGeneratedCredentials_IsOnline()
    {
        var online = await Eventually.WaitAsync(async () =>
        {
            var hosts = await _collector.GetJsonAsync("/api/hosts");
            return hosts.EnumerateArray().Any(h => h.GetProperty("tenant").GetString() == "test" && h.GetProperty("status").GetString() == "online") ? "online" : null;
        }, TimeSpan.FromSeconds(30));

        online.Should().Be("online", "the in-process agent logs in as alpi:local-agent");
    }

    // Agent A publishing as host B is dropped: under MQTT 5 its PUBACK says "not authorised" (0x87); under MQTT 3.1.1,
    // which has no reason codes, it looks like a success, as with Mosquitto.
    [TestCase(MqttProtocolVersion.V500, MqttClientPublishReasonCode.NotAuthorized)]
    [TestCase(MqttProtocolVersion.V311, MqttClientPublishReasonCode.Success)]
    public async Task AgentA_PublishingAsHostB_ReachesNeitherSubscribersNorTheStore(MqttProtocolVersion version, MqttClientPublishReasonCode expectedPuback)
    {
        using var reader = await ConnectedAsync(Reader, ReaderPassword);
        (await reader.SubscribeAsync("alpi/#")).Should().Be(MqttClientSubscribeResultCode.GrantedQoS1);
        using var agentA = await ConnectedAsync($"{Tenant}.srv-a", PasswordA, version: version);
        var refusedBefore = await RefusedPublishesAsync();
        var marker = "marker_" + version;

        var spoofed = await agentA.PublishAsync($"alpi/{Tenant}/srv-b/metrics", "spoofed usage_user=666");
        var own = await agentA.PublishAsync($"alpi/{Tenant}/srv-a/metrics", marker + " value=1");

        spoofed.ReasonCode.Should().Be(expectedPuback);
        own.ReasonCode.Should().Be(MqttClientPublishReasonCode.Success);
        // Same publisher, same QoS: delivered in order, so once the marker is in, the spoofed message would be too.
        (await reader.WaitForAsync($"alpi/{Tenant}/srv-a/metrics", marker + " value=1")).Should().NotBeNull();
        reader.Received.Should().NotContain(m => m.Topic == $"alpi/{Tenant}/srv-b/metrics");
        (await Eventually.WaitAsync(async () => (await SeriesAsync("srv-a")).Contains(marker) ? "stored" : null, TimeSpan.FromSeconds(15)))
            .Should().Be("stored");
        (await SeriesAsync("srv-b")).Should().BeEmpty("nothing published as srv-b was stored");
        (await RefusedPublishesAsync()).Should().Be(refusedBefore + 1);
    }

    [Test]
    public async Task AgentA_WithAWillOnHostBsStatus_HasItDropped()
    {
        using var reader = await ConnectedAsync(Reader, ReaderPassword);
        await reader.SubscribeAsync("alpi/#");
        var refusedBefore = await RefusedPublishesAsync();
        var agentA = await ConnectedAsync($"{Tenant}.srv-a", PasswordA, configure: b => b
            .WithWillTopic($"alpi/{Tenant}/srv-b/status").WithWillPayload("{\"status\":\"offline\"}"u8.ToArray())
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithWillRetain(true));

        // Closing the connection without DISCONNECT, as a crash would: the broker publishes the will (MQTTnet 5.2 does
        // not for DISCONNECT reason 0x04 "with will message").
        agentA.Dispose();

        (await Eventually.WaitAsync(async () => await RefusedPublishesAsync() > refusedBefore ? "refused" : null, TimeSpan.FromSeconds(10))).Should().Be("refused");
        reader.Received.Should().NotContain(m => m.Topic == $"alpi/{Tenant}/srv-b/status");
    }

    [Test]
    public async Task Agent_SubscribingToEverything_IsRefusedAndReceivesNothing()
    {
        using var agentA = await ConnectedAsync($"{Tenant}.srv-a", PasswordA);
        using var agentB = await ConnectedAsync($"{Tenant}.srv-b", PasswordB);

        var granted = await agentA.SubscribeAsync("alpi/#");
        await agentB.PublishAsync($"alpi/{Tenant}/srv-b/metrics", "cpu usage_user=2");
        // A round trip on A's own connection after B's message was routed.
        await agentA.PublishAsync($"alpi/{Tenant}/srv-a/metrics", "cpu usage_user=3");

        // Stricter than Mosquitto, which grants the subscription and then delivers nothing.
        granted.Should().Be(MqttClientSubscribeResultCode.NotAuthorized);
        agentA.Received.Should().BeEmpty("an agent's ACL grants no read access");
        (await HealthAsync()).GetProperty("broker").GetProperty("refusedSubscriptions").GetInt64().Should().BeGreaterThan(0);
    }

    // Each case: credentials and the protocol version; Mosquitto 2.0 answers all of them "not authorised" (MQTT 3.1.1: 5).
    [TestCase(null, null, MqttProtocolVersion.V500, "anonymous")]
    [TestCase(null, null, MqttProtocolVersion.V311, "anonymous")]
    [TestCase(Tenant + ".srv-a", "wrong password", MqttProtocolVersion.V500, "bad_credentials")]
    [TestCase("nobody", "x", MqttProtocolVersion.V500, "bad_credentials")]
    // A generated internal user, guessed from outside.
    [TestCase("alpi:collector", "guess", MqttProtocolVersion.V500, "bad_credentials")]
    public async Task ClientWithoutValidCredentials_IsRefusedAndCounted(string? user, string? password, MqttProtocolVersion version, string reason)
    {
        var before = await RefusedConnectionsAsync(reason);

        using var client = await MqttTestClient.ConnectAsync(_collector.BrokerPort, user, password, version: version);

        client.ConnectResult.ResultCode.Should().Be(MqttClientConnectResultCode.NotAuthorized);
        client.Client.IsConnected.Should().BeFalse();
        (await RefusedConnectionsAsync(reason)).Should().Be(before + 1);
    }

    [Test]
    public async Task AnonymousMosquittoPub_IsRefused()
    {
        // A stock client, as a technician would try it by hand.
        var (exitCode, output) = await RunAsync("mosquitto_pub", "-h", "127.0.0.1", "-p", _collector.BrokerPort.ToString(CultureInfo.InvariantCulture),
            "-V", "mqttv311", "-i", "by-hand", "-q", "1", "-t", $"alpi/{Tenant}/srv-a/metrics", "-m", "cpu usage_user=9");

        exitCode.Should().NotBe(0);
        output.Should().Contain("not authorised");
    }

    [Test]
    public async Task AgentA_TakingOverHostBsClientIdentifier_IsRefused()
    {
        const string clientId = "alpi-agent-" + Tenant + "-srv-b";
        using var agentB = await ConnectedAsync($"{Tenant}.srv-b", PasswordB, clientId);

        using var agentA = await MqttTestClient.ConnectAsync(_collector.BrokerPort, $"{Tenant}.srv-a", PasswordA, clientId);

        agentA.ConnectResult.ResultCode.Should().Be(MqttClientConnectResultCode.ClientIdentifierNotValid);
        agentB.Client.IsConnected.Should().BeTrue("B's session was not taken over");
    }

    [Test]
    public async Task AgentAddedWhileRunning_CanConnectWithoutARestart()
    {
        await ShippedMosquitto.RunScriptAsync(_files.Path, "add-agent.sh", Tenant, "srv-new", "new-password");

        var agent = await Eventually.WaitAsync(async () =>
        {
            var client = await MqttTestClient.ConnectAsync(_collector.BrokerPort, $"{Tenant}.srv-new", "new-password");
            if (client.ConnectResult.ResultCode == MqttClientConnectResultCode.Success)
            {
                return client;
            }

            client.Dispose();
            return null;
        }, TimeSpan.FromSeconds(10));

        agent.Should().NotBeNull("the password file is reread when it changes");
        using (agent)
        {
            (await agent!.PublishAsync($"alpi/{Tenant}/srv-new/metrics", "cpu usage_user=4")).ReasonCode.Should().Be(MqttClientPublishReasonCode.Success);
        }
    }

    private async Task<MqttTestClient> ConnectedAsync(string user, string password, string? clientId = null, MqttProtocolVersion version = MqttProtocolVersion.V500,
        Action<MqttClientOptionsBuilder>? configure = null)
    {
        var client = await MqttTestClient.ConnectAsync(_collector.BrokerPort, user, password, clientId, version, configure);
        client.ConnectResult.ResultCode.Should().Be(MqttClientConnectResultCode.Success, $"{user} is in the password file");
        return client;
    }

    private async Task<string> SeriesAsync(string host)
    {
        var series = await _collector.GetJsonAsync($"/api/series?tenant={Tenant}&host={host}");
        return string.Join(",", series.EnumerateArray().Select(s => s.GetProperty("measurement").GetString()));
    }

    private async Task<JsonElement> HealthAsync()
    {
        using var response = await _collector.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private async Task<long> RefusedPublishesAsync() => (await HealthAsync()).GetProperty("broker").GetProperty("refusedPublishes").GetInt64();

    private async Task<long> RefusedConnectionsAsync(string reason) =>
        (await HealthAsync()).GetProperty("broker").GetProperty("refusedConnectionsByReason").TryGetProperty(reason, out var count) ? count.GetInt64() : 0;

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
