using Microsoft.Extensions.Logging;

namespace Alpi.HotspotController.Accounting;

public sealed partial class AccountingRequestHandler
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "NAS {Nas} sent {StatusType}: {Closed} open session(s) closed")]
        public static partial void NasRestarted(ILogger logger, string nas, string statusType, int closed);
    }
}
