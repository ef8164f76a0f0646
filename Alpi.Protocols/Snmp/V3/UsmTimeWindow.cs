namespace Alpi.Protocols.Snmp.V3;

/// <summary>
/// USM timeliness: whether an authenticated message falls inside the 150-second time window of its authoritative
/// engine, when a non-authoritative engine (a manager, a trap receiver of informs) resynchronises its notion of the
/// remote engine's boots and time, and the estimate of the remote engine's time between messages.
/// Boots are counts (0 to 2147483647); times are snmpEngineTime values, in seconds (0 to 2147483647).
/// </summary>
/// <remarks>Source: RFC 3414 §2.2.3 (time window), §2.3 (time synchronization), §3.2 step 7 (the checks), §4 (discovery).</remarks>
public static class UsmTimeWindow
{
    /// <summary>The time window: 150 seconds either side (RFC 3414 §2.2.3).</summary>
    public const int WindowSeconds = 150;

    /// <summary>
    /// snmpEngineBoots' latch value, 2147483647: an engine whose boots reached it accepts no authenticated message
    /// until it is reconfigured (RFC 3414 §2.2.2, §3.2 step 7).
    /// </summary>
    public const int LatchedEngineBoots = int.MaxValue;

    /// <summary>
    /// RFC 3414 §3.2 step 7a, on the authoritative engine (an agent receiving a request, a manager receiving an inform):
    /// <see cref="UsmError.NotInTimeWindow"/> when the local boots are latched at 2147483647, when the message's boots
    /// differ from the local boots, or when the message's time is more than 150 seconds away from the local time
    /// (exactly 150 is inside); otherwise <see cref="UsmError.None"/>.
    /// </summary>
    /// <param name="localBoots">The local snmpEngineBoots.</param>
    /// <param name="localTime">The local snmpEngineTime, in seconds.</param>
    /// <param name="messageBoots">msgAuthoritativeEngineBoots of the received message.</param>
    /// <param name="messageTime">msgAuthoritativeEngineTime of the received message, in seconds.</param>
    public static UsmError CheckAsAuthoritative(int localBoots, int localTime, int messageBoots, int messageTime)
    {
        if (localBoots == LatchedEngineBoots || messageBoots != localBoots)
        {
            return UsmError.NotInTimeWindow;
        }

        return Math.Abs((long)messageTime - localTime) > WindowSeconds ? UsmError.NotInTimeWindow : UsmError.None;
    }

    /// <summary>
    /// RFC 3414 §3.2 step 7b, first half, on the non-authoritative engine: true when the authenticated message is newer
    /// than what is cached for its engine (greater boots, or equal boots and a time later than the latest received
    /// time), so the cache takes the message's boots and time as the engine's boots, time and latest received time.
    /// </summary>
    /// <param name="cachedBoots">The cached snmpEngineBoots of the remote engine.</param>
    /// <param name="latestReceivedEngineTime">The cached latestReceivedEngineTime, in seconds (the largest time received, not an estimate).</param>
    /// <param name="messageBoots">msgAuthoritativeEngineBoots of the received message.</param>
    /// <param name="messageTime">msgAuthoritativeEngineTime of the received message, in seconds.</param>
    public static bool ShouldSynchronize(int cachedBoots, int latestReceivedEngineTime, int messageBoots, int messageTime) =>
        messageBoots > cachedBoots || (messageBoots == cachedBoots && messageTime > latestReceivedEngineTime);

    /// <summary>
    /// RFC 3414 §3.2 step 7b, second half, on the non-authoritative engine, after <see cref="ShouldSynchronize"/> has
    /// been applied to the cache: <see cref="UsmError.NotInTimeWindow"/> when the cached boots are latched at 2147483647,
    /// when the message's boots are below the cached boots, or when, with equal boots, the message's time is more than
    /// 150 seconds earlier than the estimated engine time (exactly 150 is inside); otherwise <see cref="UsmError.None"/>.
    /// A message ahead of the estimate is inside: it would have synchronized the cache.
    /// </summary>
    /// <param name="cachedBoots">The cached snmpEngineBoots of the remote engine.</param>
    /// <param name="estimatedEngineTime">The local notion of the remote snmpEngineTime, in seconds (<see cref="EstimateEngineTime"/>).</param>
    /// <param name="messageBoots">msgAuthoritativeEngineBoots of the received message.</param>
    /// <param name="messageTime">msgAuthoritativeEngineTime of the received message, in seconds.</param>
    public static UsmError CheckAsNonAuthoritative(int cachedBoots, int estimatedEngineTime, int messageBoots, int messageTime)
    {
        if (cachedBoots == LatchedEngineBoots || messageBoots < cachedBoots)
        {
            return UsmError.NotInTimeWindow;
        }

        return messageBoots == cachedBoots && messageTime < (long)estimatedEngineTime - WindowSeconds
            ? UsmError.NotInTimeWindow
            : UsmError.None;
    }

    /// <summary>
    /// The local estimate of a remote engine's snmpEngineTime, in seconds: the time last learnt from it (a response, or the
    /// notInTimeWindows Report that triggers the one resynchronisation retry) plus the whole seconds elapsed locally since
    /// (RFC 3414 §2.3: the notion of time advances once per second). Capped at 2147483647; a negative elapsed time counts as 0.
    /// </summary>
    /// <param name="lastKnownEngineTime">The remote snmpEngineTime when it was learnt, in seconds.</param>
    /// <param name="localElapsed">Local time elapsed since then (from <see cref="TimeProvider.GetElapsedTime(long)"/>).</param>
    public static int EstimateEngineTime(int lastKnownEngineTime, TimeSpan localElapsed)
    {
        var elapsedSeconds = localElapsed <= TimeSpan.Zero ? 0 : localElapsed.Ticks / TimeSpan.TicksPerSecond;
        return (int)Math.Min((long)lastKnownEngineTime + elapsedSeconds, int.MaxValue);
    }
}
