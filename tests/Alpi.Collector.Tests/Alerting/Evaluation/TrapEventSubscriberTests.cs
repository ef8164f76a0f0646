using System.Collections.Concurrent;
using Alpi.Collector.Alerting.Evaluation;
using Alpi.Testing;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Server;

namespace Alpi.Collector.Tests.Alerting.Evaluation;

/// <summary>
/// The alert engine's trap-event subscriber keeps the same MQTT session as the ingest (<c>Collector:Broker:SessionExpiry</c>,
/// <c>EndSessionOnStop</c>): the whole collector is started on an external broker that the test runs (MQTTnet's server,
/// which records what each client says in CONNECT), and a real Mosquitto for what the broker keeps after a stop.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class TrapEventSubscriberTests
{
    // Each case: Collector:Broker:SessionExpiry (null: the default, 1 day) → the expected clean start and expiry (s).
    [TestCase(null, false, 86_400u, Description = "default: a persistent session kept 1 day")]
    [TestCase("00:10:00", false, 600u, Description = "a shorter expiry is followed, not 1 day")]
    [TestCase("7.00:00:00", false, 604_800u, Description = "a longer expiry is followed too")]
    [TestCase("00:00:00", true, 0u, Description = "zero: a clean start, nothing kept")]
    public async Task Connect_UsesTheIngestSessionSettings(string? sessionExpiry, bool cleanStart, uint expirySeconds)
    {
        await using var broker = await RecordingBroker.StartAsync();
        var settings = Settings(broker.Port);
        if (sessionExpiry is not null)
        {
            settings["Collector:Broker:SessionExpiry"] = sessionExpiry;
        }

        await using (var collector = await CollectorHarness.StartAsync(settings, broker.Port))
        {
            var clientId = settings["Collector:Broker:ClientId"]!;
            var both = await Eventually.WaitAsync(() => Task.FromResult(
                broker.Connects.ContainsKey(clientId) && broker.Connects.ContainsKey(clientId + "-alerts") ? "both" : null), TimeSpan.FromSeconds(30));
            both.Should().NotBeNull("the ingest and the trap-event subscriber connect");

            broker.Connects[clientId + "-alerts"].Should().Be((cleanStart, expirySeconds));
            broker.Connects[clientId + "-alerts"].Should().Be(broker.Connects[clientId], "the subscriber's session follows the ingest's");
        }
    }

    [TestCase(true, Description = "leaving for good: the session ends with the connection")]
    [TestCase(false, Description = "a restart: the broker keeps the session, with its subscription")]
    public async Task Stop_EndsTheSessionOnlyWithEndSessionOnStop(bool endSessionOnStop)
    {
        // A real Mosquitto, which keeps sessions for their expiry interval; the CONNACK's Session Present flag of a
        // client taking the same identifier afterwards says whether the subscriber's session was kept.
        using var broker = await MosquittoBroker.StartAsync();
        var settings = Settings(broker.Port);
        settings["Collector:Broker:EndSessionOnStop"] = endSessionOnStop ? "true" : "false";
        var alerts = settings["Collector:Broker:ClientId"] + "-alerts";
        await using (var collector = await CollectorHarness.StartAsync(settings, broker.Port))
        {
            var subscriber = collector.Services.GetRequiredService<TrapEventSubscriber>();
            var subscribed = await Eventually.WaitAsync(() => Task.FromResult(subscriber.IsSubscribed ? "yes" : null), TimeSpan.FromSeconds(30));
            subscribed.Should().NotBeNull();
        }

        using var probe = new MqttClientFactory().CreateMqttClient();
        var result = await probe.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId(alerts)
            .WithCleanStart(false).WithSessionExpiryInterval(60).Build());
        result.IsSessionPresent.Should().Be(!endSessionOnStop, endSessionOnStop
            ? "DISCONNECT with a Session Expiry Interval of 0 ends the session (MQTT 5 §3.14.2.2.2)"
            : "the broker keeps the session for Collector:Broker:SessionExpiry");
        await probe.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithSessionExpiryInterval(0).Build());
    }

    private static Dictionary<string, string?> Settings(int brokerPort) => new()
    {
        ["Collector:Broker:Embedded"] = "false",
        ["Collector:Broker:Host"] = "127.0.0.1",
        ["Collector:Broker:Port"] = brokerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Collector:Broker:ClientId"] = "alpi-collector-session-" + Guid.NewGuid().ToString("N")[..8],
        ["Agent:Enabled"] = "false",
        ["Hotspot:Enabled"] = "false",
        ["Collector:Traps:Enabled"] = "false",
    };

    /// <summary>An MQTTnet server on a free port that records each client's session requests.</summary>
    private sealed class RecordingBroker : IAsyncDisposable
    {
        private readonly MqttServer _server;

        private RecordingBroker(MqttServer server, int port)
        {
            _server = server;
            Port = port;
        }

        public int Port { get; }

        /// <summary>Client id → (clean start, session expiry interval) of its last CONNECT.</summary>
        public ConcurrentDictionary<string, (bool CleanStart, uint Expiry)> Connects { get; } = new();

        public static async Task<RecordingBroker> StartAsync()
        {
            var port = FreePort.Tcp();
            var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
                .WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(System.Net.IPAddress.Loopback).WithDefaultEndpointPort(port).Build());
            var broker = new RecordingBroker(server, port);
            server.ValidatingConnectionAsync += e =>
            {
                broker.Connects[e.ClientId] = (e.CleanSession ?? false, e.SessionExpiryInterval);
                return Task.CompletedTask;
            };
            await server.StartAsync();
            return broker;
        }

        public async ValueTask DisposeAsync()
        {
            await _server.StopAsync();
            _server.Dispose();
        }
    }
}
