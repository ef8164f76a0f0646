using MQTTnet;

namespace Alpi.Collector.Broker;

/// <summary>
/// How the collector's own MQTT clients (ingest, trap publisher) connect to its broker, embedded or external:
/// address, credentials, 15-second keep-alive and 10-second connect time-out, in one place.
/// </summary>
public static class CollectorMqttClientOptions
{
    /// <summary>The ingest client's identifier: configured, or <c>alpi-collector-&lt;machine&gt;</c>; other clients add a suffix.</summary>
    public static string IngestClientId(CollectorBrokerOptions broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return broker.ClientId ?? $"alpi-collector-{Environment.MachineName.ToLowerInvariant()}";
    }

    /// <summary>A builder with the broker's address, <paramref name="clientId"/>, keep-alive, time-out and credentials;
    /// the caller chooses the session (clean start, expiry).</summary>
    public static MqttClientOptionsBuilder Builder(CollectorBrokerOptions broker, string clientId)
    {
        ArgumentNullException.ThrowIfNull(broker);
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId(clientId)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10));
        return broker.Username is null ? builder : builder.WithCredentials(broker.Username, broker.Password);
    }
}
