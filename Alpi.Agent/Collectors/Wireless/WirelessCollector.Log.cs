using Microsoft.Extensions.Logging;

namespace Alpi.Agent.Collectors.Wireless;

internal sealed partial class WirelessCollector
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Wireless collector: {Command} not found (install the iw package); station, channel and interface figures are off until it is installed, /proc/net/wireless is still read")]
        public static partial void IwMissing(ILogger logger, string command);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Wireless collector: {Command} found at {Path}; station, channel and interface figures are on")]
        public static partial void IwFound(ILogger logger, string command, string path);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Wireless collector: `{Command}` failed ({Reason}); counted in wifi_collector command_failures, logged once")]
        public static partial void CommandFailed(ILogger logger, string command, string reason);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Wireless collector: `{Command}` did not finish within {Timeout} and was killed")]
        public static partial void CommandTimedOut(ILogger logger, string command, TimeSpan timeout);
    }
}
