using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Broker.Authentication;

/// <summary>Log messages of <see cref="BrokerAccessControl"/>; user names and topics, never passwords.</summary>
public sealed partial class BrokerAccessControl
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "MQTT client {ClientId} from {Endpoint} refused: no user name (authentication is required)")]
        public static partial void AnonymousRefused(ILogger logger, string clientId, string endpoint);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "MQTT client {ClientId} from {Endpoint} refused: unknown user {UserName} or wrong password")]
        public static partial void BadCredentials(ILogger logger, string userName, string clientId, string endpoint);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "MQTT client {ClientId} from {Endpoint} refused: its session belongs to another user than {UserName}")]
        public static partial void ClientIdTaken(ILogger logger, string clientId, string userName, string endpoint);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "MQTT client {ClientId} (user {UserName}) may not publish on {Topic}: message dropped")]
        public static partial void PublishRefused(ILogger logger, string clientId, string userName, string topic);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "MQTT client {ClientId} (user {UserName}) may not subscribe to {Filter}: refused")]
        public static partial void SubscriptionRefused(ILogger logger, string clientId, string userName, string filter);

        [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "MQTT client {ClientId} (user {UserName}) may not read {Topic}: message not delivered to it")]
        public static partial void DeliveryRefused(ILogger logger, string clientId, string userName, string topic);
    }
}
