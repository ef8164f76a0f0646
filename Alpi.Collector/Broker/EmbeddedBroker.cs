using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Server;

namespace Alpi.Collector.Broker;

/// <summary>
/// The embedded MQTT 5 broker (MQTTnet server) for a one-machine install: listens on
/// <see cref="CollectorBrokerOptions.Host"/>:<see cref="CollectorBrokerOptions.Port"/> (127.0.0.1:1883 by default)
/// when <see cref="CollectorBrokerOptions.Embedded"/> is true, keeps retained messages and persistent sessions in
/// memory. Started before the ingest client and the local agent, stopped after them. Until the ingest has subscribed
/// it admits only the ingest client (see <see cref="IngestReadiness"/>).
/// </summary>
public sealed partial class EmbeddedBroker(IOptions<CollectorOptions> options, IngestReadiness readiness, ILogger<EmbeddedBroker> logger) : IHostedService, IDisposable
{
    private MqttServer? _server;

    /// <summary>True once the broker listens.</summary>
    public bool IsRunning => _server?.IsStarted == true;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var broker = options.Value.Broker;
        if (!broker.Embedded)
        {
            Log.External(logger, broker.Host, broker.Port);
            return;
        }

        var address = IPAddress.TryParse(broker.Host, out var ip) ? ip
            : broker.Host == "localhost" ? IPAddress.Loopback
            : throw new OptionsValidationException(CollectorOptions.SectionName, typeof(CollectorOptions),
                [$"{CollectorOptions.SectionName}:Broker:Host \"{broker.Host}\" must be an IP address for the embedded broker."]);
        var builder = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(broker.Port)
            .WithPersistentSessions();
        builder = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? builder.WithDefaultEndpointBoundIPV6Address(address).WithDefaultEndpointBoundIPAddress(IPAddress.None)
            : builder.WithDefaultEndpointBoundIPAddress(address).WithDefaultEndpointBoundIPV6Address(IPAddress.None);
        _server = new MqttServerFactory().CreateMqttServer(builder.Build());
        _server.ValidatingConnectionAsync += e =>
        {
            if (string.IsNullOrEmpty(e.ClientId))
            {
                // MQTT 5 §3.1.3.1 / MQTT 3.1.1 §3.1.3.1: the server assigns an identifier to a client that sends none
                // (mosquitto_pub does, for instance).
                e.AssignedClientIdentifier = "auto-" + Guid.NewGuid().ToString("N");
            }

            if (!readiness.IsReady && e.ClientId != readiness.IngestClientId)
            {
                e.ReasonCode = MQTTnet.Protocol.MqttConnectReasonCode.ServerUnavailable;
            }

            return Task.CompletedTask;
        };
        await _server.StartAsync();
        Log.Listening(logger, broker.Host, broker.Port);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { IsStarted: true })
        {
            await _server.StopAsync();
        }
    }

    /// <summary>Releases the broker.</summary>
    public void Dispose() => _server?.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Embedded MQTT broker listening on {Host}:{Port}")]
        public static partial void Listening(ILogger logger, string host, int port);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Using the external MQTT broker at {Host}:{Port}")]
        public static partial void External(ILogger logger, string host, int port);
    }
}
