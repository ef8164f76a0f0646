using Microsoft.Extensions.Logging;

namespace Alpi.HotspotController.Accounting;

public sealed partial class AccountingRequestHandler
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "NAS {Nas} sent {StatusType}: {Closed} open session(s) closed")]
        public static partial void NasRestarted(ILogger logger, string nas, string statusType, int closed);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "NAS {Nas} Acct-Session-Id {AcctSessionId}: {Attribute} = {Seconds} s is implausible (more than {MaxSeconds} s, Hotspot:Accounting); not trusted ({Instead}); the request is recorded and acknowledged")]
        public static partial void ImplausibleTime(ILogger logger, string nas, string acctSessionId, string attribute, long seconds, long maxSeconds, string instead);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "NAS {Nas} Acct-Session-Id {AcctSessionId}: the Stop, dated back by its Acct-Delay-Time = {Seconds} s, comes before the session's recorded start; the session is stopped at its start; the request is recorded and acknowledged")]
        public static partial void StopBeforeStart(ILogger logger, string nas, string acctSessionId, long seconds);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "NAS {Nas} Acct-Session-Id {AcctSessionId}: Class {Class} names an account that neither the User-Name nor the Calling-Station-Id belongs to (an id given again, or a Class from another session); attributed by User-Name and MAC instead")]
        public static partial void ClassNotMatching(ILogger logger, string nas, string acctSessionId, string @class);
    }
}
