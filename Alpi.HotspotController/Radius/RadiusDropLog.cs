using Alpi.Protocols.Logging;
using Microsoft.Extensions.Logging;

namespace Alpi.HotspotController.Radius;

/// <summary>
/// Logs dropped RADIUS datagrams at most once per source address per minute, with the number held back since the
/// last line, so a misconfigured or hostile sender cannot flood the log; every drop is still counted in
/// <see cref="RadiusServerStatistics"/>. At most 10,000 sources are remembered (<see cref="LogThrottle"/>). Thread-safe.
/// </summary>
public sealed partial class RadiusDropLog(TimeProvider timeProvider, ILogger<RadiusDropLog> logger)
{
    private readonly LogThrottle _throttle = new(timeProvider, TimeSpan.FromMinutes(1));

    /// <summary>Reports one dropped datagram.</summary>
    /// <param name="source">The source address and port.</param>
    /// <param name="nas">The NAS client's name, or null for an unknown source.</param>
    /// <param name="reason">Why it was dropped.</param>
    /// <param name="detail">What was wrong; never a secret or a password.</param>
    public void Report(System.Net.IPEndPoint source, string? nas, RadiusDropReason reason, string detail)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (_throttle.ShouldLog(source.Address.ToString(), 1, out var suppressed))
        {
            Log.Dropped(logger, source.ToString(), nas ?? "(unknown)", reason.ToName(), detail, suppressed);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
            Message = "RADIUS datagram from {Source} (NAS {Nas}) dropped ({Reason}): {Detail} ({Suppressed} more dropped from this address since the last report)")]
        public static partial void Dropped(ILogger logger, string source, string nas, string reason, string detail, int suppressed);
    }
}
