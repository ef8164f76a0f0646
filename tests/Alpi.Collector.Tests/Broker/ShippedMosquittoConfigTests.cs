using System.Collections.Concurrent;
using System.Text;
using Alpi.Collector.Broker;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Alpi.Collector.Tests.Broker;

/// <summary>
/// The Mosquitto configuration shipped in <c>install/mosquitto/</c> (alpi.conf, the ACL written by add-agent.sh and
/// add-collector.sh) on a real mosquitto 2.0: agents confined to their own topics, anonymous clients refused, TLS with
/// the private CA, and the scripts idempotent.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class ShippedMosquittoConfigTests
{
    private const string PasswordA = "password-of-a";
    private const string PasswordB = "password-of-b";
    private ShippedMosquitto _mosquitto = null!;

    [OneTimeSetUp]
    public async Task Start() =>
        _mosquitto = await ShippedMosquitto.StartAsync(("mairie-exemple", "srv-a", PasswordA), ("mairie-exemple", "srv-b", PasswordB));

    [OneTimeTearDown]
    public void Stop() => _mosquitto.Dispose();

    [Test]
    public async Task Agent_PublishingUnderItsOwnTopic_IsDeliveredToTheCollector()
    {
        using var collector = await Subscriber.ConnectAsync(_mosquitto.PlainPort, ShippedMosquitto.CollectorUser, ShippedMosquitto.CollectorPassword, "alpi/#");
        using var agent = await ConnectAsync(_mosquitto.PlainPort, "mairie-exemple.srv-a", PasswordA);

        var result = await PublishAsync(agent, "alpi/mairie-exemple/srv-a/metrics", "cpu usage_user=1");

        result.ReasonCode.Should().Be(MqttClientPublishReasonCode.Success);
        (await collector.WaitForAsync("alpi/mairie-exemple/srv-a/metrics")).Should().Be("cpu usage_user=1");
    }

    // Mosquitto drops a publish its ACL denies: under MQTT 5 the publisher's PUBACK says "not authorised" (0x87); under
    // MQTT 3.1.1, which has no reason codes, the PUBACK looks like a success and the drop is silent.
    [TestCase(MqttProtocolVersion.V500, MqttClientPublishReasonCode.NotAuthorized)]
    [TestCase(MqttProtocolVersion.V311, MqttClientPublishReasonCode.Success)]
    public async Task AgentA_PublishingAsHostB_IsNotDeliveredToTheCollector(MqttProtocolVersion version, MqttClientPublishReasonCode expectedPuback)
    {
        using var collector = await Subscriber.ConnectAsync(_mosquitto.PlainPort, ShippedMosquitto.CollectorUser, ShippedMosquitto.CollectorPassword, "alpi/#");
        using var agentA = await ConnectAsync(_mosquitto.PlainPort, "mairie-exemple.srv-a", PasswordA, version);
        var marker = "marker-" + version;

        var spoofed = await PublishAsync(agentA, "alpi/mairie-exemple/srv-b/metrics", "cpu usage_user=666");
        await PublishAsync(agentA, "alpi/mairie-exemple/srv-a/metrics", marker);

        spoofed.ReasonCode.Should().Be(expectedPuback);
        // Same publisher, same QoS: the broker forwards in order, so once the marker is in, the spoofed message would be too.
        (await collector.WaitForAsync("alpi/mairie-exemple/srv-a/metrics", marker)).Should().Be(marker);
        collector.Received.Should().NotContain(m => m.Topic == "alpi/mairie-exemple/srv-b/metrics");
    }

    [Test]
    public async Task Agent_SubscribingToEverything_ReceivesNothing()
    {
        using var agentA = await Subscriber.ConnectAsync(_mosquitto.PlainPort, "mairie-exemple.srv-a", PasswordA, "alpi/#");
        using var collector = await Subscriber.ConnectAsync(_mosquitto.PlainPort, ShippedMosquitto.CollectorUser, ShippedMosquitto.CollectorPassword, "alpi/#");
        using var agentB = await ConnectAsync(_mosquitto.PlainPort, "mairie-exemple.srv-b", PasswordB);

        await PublishAsync(agentB, "alpi/mairie-exemple/srv-b/metrics", "cpu usage_user=2");
        await collector.WaitForAsync("alpi/mairie-exemple/srv-b/metrics");
        // A round trip on agent A's own connection after the broker routed B's message: anything sent to A before it is in.
        await PublishAsync(agentA.Client, "alpi/mairie-exemple/srv-a/metrics", "cpu usage_user=3");

        agentA.Received.Should().BeEmpty("an agent's ACL grants no read access, even to its own topics");
        await collector.WaitForAsync("alpi/mairie-exemple/srv-a/metrics");
    }

    [TestCase(null, null, MqttClientConnectResultCode.NotAuthorized)]
    [TestCase("mairie-exemple.srv-a", "wrong password", MqttClientConnectResultCode.NotAuthorized)]
    [TestCase("nobody", "x", MqttClientConnectResultCode.NotAuthorized)]
    public async Task ClientWithoutValidCredentials_IsRefused(string? user, string? password, MqttClientConnectResultCode expected)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _mosquitto.PlainPort).WithClientId("intruder");
        if (user is not null)
        {
            options = options.WithCredentials(user, password);
        }

        var result = await client.ConnectAsync(options.Build());

        result.ResultCode.Should().Be(expected);
        client.IsConnected.Should().BeFalse();
    }

    [Test]
    public async Task Collector_OverTlsWithThePrivateCa_ReceivesAnAgentsMessages()
    {
        var broker = new CollectorBrokerOptions
        {
            Embedded = false, Host = "127.0.0.1", Port = _mosquitto.TlsPort, UseTls = true, CaFile = _mosquitto.Certificates.CaFile,
            Username = ShippedMosquitto.CollectorUser, Password = ShippedMosquitto.CollectorPassword,
        };
        using var collector = await Subscriber.ConnectAsync(CollectorMqttClientOptions.Builder(broker, "tls-collector").Build(), "alpi/#");
        using var agent = await ConnectAsync(_mosquitto.TlsPort, "mairie-exemple.srv-a", PasswordA, tlsCaFile: _mosquitto.Certificates.CaFile);

        await PublishAsync(agent, "alpi/mairie-exemple/srv-a/metrics", "over tls");

        (await collector.WaitForAsync("alpi/mairie-exemple/srv-a/metrics", "over tls")).Should().Be("over tls");
    }

    [Test]
    public async Task Collector_OverTlsWithoutThePrivateCa_RejectsTheBrokersCertificate()
    {
        // The system's roots do not include the test CA: the certificate check is real.
        var broker = new CollectorBrokerOptions
        {
            Embedded = false, Host = "127.0.0.1", Port = _mosquitto.TlsPort, UseTls = true,
            Username = ShippedMosquitto.CollectorUser, Password = ShippedMosquitto.CollectorPassword,
        };
        using var client = new MqttClientFactory().CreateMqttClient();

        var connect = () => client.ConnectAsync(CollectorMqttClientOptions.Builder(broker, "untrusting-collector").Build());

        await connect.Should().ThrowAsync<Exception>();
        client.IsConnected.Should().BeFalse();
    }

    // openssl s_client offers one protocol version (SECLEVEL=0 lets it offer TLS 1.1 at all). A broker whose minimum is
    // TLS 1.2 answers 1.1 with the "protocol version" alert (70); were 1.1 allowed, Debian's OpenSSL would fail later
    // with "internal error" (80), for want of a cipher at its security level.
    [TestCase("-tls1_1", "alert protocol version")]
    [TestCase("-tls1_2", "Protocol  : TLSv1.2")]
    [TestCase("-tls1_3", "TLSv1.3")]
    public async Task TlsListener_AcceptsTls12AndUpOnly(string version, string expected)
    {
        var info = new System.Diagnostics.ProcessStartInfo("openssl",
            ["s_client", "-connect", $"127.0.0.1:{_mosquitto.TlsPort}", version, "-cipher", "DEFAULT@SECLEVEL=0", "-CAfile", _mosquitto.Certificates.CaFile])
        { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var openssl = System.Diagnostics.Process.Start(info)!;
        openssl.StandardInput.Close();
        var output = openssl.StandardOutput.ReadToEndAsync();
        var error = openssl.StandardError.ReadToEndAsync();
        await openssl.WaitForExitAsync();

        (await output + await error).Should().Contain(expected);
    }

    [Test]
    public async Task PlainClient_OnTheTlsListener_IsNotServed()
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _mosquitto.TlsPort).WithClientId("plain-on-tls")
            .WithCredentials("mairie-exemple.srv-a", PasswordA).WithTimeout(TimeSpan.FromSeconds(5)).Build();

        var connect = () => client.ConnectAsync(options);

        await connect.Should().ThrowAsync<Exception>();
        client.IsConnected.Should().BeFalse();
    }

    [Test]
    public async Task AddAgent_RunTwice_LeavesOneBlockAndTheSecondPassword()
    {
        await ShippedMosquitto.RunScriptAsync(_mosquitto.Folder, "add-agent.sh", "mairie-exemple", "srv-c", "first-password");
        var output = await ShippedMosquitto.RunScriptAsync(_mosquitto.Folder, "add-agent.sh", "mairie-exemple", "srv-c", "second-password");
        await ReloadAsync(_mosquitto.Broker.ProcessId);

        var acl = await File.ReadAllLinesAsync(_mosquitto.AclFile);
        acl.Where(l => l == "# BEGIN alpi agent mairie-exemple.srv-c").Should().ContainSingle();
        acl.Where(l => l == "user mairie-exemple.srv-c").Should().ContainSingle();
        acl.Where(l => l == "topic write alpi/mairie-exemple/srv-c/#").Should().ContainSingle();
        acl.Should().Contain(["user mairie-exemple.srv-a", "user mairie-exemple.srv-b", "user alpi-collector"], "the other blocks are kept");
        output.Should().Contain("ALPI_Agent__Broker__Username=mairie-exemple.srv-c").And.Contain("ALPI_Agent__Broker__Password=second-password")
            .And.Contain("ALPI_Agent__Broker__Host=broker.test");

        // The reloaded broker knows the new agent with its second password only, and lets it publish under its topic.
        using var collector = await Subscriber.ConnectAsync(_mosquitto.PlainPort, ShippedMosquitto.CollectorUser, ShippedMosquitto.CollectorPassword, "alpi/#");
        var agent = await Alpi.Testing.Eventually.WaitAsync(async () =>
        {
            var client = new MqttClientFactory().CreateMqttClient();
            var result = await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _mosquitto.PlainPort)
                .WithCredentials("mairie-exemple.srv-c", "second-password").Build());
            if (result.ResultCode == MqttClientConnectResultCode.Success)
            {
                return client;
            }

            client.Dispose();
            return null;
        }, TimeSpan.FromSeconds(10));
        agent.Should().NotBeNull("the reload made the second password valid");
        using (agent)
        {
            await PublishAsync(agent!, "alpi/mairie-exemple/srv-c/metrics", "added");
            (await collector.WaitForAsync("alpi/mairie-exemple/srv-c/metrics", "added")).Should().Be("added");
        }

        using var old = new MqttClientFactory().CreateMqttClient();
        (await old.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _mosquitto.PlainPort)
            .WithCredentials("mairie-exemple.srv-c", "first-password").Build())).ResultCode.Should().Be(MqttClientConnectResultCode.NotAuthorized);
    }

    [Test]
    public async Task HotspotController_PublishesForItsTerminalsOfAnyTenant_ButReadsNothing()
    {
        var output = await ShippedMosquitto.RunScriptAsync(_mosquitto.Folder, "add-hotspot.sh", "alpi-hotspot-1", "hotspot-password");
        await ReloadAsync(_mosquitto.Broker.ProcessId);
        output.Should().Contain("ALPI_Hotspot__Telemetry__Broker__Username=alpi-hotspot-1");
        using var collector = await Subscriber.ConnectAsync(_mosquitto.PlainPort, ShippedMosquitto.CollectorUser, ShippedMosquitto.CollectorPassword, "alpi/#");
        var hotspot = await Alpi.Testing.Eventually.WaitAsync(async () =>
        {
            try
            {
                return await Subscriber.ConnectAsync(_mosquitto.PlainPort, "alpi-hotspot-1", "hotspot-password", "alpi/#");
            }
            catch (AssertionException)
            {
                return null; // not reloaded yet
            }
        }, TimeSpan.FromSeconds(10));
        hotspot.Should().NotBeNull();
        using (hotspot)
        {
            // A terminal of another member body, as HotspotTelemetryService publishes it.
            var result = await PublishAsync(hotspot!.Client, "alpi/bibliotheque-x/borne-1/status", "{\"status\":\"online\"}");

            result.ReasonCode.Should().Be(MqttClientPublishReasonCode.Success);
            (await collector.WaitForAsync("alpi/bibliotheque-x/borne-1/status")).Should().NotBeNull();
            await PublishAsync(hotspot.Client, "alpi/bibliotheque-x/borne-1/metrics", "hotspot_terminal sessions=1i");
            hotspot.Received.Should().BeEmpty("its ACL grants no read access");
        }
    }

    [Test]
    public async Task AddAgent_WithoutPassword_MakesARandomOne()
    {
        using var folder = new Alpi.Testing.TempDirectory("alpi-add-agent");

        var first = await ShippedMosquitto.RunScriptAsync(folder.Path, "add-agent.sh", "t", "h");
        var second = await ShippedMosquitto.RunScriptAsync(folder.Path, "add-agent.sh", "t", "h2");

        var passwords = new[] { first, second }.Select(o => o.Split('\n').Single(l => l.StartsWith("ALPI_Agent__Broker__Password=", StringComparison.Ordinal))[29..]).ToList();
        passwords.Should().AllSatisfy(p => p.Should().MatchRegex("^[A-Za-z0-9]{24}$"));
        passwords[0].Should().NotBe(passwords[1]);
    }

    // Names that would make a user name ambiguous (a dot in the tenant: "a.b" + "c" and "a" + "b.c") or a topic level
    // that is not one level ('/', wildcards).
    [TestCase("a.b", "c")]
    [TestCase("t", "a/b")]
    [TestCase("t", "+")]
    [TestCase("t", "#")]
    [TestCase("t+", "h")]
    [TestCase("", "h")]
    public async Task AddAgent_WithANameThatIsNotOneTopicLevel_FailsWithExitCode2(string tenant, string host)
    {
        using var folder = new Alpi.Testing.TempDirectory("alpi-add-agent");

        var run = () => ShippedMosquitto.RunScriptAsync(folder.Path, "add-agent.sh", tenant, host, "p");

        (await run.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*exited with 2*");
        File.Exists(Path.Combine(folder.Path, "alpi", "acl")).Should().BeFalse("nothing is written for a refused name");
    }

    private static async Task ReloadAsync(int pid)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-HUP", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        kill.ExitCode.Should().Be(0);
    }

    private static async Task<IMqttClient> ConnectAsync(int port, string user, string password, MqttProtocolVersion version = MqttProtocolVersion.V500, string? tlsCaFile = null)
    {
        var broker = new CollectorBrokerOptions { Embedded = false, Host = "127.0.0.1", Port = port, UseTls = tlsCaFile is not null, CaFile = tlsCaFile, Username = user, Password = password };
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(CollectorMqttClientOptions.Builder(broker, "test-" + Guid.NewGuid().ToString("N")[..8]).WithProtocolVersion(version).Build());
        result.ResultCode.Should().Be(MqttClientConnectResultCode.Success, $"{user} has an account");
        return client;
    }

    private static Task<MqttClientPublishResult> PublishAsync(IMqttClient client, string topic, string payload) =>
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    /// <summary>A connected client subscribed to one filter, keeping what it receives.</summary>
    private sealed class Subscriber : IDisposable
    {
        private readonly ConcurrentQueue<(string Topic, string Payload)> _received = new();

        private Subscriber(IMqttClient client) => Client = client;

        public IMqttClient Client { get; }

        public IReadOnlyCollection<(string Topic, string Payload)> Received => _received;

        public static Task<Subscriber> ConnectAsync(int port, string user, string password, string filter) =>
            ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("sub-" + Guid.NewGuid().ToString("N")[..8])
                .WithCredentials(user, password).Build(), filter);

        public static async Task<Subscriber> ConnectAsync(MqttClientOptions options, string filter)
        {
            var client = new MqttClientFactory().CreateMqttClient();
            var subscriber = new Subscriber(client);
            client.ApplicationMessageReceivedAsync += e =>
            {
                subscriber._received.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload)));
                return Task.CompletedTask;
            };
            var result = await client.ConnectAsync(options);
            result.ResultCode.Should().Be(MqttClientConnectResultCode.Success);
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
            return subscriber;
        }

        /// <summary>The payload of the first message on <paramref name="topic"/> (with <paramref name="payload"/> if given), or null after 10 s.</summary>
        public async Task<string?> WaitForAsync(string topic, string? payload = null)
        {
            var found = await Alpi.Testing.Eventually.WaitAsync(() => Task.FromResult(_received.Where(m => m.Topic == topic && (payload is null || m.Payload == payload))
                .Select(m => m.Payload).FirstOrDefault()), TimeSpan.FromSeconds(10));
            return found;
        }

        public void Dispose() => Client.Dispose();
    }
}
