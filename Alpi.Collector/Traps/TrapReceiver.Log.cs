using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Traps;

/// <summary>Log messages of <see cref="TrapReceiver"/>.</summary>
public sealed partial class TrapReceiver
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "SNMP trap receiver listening on udp {Host}:{Port}")]
        public static partial void Listening(ILogger logger, string host, int port);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error,
            Message = "SNMP trap receiver cannot listen on udp {Host}:{Port} ({SocketError}: {Reason}); traps are not received. Port 162 needs root or CAP_NET_BIND_SERVICE: set Collector:Traps:Port (e.g. 10162, with a firewall redirect from 162) or Collector:Traps:Enabled=false. The collector keeps running.")]
        public static partial void BindFailed(ILogger logger, string host, int port, string socketError, string reason);

        [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "SNMP {Version} notification {TrapOid} from {Tenant}/{Device} stored")]
        public static partial void Received(ILogger logger, string version, string trapOid, string tenant, string device);

        [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "SNMP notification from {Source} could not be stored: {Reason}")]
        public static partial void StoreFailed(ILogger logger, string source, string reason);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "SNMP answer to {Source} could not be sent: {Reason}")]
        public static partial void AnswerFailed(ILogger logger, string source, string reason);

        [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "SNMP trap receiver engine 0x{EngineId}, boots {Boots}, {UserCount} SNMPv3 user(s)")]
        public static partial void Engine(ILogger logger, string engineId, int boots, int userCount);

        [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "SNMP trap receiver not started: the event store is unavailable: {Reason}")]
        public static partial void StoreUnavailable(ILogger logger, string reason);
    }
}
