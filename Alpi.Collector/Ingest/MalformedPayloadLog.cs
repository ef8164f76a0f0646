using Alpi.Protocols.Logging;
using Alpi.Protocols.LineProtocol;
using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Ingest;

/// <summary>
/// Logs rejected line-protocol lines at most once per host per minute (with the count since the last log line), so a
/// misconfigured agent cannot flood the log; every line is still counted in <see cref="IngestStatistics"/>. The line says
/// how many points of the message were kept, or that the message was refused whole when none was.
/// </summary>
public sealed partial class MalformedPayloadLog(TimeProvider timeProvider, ILogger<MalformedPayloadLog> logger)
{
    /// <summary>Longest error text quoted in the log, in characters: a 1 MB bad line must not become a 1 MB log line.</summary>
    private const int MaxQuoted = 300;
    private readonly LogThrottle _throttle = new(timeProvider, TimeSpan.FromMinutes(1));

    /// <summary>Reports the errors of one payload from <paramref name="topic"/>.</summary>
    /// <param name="topic">The message's topic.</param>
    /// <param name="errors">Its rejected lines (line number, column, reason); nothing is logged when empty.</param>
    /// <param name="pointsKept">The points of the message kept (its good lines), 0 when every line was refused.</param>
    public void Report(string topic, IReadOnlyCollection<LineProtocolError> errors, int pointsKept)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0 || !_throttle.ShouldLog(topic, errors.Count, out var suppressed))
        {
            return;
        }

        var first = errors.First().ToString();
        var quoted = first.Length > MaxQuoted ? string.Concat(first.AsSpan(0, MaxQuoted), "…") : first;
        if (pointsKept > 0)
        {
            Log.Malformed(logger, topic, errors.Count, pointsKept, quoted, suppressed);
        }
        else
        {
            Log.Refused(logger, topic, errors.Count, quoted, suppressed);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
            Message = "{Topic}: {Count} malformed line(s) rejected, {Kept} good point(s) of the message kept; first: {FirstError} ({Suppressed} more since the last report)")]
        public static partial void Malformed(ILogger logger, string topic, int count, int kept, string firstError, int suppressed);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
            Message = "{Topic}: message refused whole, nothing stored: {Count} line(s) rejected, first: {FirstError} ({Suppressed} more since the last report)")]
        public static partial void Refused(ILogger logger, string topic, int count, string firstError, int suppressed);
    }
}
