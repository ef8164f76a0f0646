using Alpi.HotspotController.Authentication;

namespace Alpi.HotspotController.Telemetry;

/// <summary>What the controller knows of a terminal's presence.</summary>
public enum TerminalState
{
    /// <summary>Not heard since the controller started, and started too recently to tell: no status is published.</summary>
    Unknown,

    /// <summary>A RADIUS request arrived within the silence limit: <c>online</c>.</summary>
    Up,

    /// <summary>Nothing arrived for the silence limit (three interim intervals): <c>offline</c>.</summary>
    Down,
}

/// <summary>The state of one terminal after an evaluation, and the state before it.</summary>
/// <param name="State">The state now.</param>
/// <param name="Previous">The state at the previous evaluation (<see cref="TerminalState.Unknown"/> the first time).</param>
public readonly record struct TerminalPresence(TerminalState State, TerminalState Previous)
{
    /// <summary>True when the state differs from the previous evaluation's.</summary>
    public bool Changed => State != Previous;
}

/// <summary>
/// Decides whether each terminal is up or down from the time of its last verified RADIUS request (any kind:
/// Access-Request, Accounting-Request, Status-Server): a terminal is down once nothing arrived for three times its
/// group's Acct-Interim-Interval (RFC 2869 §5.16; the interval as sent, never below 60 s), since a terminal with a
/// session sends an Interim-Update every interval and one without sends nothing else to wait for; it is up again at
/// its next request. A terminal not heard since the controller started is <see cref="TerminalState.Unknown"/> until
/// the same limit has passed since the start, then down. Issue 4, "Accounting and sessions".
/// Not thread-safe: one evaluation loop owns it.
/// </summary>
public sealed class TerminalPresenceTracker
{
    /// <summary>How many interim intervals of silence make a terminal down.</summary>
    public const int SilentIntervals = 3;

    private readonly Dictionary<string, TerminalState> _states = new(StringComparer.Ordinal);

    /// <summary>Creates a tracker for a controller started at <paramref name="startedAt"/>.</summary>
    /// <param name="startedAt">When the controller (and its RADIUS counters) started.</param>
    public TerminalPresenceTracker(DateTimeOffset startedAt) => StartedAt = startedAt;

    /// <summary>When the controller started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The last evaluated state of each terminal, by name.</summary>
    public IReadOnlyDictionary<string, TerminalState> States => _states;

    /// <summary>
    /// The silence after which a terminal whose group sends <paramref name="acctInterimInterval"/> is down:
    /// <see cref="SilentIntervals"/> times the interval as the Access-Accept carries it (whole seconds, at least 60).
    /// </summary>
    public static TimeSpan SilenceLimit(TimeSpan acctInterimInterval) =>
        TimeSpan.FromSeconds(SilentIntervals * (double)AccessPolicyBuilder.InterimSeconds(acctInterimInterval));

    /// <summary>Evaluates one terminal at <paramref name="now"/> and remembers the result.</summary>
    /// <param name="terminal">The NAS client's name.</param>
    /// <param name="lastRequestAt">When its last verified request arrived, or null when none since the start.</param>
    /// <param name="silenceLimit">The silence after which it is down (<see cref="SilenceLimit"/>).</param>
    /// <param name="now">The current time.</param>
    /// <returns>Its state now and before.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="terminal"/> is null.</exception>
    public TerminalPresence Evaluate(string terminal, DateTimeOffset? lastRequestAt, TimeSpan silenceLimit, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        var state = lastRequestAt is { } last
            ? (now - last < silenceLimit ? TerminalState.Up : TerminalState.Down)
            : (now - StartedAt < silenceLimit ? TerminalState.Unknown : TerminalState.Down);
        var previous = _states.GetValueOrDefault(terminal, TerminalState.Unknown);
        _states[terminal] = state;
        return new TerminalPresence(state, previous);
    }

    /// <summary>Forgets the terminals not in <paramref name="known"/> (removed NAS clients).</summary>
    /// <returns>The names forgotten.</returns>
    public IReadOnlyList<string> Retain(IReadOnlySet<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        var gone = _states.Keys.Where(name => !known.Contains(name)).ToList();
        foreach (var name in gone)
        {
            _states.Remove(name);
        }

        return gone;
    }
}
