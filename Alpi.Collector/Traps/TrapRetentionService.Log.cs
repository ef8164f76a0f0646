using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Traps;

/// <summary>Log messages of <see cref="TrapRetentionService"/>.</summary>
public sealed partial class TrapRetentionService
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information,
            Message = "Trap events purged: {Expired} older than {RetentionDays} days (before {Cutoff:u}), {OverLimit} beyond the {MaxEvents} newest")]
        public static partial void Purged(ILogger logger, long expired, int retentionDays, DateTimeOffset cutoff, long overLimit, int maxEvents);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Trap events could not be purged: {Reason}; retried at the next Collector:Traps:PurgeInterval")]
        public static partial void PurgeFailed(ILogger logger, string reason);
    }
}
