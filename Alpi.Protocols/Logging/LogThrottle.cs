using System.Collections.Concurrent;

namespace Alpi.Protocols.Logging;

/// <summary>
/// Lets a log line through at most once per key (a host, a source address, a NAS) per period and counts what it held back
/// meanwhile, so a misconfigured or hostile sender cannot flood the log. Memory stays bounded: past
/// <paramref name="maxKeys"/> keys the state is forgotten (at worst a few extra log lines). Thread-safe.
/// </summary>
/// <param name="timeProvider">The clock.</param>
/// <param name="period">Least time between two log lines for one key.</param>
/// <param name="maxKeys">Most keys remembered.</param>
public sealed class LogThrottle(TimeProvider timeProvider, TimeSpan period, int maxKeys = 10_000)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset LastLogged, int Suppressed)> _state = new(StringComparer.Ordinal);

    /// <summary>Records <paramref name="count"/> events for <paramref name="key"/>.</summary>
    /// <param name="suppressed">When the result is true, how many events were held back since the last line for this key.</param>
    /// <returns>True when a log line should be written now.</returns>
    public bool ShouldLog(string key, int count, out int suppressed)
    {
        var now = timeProvider.GetUtcNow();
        if (_state.Count > maxKeys)
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
                if (now - s.LastLogged >= period)
                {
                    log = true;
                    held = s.Suppressed;
                    return (now, 0);
                }

                return (s.LastLogged, s.Suppressed + count);
            });
        suppressed = held;
        return log;
    }
}
