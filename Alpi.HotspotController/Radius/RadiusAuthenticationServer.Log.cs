using Microsoft.Extensions.Logging;

namespace Alpi.HotspotController.Radius;

/// <summary>Log messages of <see cref="RadiusAuthenticationServer"/> (event ids from 20: its logger is also <see cref="RadiusUdpServer"/>'s).</summary>
public sealed partial class RadiusAuthenticationServer
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 20, Level = LogLevel.Warning,
            Message = "NAS {Nas}: MAC authentication of {UserNameMac} (User-Name) from Calling-Station-Id {CallingStationMac} rejected: a device can only authenticate itself ({Suppressed} more of these from this NAS since the last report)")]
        public static partial void MacForAnotherDevice(ILogger logger, string nas, string userNameMac, string callingStationMac, int suppressed);
    }
}
