using Microsoft.Extensions.Logging;

namespace Alpi.Agent.Collectors.Gateway;

internal sealed partial class HotspotGatewayCollector
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Hotspot gateway: `{Command}` failed ({Reason}); the session counts are left out while it fails (logged once per reason)")]
        public static partial void QueryFailed(ILogger logger, string command, string reason);
    }
}
