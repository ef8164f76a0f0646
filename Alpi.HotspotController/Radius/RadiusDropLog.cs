using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Alpi.HotspotController.Radius;

/// <summary>
/// Logs dropped RADIUS datagrams at most once per source address per minute, with the number held back since the
/// last line, so a misconfigured or hostile sender cannot flood the log; every drop is still counted in
/// <see cref="RadiusServerStatistics"/>. At most 10,000 sources are remembered (then the memory is reset). Thread-safe.
/// </summary>
public sealed partial class RadiusDropLog(TimeProvider timeProvider, ILogger<RadiusDropLog> logger)
{
    private const int MaxSources = 10_000;
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (DateTimeOffset LastLogged, int Suppressed)> _state = new(StringComparer.Ordinal);

    /// <summary>Reports one dropped datagram.</summary>
    /// <param name="source">The source address and port.</param>
    /// <param name="nas">The NAS client's name, or null for an unknown source.</param>
    /// <param name="reason">Why it was dropped.</param>
    /// <param name="detail">What was wrong; never a secret or a password.</param>
    public void Report(System.Net.IPEndPoint source, string? nas, RadiusDropReason reason, string detail)
    {
        ArgumentNullException.ThrowIfNull(source);
        var key = source.Address.ToString();
        if (ShouldLog(key, out var suppressed))
        {
            Log.Dropped(logger, source.ToString(), nas ?? "(unknown)", reason.ToName(), detail, suppressed);
        }
    }

    private bool ShouldLog(string key, out int suppressed)
    {
        var now = timeProvider.GetUtcNow();
        if (_state.Count > MaxSources)
        {
            _state.Clear();
        }

        var log = false;
        var held = 0;
        _state.AddOrUpdate(key,
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
                    held = s.Suppressed;
                    return (now, 0);
                }

                return (s.LastLogged, s.Suppressed + 1);
            });
        suppressed = held;
        return log;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
            Message = "RADIUS datagram from {Source} (NAS {Nas}) dropped ({Reason}): {Detail} ({Suppressed} more dropped from this address since the last report)")]
        public static partial void Dropped(ILogger logger, string source, string nas, string reason, string detail, int suppressed);
    }
}
