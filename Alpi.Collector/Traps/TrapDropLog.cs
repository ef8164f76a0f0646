using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Traps;

/// <summary>
/// Logs dropped datagrams at most once per source address per minute (with the count since the last log line), so a
/// misconfigured or hostile sender cannot flood the log; every drop is still counted in <see cref="TrapStatistics"/>.
/// </summary>
public sealed partial class TrapDropLog(TimeProvider timeProvider, ILogger<TrapDropLog> logger)
{
    private const int MaxSources = 10_000;
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (DateTimeOffset LastLogged, int Suppressed)> _state = new(StringComparer.Ordinal);

    /// <summary>Reports one dropped datagram from <paramref name="source"/>.</summary>
    /// <param name="source">The source address.</param>
    /// <param name="reason">A <see cref="TrapDropReason"/>.</param>
    /// <param name="detail">What was wrong, never a secret.</param>
    public void Report(string source, string reason, string detail)
    {
        var now = timeProvider.GetUtcNow();
        if (_state.Count > MaxSources)
        {
            _state.Clear(); // bounded memory under a spoofed-source flood; at worst a few extra log lines
        }

        var log = false;
        var suppressed = 0;
        _state.AddOrUpdate(source,
            _ =>
            {
                log = true;
                return (now, 0);
            },
            (_, s) =>
            {
                if (now - s.LastLogged >= Period)
                {
                    log = true;
                    suppressed = s.Suppressed;
                    return (now, 0);
                }

                return (s.LastLogged, s.Suppressed + 1);
            });
        if (log)
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
