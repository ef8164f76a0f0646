using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Alpi.Agent.Publishing;
using Alpi.Collector.Broker.Authentication;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Server;

namespace Alpi.Collector.Broker;

/// <summary>
/// The embedded MQTT 5 broker (MQTTnet server) for a one-machine install: listens on
/// <see cref="CollectorBrokerOptions.Host"/>:<see cref="CollectorBrokerOptions.Port"/> (127.0.0.1:1883 by default)
/// when <see cref="CollectorBrokerOptions.Embedded"/> is true, and with TLS 1.2/1.3 on
/// <see cref="CollectorBrokerOptions.TlsHost"/>:<see cref="CollectorBrokerOptions.TlsPort"/> when that is set; keeps
/// retained messages and persistent sessions in memory. With <c>Collector:Broker:Authentication:Enabled</c>, every client
/// authenticates and is confined by its ACL (<see cref="BrokerAccessControl"/>). Started before the ingest client and
/// the local agent, stopped after them. Until the ingest has subscribed it admits only the ingest client (see
/// <see cref="IngestReadiness"/>). Metrics messages are fsync'ed to the ingest journal (with DuckDB) or stored (otherwise) before the broker acknowledges them and oversized
/// messages refused (<see cref="Ingest.EmbeddedBrokerIngest"/>).
/// </summary>
public sealed partial class EmbeddedBroker(
    IOptions<CollectorOptions> options,
    IngestReadiness readiness,
    BrokerAccessControl accessControl,
    Ingest.EmbeddedBrokerIngest ingest,
    ILogger<EmbeddedBroker> logger)
    : IHostedService, IDisposable
{
    private MqttServer? _server;
    private X509Certificate2? _certificate;

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

        var address = ListenAddress(broker.Host, "Host");
        var builder = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(broker.Port)
            .WithPersistentSessions();
        builder = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? builder.WithDefaultEndpointBoundIPV6Address(address).WithDefaultEndpointBoundIPAddress(IPAddress.None)
            : builder.WithDefaultEndpointBoundIPAddress(address).WithDefaultEndpointBoundIPV6Address(IPAddress.None);
        if (broker.TlsPort is { } tlsPort)
        {
            builder = WithTlsEndpoint(builder, broker, tlsPort);
        }

        var authentication = broker.Authentication.Enabled;
        _server = new MqttServerFactory().CreateMqttServer(builder.Build());
        _server.ValidatingConnectionAsync += e =>
        {
            var clientId = e.ClientId;
            if (string.IsNullOrEmpty(clientId))
            {
                // MQTT 5 §3.1.3.1 / MQTT 3.1.1 §3.1.3.1: the server assigns an identifier to a client that sends none
                // (mosquitto_pub does, for instance).
                clientId = "auto-" + Guid.NewGuid().ToString("N");
                e.AssignedClientIdentifier = clientId;
            }

            if (!readiness.IsReady && e.ClientId != readiness.IngestClientId)
            {
                e.ReasonCode = MQTTnet.Protocol.MqttConnectReasonCode.ServerUnavailable;
            }
            else if (authentication)
            {
                accessControl.Validate(e, clientId);
            }

            return Task.CompletedTask;
        };
        if (authentication)
        {
            accessControl.Attach(_server);
        }

        // After the access control: what it refuses is neither stored nor acknowledged as stored.
        ingest.Attach(_server);

        await _server.StartAsync();
        Log.Listening(logger, broker.Host, broker.Port, authentication ? "required" : "off");
        if (broker.TlsPort is { } port)
        {
            Log.ListeningTls(logger, broker.TlsHost ?? broker.Host, port, _certificate!.Subject, _certificate.NotAfter);
        }

        if (!authentication && (!IPAddress.IsLoopback(address) || broker.TlsPort is not null))
        {
            Log.OpenToTheNetwork(logger);
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { IsStarted: true })
        {
            await _server.StopAsync();
        }
    }

    /// <summary>Releases the broker and its certificate.</summary>
    public void Dispose()
    {
        _server?.Dispose();
        _certificate?.Dispose();
    }

    private MqttServerOptionsBuilder WithTlsEndpoint(MqttServerOptionsBuilder builder, CollectorBrokerOptions broker, int port)
    {
        // The validator checked the files at start; a file replaced since then fails here, before anything listens.
        if (!TlsFiles.TryLoadCertificate(broker.CertificateFile!, broker.KeyFile!, out var certificate, out var problem))
        {
            throw new OptionsValidationException(CollectorOptions.SectionName, typeof(CollectorOptions),
                [$"{CollectorOptions.SectionName}:Broker:CertificateFile \"{broker.CertificateFile}\": {problem}"]);
        }

        _certificate = certificate;
        var address = ListenAddress(broker.TlsHost ?? broker.Host, broker.TlsHost is null ? "Host" : "TlsHost");
        builder = builder.WithEncryptedEndpoint()
            .WithEncryptedEndpointPort(port)
            .WithEncryptionCertificate(certificate)
            .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13);
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? builder.WithEncryptedEndpointBoundIPV6Address(address).WithEncryptedEndpointBoundIPAddress(IPAddress.None)
            : builder.WithEncryptedEndpointBoundIPAddress(address).WithEncryptedEndpointBoundIPV6Address(IPAddress.None);
    }

    private static IPAddress ListenAddress(string host, string key) =>
        IPAddress.TryParse(host, out var ip) ? ip
        : host == "localhost" ? IPAddress.Loopback
        : throw new OptionsValidationException(CollectorOptions.SectionName, typeof(CollectorOptions),
            [$"{CollectorOptions.SectionName}:Broker:{key} \"{host}\" must be an IP address for the embedded broker."]);
}
