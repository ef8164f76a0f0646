using Microsoft.Extensions.Logging;

namespace Alpi.HotspotController.Radius;

/// <summary>Log messages of <see cref="RadiusUdpServer"/>.</summary>
public abstract partial class RadiusUdpServer
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "RADIUS {Server} server listening on udp {EndPoint} with {Threads} threads and a {ReceiveBuffer}-octet receive buffer (about {Waiting} requests may wait; Hotspot:Radius:QueueCapacity asked for {QueueCapacity}: Linux doubles the size asked and caps it at twice net.core.rmem_max)")]
        public static partial void Listening(ILogger logger, string server, System.Net.IPEndPoint endPoint, int threads, int receiveBuffer, int waiting, int queueCapacity);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error,
            Message = "RADIUS {Server} server cannot listen on udp {Address}:{Port} ({SocketError}: {Reason}); terminals get no answer. Ports below 1024 need root or CAP_NET_BIND_SERVICE: set Hotspot:Radius:AuthPort/AcctPort or free the port. The controller keeps running.")]
        public static partial void BindFailed(ILogger logger, string server, string address, int port, string socketError, string reason);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "RADIUS {Server} server: request from {Source} failed unexpectedly; it is dropped and the server carries on")]
        public static partial void InternalError(ILogger logger, Exception exception, string server, string source);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "RADIUS {Server} server: reply to {Source} could not be sent: {Reason}")]
        public static partial void SendFailed(ILogger logger, string server, string source, string reason);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "RADIUS {Server} server: receive failed ({SocketError}: {Reason}); listening on")]
        public static partial void ReceiveFailed(ILogger logger, string server, string socketError, string reason);

        [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "RADIUS {Server} server: the database is unavailable ({Reason}); the request from {Source} gets no answer and its NAS will retry")]
        public static partial void StoreFailed(ILogger logger, string server, string source, string reason);
    }
}
