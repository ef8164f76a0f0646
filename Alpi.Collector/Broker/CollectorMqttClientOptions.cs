using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Alpi.Agent.Publishing;
using MQTTnet;

namespace Alpi.Collector.Broker;

/// <summary>
/// How the collector's own MQTT clients (ingest, trap publisher, alert subscriber and notifier) connect to its broker,
/// embedded or external: address, credentials, TLS, 15-second keep-alive and 10-second connect time-out, in one place.
/// </summary>
public static class CollectorMqttClientOptions
{
    /// <summary>The ingest client's identifier: configured, or <c>alpi-collector-&lt;machine&gt;</c>; other clients add a suffix.</summary>
    public static string IngestClientId(CollectorBrokerOptions broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return broker.ClientId ?? $"alpi-collector-{Environment.MachineName.ToLowerInvariant()}";
    }

    /// <summary>A builder with the broker's address, <paramref name="clientId"/>, keep-alive, time-out, credentials and
    /// TLS (<see cref="CollectorBrokerOptions.UseTls"/>, <see cref="CollectorBrokerOptions.CaFile"/>); the caller chooses
    /// the session (clean start, expiry).</summary>
    /// <exception cref="CryptographicException">The CA file cannot be read (the options validator reports it at start).</exception>
    public static MqttClientOptionsBuilder Builder(CollectorBrokerOptions broker, string clientId)
    {
        ArgumentNullException.ThrowIfNull(broker);
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId(clientId)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (broker.UseTls)
        {
            builder = WithTls(builder, broker);
        }

        return broker.Username is null ? builder : builder.WithCredentials(broker.Username, broker.Password);
    }

    /// <summary>
    /// The ingest client's session, per <see cref="CollectorBrokerOptions.SessionExpiry"/>: a persistent session
    /// (clean start off, MQTT 5 §3.1.2.4, with that Session Expiry Interval, §3.1.2.11.2) so that the broker keeps the
    /// subscriptions and the QoS 1 messages that arrive or are unacknowledged while the collector is away; or, for
    /// zero, a clean start with no session kept.
    /// </summary>
    public static MqttClientOptionsBuilder WithIngestSession(this MqttClientOptionsBuilder builder, CollectorBrokerOptions broker)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(broker);
        var seconds = (uint)Math.Min(Math.Floor(broker.SessionExpiry.TotalSeconds), uint.MaxValue);
        return builder.WithCleanStart(seconds == 0).WithSessionExpiryInterval(seconds);
    }

    /// <summary>
    /// Reads the PEM certificates of <paramref name="path"/> (one CA or a bundle); see <see cref="TlsFiles.TryReadCaFile"/>.
    /// </summary>
    /// <returns>True with the certificates; false with the reason (missing or unreadable file, no PEM certificate).</returns>
    public static bool TryReadCaFile(string path, [NotNullWhen(true)] out X509Certificate2Collection? certificates, [NotNullWhen(false)] out string? problem) =>
        TlsFiles.TryReadCaFile(path, out certificates, out problem);

    private static MqttClientOptionsBuilder WithTls(MqttClientOptionsBuilder builder, CollectorBrokerOptions broker)
    {
        if (broker.CaFile is null)
        {
            // The system's trusted roots and the usual host name check.
            return builder.WithTlsOptions(o => o.UseTls().WithTargetHost(broker.Host));
        }

        if (!TryReadCaFile(broker.CaFile, out var authorities, out var problem))
        {
            throw new CryptographicException($"Collector:Broker:CaFile \"{broker.CaFile}\": {problem}");
        }

        return builder.WithTlsOptions(o => o.UseTls().WithTargetHost(broker.Host)
            .WithCertificateValidationHandler(e => TlsFiles.IsIssuedBy(e.Certificate, e.Chain, e.SslPolicyErrors, authorities)));
    }
}
