using Alpi.Protocols.Logging;
using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Traps;

/// <summary>
/// Logs dropped datagrams at most once per source address per minute (with the count since the last log line), so a
/// misconfigured or hostile sender cannot flood the log; every drop is still counted in <see cref="TrapStatistics"/>.
/// </summary>
public sealed partial class TrapDropLog(TimeProvider timeProvider, ILogger<TrapDropLog> logger)
{
    private readonly LogThrottle _throttle = new(timeProvider, TimeSpan.FromMinutes(1));

    /// <summary>Reports one dropped datagram from <paramref name="source"/>.</summary>
    /// <param name="source">The source address.</param>
    /// <param name="reason">A <see cref="TrapDropReason"/>.</param>
    /// <param name="detail">What was wrong, never a secret.</param>
    public void Report(string source, string reason, string detail)
    {
        if (_throttle.ShouldLog(source, 1, out var suppressed))
        {
            Log.Dropped(logger, source, reason, detail, suppressed);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
            Message = "SNMP datagram from {Source} dropped ({Reason}): {Detail} ({Suppressed} more dropped from this source since the last report)")]
        public static partial void Dropped(ILogger logger, string source, string reason, string detail, int suppressed);
    }
}
