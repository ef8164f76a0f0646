using Alpi.Collector.Logging;
using Alpi.Protocols.LineProtocol;
using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Ingest;

/// <summary>
/// Logs rejected line-protocol lines at most once per host per minute (with the count since the last log line), so a
/// misconfigured agent cannot flood the log; every line is still counted in <see cref="IngestStatistics"/>.
/// </summary>
public sealed partial class MalformedPayloadLog(TimeProvider timeProvider, ILogger<MalformedPayloadLog> logger)
{
    /// <summary>Longest error text quoted in the log, in characters: a 1 MB bad line must not become a 1 MB log line.</summary>
    private const int MaxQuoted = 300;
    private readonly LogThrottle _throttle = new(timeProvider, TimeSpan.FromMinutes(1));

    /// <summary>Reports the errors of one payload from <paramref name="topic"/>.</summary>
    public void Report(string topic, IReadOnlyCollection<LineProtocolError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0 || !_throttle.ShouldLog(topic, errors.Count, out var suppressed))
        {
            return;
        }

        var first = errors.First().ToString();
        Log.Malformed(logger, topic, errors.Count, first.Length > MaxQuoted ? string.Concat(first.AsSpan(0, MaxQuoted), "…") : first, suppressed);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
            Message = "{Topic}: {Count} malformed line(s) rejected, first: {FirstError} ({Suppressed} more since the last report; good lines kept)")]
        public static partial void Malformed(ILogger logger, string topic, int count, string firstError, int suppressed);
    }
}
