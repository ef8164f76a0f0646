using Microsoft.Extensions.Logging;

namespace Alpi.HotspotController.Admin;

/// <summary>Log messages of <see cref="PersonalDataAudit"/>: the action and the token's name, never what was asked.</summary>
public sealed partial class PersonalDataAudit
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Audit entry {Action} by {Actor} could not be written, so personal data was not served (503): {Reason}")]
        public static partial void NotServed(ILogger logger, string action, string actor, string reason);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Audit entry of a {Outcome} {Action} by {Actor} could not be written (nothing was served): {Reason}")]
        public static partial void RefusalNotAudited(ILogger logger, string action, string outcome, string actor, string reason);
    }
}
