using System.Collections.Concurrent;
using Alpi.HotspotController.Sessions;

namespace Alpi.HotspotController.Telemetry;

/// <summary>
/// Traffic per terminal, from accounting (RFC 2866 §5.3, §5.4 Acct-Input/Output-Octets with RFC 2869 §5.1, §5.2
/// Gigawords): every Start, Interim-Update or Stop recorded adds the growth of its session's octet counts since the
/// previous message of that session to its terminal's totals, so the totals are cumulative octets since the controller
/// started (published as counters, <c>u</c>, as Telegraf's <c>net bytes_recv</c>), and <see cref="Sample"/> gives the
/// rate over the last interim interval (octets per second), the interval at which terminals report.
/// <para>
/// The first message seen of a session counts its octets from zero when the session started after the controller did
/// (its whole traffic happened while counted), otherwise it only sets the baseline: a restart of the controller never
/// counts hours of old traffic at once. Sessions are forgotten at their Stop, at their terminal's Accounting-On/Off,
/// and when silent for a day (<see cref="Prune"/>). Several controllers sharing one database each count the messages
/// they receive. Thread-safe.
/// </para>
/// </summary>
public sealed class TerminalTraffic
{
    private readonly ConcurrentDictionary<(string Nas, string Session), SessionOctets> _sessions = new();
    private readonly ConcurrentDictionary<string, Totals> _totals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Queue<(long AtMs, long Input, long Output)>> _history = new(StringComparer.Ordinal);
    private readonly long _startedUnixMs;

    /// <summary>Creates the counters; sessions started from <paramref name="timeProvider"/>'s now on are counted whole.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    public TerminalTraffic(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _startedUnixMs = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
    }

    /// <summary>
    /// Adds the growth of <paramref name="session"/>'s octet counts (as stored after the message, so never smaller than
    /// before) to its terminal's totals; a Stop forgets the session.
    /// </summary>
    /// <param name="session">The session as <see cref="SessionStore.ApplyAsync"/> returned it.</param>
    /// <param name="sessionEvent">The message recorded.</param>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is null.</exception>
    public void Record(HotspotSession session, SessionEvent sessionEvent)
    {
        ArgumentNullException.ThrowIfNull(session);
        var key = (session.Nas, session.AcctSessionId);
        long inputDelta, outputDelta;
        var counted = sessionEvent == SessionEvent.Start || session.StartedUnixMs >= _startedUnixMs;
        var entry = _sessions.GetOrAdd(key, _ => new SessionOctets(counted ? 0 : session.InputOctets, counted ? 0 : session.OutputOctets));
        lock (entry)
        {
            inputDelta = Math.Max(0, session.InputOctets - entry.Input);
            outputDelta = Math.Max(0, session.OutputOctets - entry.Output);
            entry.Input = Math.Max(entry.Input, session.InputOctets);
            entry.Output = Math.Max(entry.Output, session.OutputOctets);
            entry.UpdatedUnixMs = session.UpdatedUnixMs;
        }

        if (sessionEvent == SessionEvent.Stop)
        {
            _sessions.TryRemove(key, out _);
        }

        if (inputDelta > 0 || outputDelta > 0)
        {
            var totals = _totals.GetOrAdd(session.Nas, _ => new Totals());
            Interlocked.Add(ref totals.Input, inputDelta);
            Interlocked.Add(ref totals.Output, outputDelta);
        }
    }

    /// <summary>Forgets the sessions of <paramref name="nas"/> (its Accounting-On or -Off closed them); its totals stay.</summary>
    public void ForgetNas(string nas)
    {
        foreach (var key in _sessions.Keys)
        {
            if (key.Nas == nas)
            {
                _sessions.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Forgets sessions whose last accounting message is older than <paramref name="before"/> (lost Stops).</summary>
    /// <returns>The number forgotten.</returns>
    public int Prune(DateTimeOffset before)
    {
        var limit = before.ToUnixTimeMilliseconds();
        var removed = 0;
        foreach (var (key, entry) in _sessions)
        {
            if (Volatile.Read(ref entry.UpdatedUnixMs) < limit && _sessions.TryRemove(key, out _))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>The sessions currently followed (for tests and sizing).</summary>
    public int TrackedSessions => _sessions.Count;

    /// <summary>
    /// The totals of <paramref name="nas"/> now, and the rate since the newest sample taken at or before the start of
    /// <paramref name="window"/> (the samples are the calls of this method, one per telemetry round; before the first
    /// window has passed, since the controller's start).
    /// </summary>
    /// <param name="nas">The NAS client's name.</param>
    /// <param name="now">The time of this sample.</param>
    /// <param name="window">How far back the rate looks: the terminal's Acct-Interim-Interval (at least a second).</param>
    /// <returns>Cumulative octets from and to the devices, and the rates in octets per second, null at the controller's start instant.</returns>
    public TerminalTrafficSample Sample(string nas, DateTimeOffset now, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(nas);
        var totals = _totals.GetOrAdd(nas, _ => new Totals());
        var input = Interlocked.Read(ref totals.Input);
        var output = Interlocked.Read(ref totals.Output);
        var nowMs = now.ToUnixTimeMilliseconds();
        var windowMs = Math.Max(1000, (long)window.TotalMilliseconds);
        // The first sample compares with nothing counted at the controller's start.
        var history = _history.GetOrAdd(nas, _ => new Queue<(long, long, long)>([(_startedUnixMs, 0L, 0L)]));
        lock (history)
        {
            // Keep the newest sample at or before the window's start, so the rate always spans the whole window.
            while (history.Count > 1 && history.ElementAt(1).AtMs <= nowMs - windowMs)
            {
                history.Dequeue();
            }

            double? inputRate = null, outputRate = null;
            if (history.TryPeek(out var oldest) && nowMs > oldest.AtMs)
            {
                var seconds = (nowMs - oldest.AtMs) / 1000.0;
                inputRate = Math.Max(0, input - oldest.Input) / seconds;
                outputRate = Math.Max(0, output - oldest.Output) / seconds;
            }

            history.Enqueue((nowMs, input, output));
            return new TerminalTrafficSample(input, output, inputRate, outputRate);
        }
    }

    /// <summary>Forgets the samples of terminals no longer known (their totals stay, should they come back).</summary>
    public void RetainSamples(IReadOnlySet<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        foreach (var nas in _history.Keys)
        {
            if (!known.Contains(nas))
            {
                _history.TryRemove(nas, out _);
            }
        }
    }

    private sealed class SessionOctets(long input, long output)
    {
        public long Input = input;
        public long Output = output;
        public long UpdatedUnixMs;
    }

    private sealed class Totals
    {
        public long Input;
        public long Output;
    }
}

/// <summary>A terminal's traffic at one telemetry round (<see cref="TerminalTraffic.Sample"/>).</summary>
/// <param name="InputOctets">Octets from the devices (their upload) since the controller started.</param>
/// <param name="OutputOctets">Octets to the devices (their download) since the controller started.</param>
/// <param name="InputRate">Octets per second from the devices over the last interim interval, or null when no time has passed since the start.</param>
/// <param name="OutputRate">Octets per second to the devices over the last interim interval, or null when no time has passed since the start.</param>
public readonly record struct TerminalTrafficSample(long InputOctets, long OutputOctets, double? InputRate, double? OutputRate);
