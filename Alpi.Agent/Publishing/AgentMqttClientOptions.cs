using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace Alpi.Agent.Publishing;

/// <summary>
/// How the agent connects to its broker (<c>Agent:Broker</c>): address, client identifier, 15-second keep-alive and
/// 10-second connect time-out, credentials, and TLS — the system's trusted roots or a private CA
/// (<see cref="AgentBrokerOptions.CaFile"/>), the broker's name checked against <see cref="AgentBrokerOptions.Host"/>, and an
/// optional client certificate (Mosquitto's <c>require_certificate</c>). The caller adds the session and the will.
/// </summary>
public static class AgentMqttClientOptions
{
    /// <summary>
    /// The keep-alive the agent announces in CONNECT: 15 seconds (MQTT 5 §3.1.2.10; the broker drops a silent agent after
    /// 1.5 times that and publishes its will).
    /// </summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>The default client identifier: <c>alpi-agent-&lt;tenant&gt;-&lt;host&gt;</c>.</summary>
    public static string ClientId(AgentOptions agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return agent.Broker.ClientId ?? $"alpi-agent-{agent.Tenant}-{agent.Host}";
    }

    /// <summary>A builder with the broker's address, client identifier, keep-alive, time-out, credentials and TLS.</summary>
    /// <exception cref="CryptographicException">A CA or certificate file cannot be read (the options validator reports it at start).</exception>
    public static MqttClientOptionsBuilder Builder(AgentOptions agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var broker = agent.Broker;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId(ClientId(agent))
            .WithKeepAlivePeriod(KeepAlive)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (broker.Username is not null)
        {
            builder = builder.WithCredentials(broker.Username, broker.Password);
        }

        return broker.UseTls ? builder.WithTlsOptions(Tls(broker)) : builder;
    }

    private static MqttClientTlsOptions Tls(AgentBrokerOptions broker)
    {
        var tls = new MqttClientTlsOptionsBuilder().UseTls().WithTargetHost(broker.Host);
        if (broker.CaFile is { } caFile)
        {
            if (!TlsFiles.TryReadCaFile(caFile, out var authorities, out var problem))
            {
                throw new CryptographicException($"{AgentOptions.SectionName}:Broker:CaFile \"{caFile}\": {problem}");
            }

            tls = tls.WithCertificateValidationHandler(e => TlsFiles.IsIssuedBy(e.Certificate, e.Chain, e.SslPolicyErrors, authorities));
        }

        if (broker.CertificateFile is { } certificateFile)
        {
            if (!TlsFiles.TryLoadCertificate(certificateFile, broker.KeyFile ?? certificateFile, out var certificate, out var problem))
            {
                throw new CryptographicException($"{AgentOptions.SectionName}:Broker:CertificateFile \"{certificateFile}\": {problem}");
            }

            tls = tls.WithClientCertificates(new X509Certificate2Collection(certificate));
        }

        return tls.Build();
    }
}
