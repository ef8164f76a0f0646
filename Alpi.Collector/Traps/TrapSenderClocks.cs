using System.Collections.Concurrent;
using Alpi.Protocols.Snmp.V3;

namespace Alpi.Collector.Traps;

/// <summary>
/// Replay protection for authenticated SNMPv3 traps from other engines (the sender is authoritative): for each sender
/// engine ID the receiver keeps the latest boots and time it accepted and when, and rejects a message whose boots went
/// back, or whose time lags the estimate by more than 150 seconds (RFC 3414 §3.2 step 7b, non-authoritative side).
/// The first message from an engine is accepted and sets its clock. Thread-safe.
/// </summary>
public sealed class TrapSenderClocks(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Clock> _clocks = new(StringComparer.Ordinal);

    /// <summary>Checks an authenticated message's boots and time, and updates the sender's clock when it is newer.</summary>
    /// <param name="engineId">msgAuthoritativeEngineID (the sender's).</param>
    /// <param name="boots">msgAuthoritativeEngineBoots.</param>
    /// <param name="time">msgAuthoritativeEngineTime, in seconds.</param>
    /// <returns><see cref="UsmError.None"/>, or <see cref="UsmError.NotInTimeWindow"/> for a replayed or stale message.</returns>
    public UsmError Check(ReadOnlySpan<byte> engineId, int boots, int time)
    {
        var key = Convert.ToHexString(engineId);
        var now = timeProvider.GetTimestamp();
        var clock = _clocks.GetOrAdd(key, _ => new Clock(boots, time, now));
        lock (clock)
        {
            var estimated = UsmTimeWindow.EstimateEngineTime(clock.LatestTime, timeProvider.GetElapsedTime(clock.LearntAt, now));
            var verdict = UsmTimeWindow.CheckAsNonAuthoritative(clock.Boots, estimated, boots, time);
            if (verdict != UsmError.None)
            {
                return verdict;
            }

            if (UsmTimeWindow.ShouldSynchronize(clock.Boots, clock.LatestTime, boots, time))
            {
                clock.Boots = boots;
                clock.LatestTime = time;
                clock.LearntAt = now;
            }

            return UsmError.None;
        }
    }

    private sealed class Clock(int boots, int time, long learntAt)
    {
        public int Boots { get; set; } = boots;

        public int LatestTime { get; set; } = time;

        public long LearntAt { get; set; } = learntAt;
    }
}
