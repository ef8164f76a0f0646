using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Broker;

/// <summary>Log messages of <see cref="EmbeddedBroker"/>.</summary>
public sealed partial class EmbeddedBroker
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Embedded MQTT broker listening on {Host}:{Port}; authentication {Authentication}")]
        public static partial void Listening(ILogger logger, string host, int port, string authentication);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Using the external MQTT broker at {Host}:{Port}")]
        public static partial void External(ILogger logger, string host, int port);

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Embedded MQTT broker listening with TLS on {Host}:{Port}; certificate {Subject}, valid until {NotAfter:u}")]
        public static partial void ListeningTls(ILogger logger, string host, int port, string subject, DateTime notAfter);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
            Message = "The embedded MQTT broker can be reached from the network without authentication: anyone can publish as any agent. Set Collector:Broker:Authentication:Enabled=true with a PasswordFile (README, \"Security\").")]
        public static partial void OpenToTheNetwork(ILogger logger);
    }
}
