using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Alpi.HotspotController.Radius;

/// <summary>
/// Logs dropped RADIUS datagrams at most once per source address (any source port) per minute, so a misconfigured or
/// hostile sender cannot flood the log; every drop is still counted in <see cref="RadiusServerStatistics"/>. The line
/// names the datagram it reports — its address, its own source port, its reason and detail — and then how many were
/// held back from that address since the previous line, per reason (<see cref="RadiusDropReasonNames.ToName"/>, e.g.
/// <c>6 more dropped from this address, any port, since the last report: 4 malformed, 1 missing_message_authenticator,
/// 1 bad_message_authenticator</c>): a wrong secret hidden behind a malformed datagram is not lost. At most
/// <see cref="MaxSources"/> addresses are remembered; past them the state is forgotten (at worst a few extra lines).
/// Thread-safe.
/// </summary>
public sealed partial class RadiusDropLog(TimeProvider timeProvider, ILogger<RadiusDropLog> logger)
{
    /// <summary>Most source addresses whose held-back drops are remembered.</summary>
    public const int MaxSources = 10_000;

    /// <summary>Least time between two lines for one source address.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Source> _sources = new(StringComparer.Ordinal);

    /// <summary>Reports one dropped datagram.</summary>
    /// <param name="source">The source address and port; the limit is per address, the line shows this datagram's port.</param>
    /// <param name="nas">The NAS client's name, or null for an unknown source.</param>
    /// <param name="reason">Why it was dropped.</param>
    /// <param name="detail">What was wrong; never a secret or a password.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public void Report(System.Net.IPEndPoint source, string? nas, RadiusDropReason reason, string detail)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (_sources.Count > MaxSources)
        {
            _sources.Clear();
        }

        var address = source.Address.ToString();
        var state = _sources.GetOrAdd(address, static _ => new Source());
        var now = timeProvider.GetUtcNow();
        long[] held;
        lock (state.Gate)
        {
            if (state.LastLogged is { } last && now - last < Period)
            {
                state.Held[(int)reason]++;
                return;
            }

            state.LastLogged = now;
            held = (long[])state.Held.Clone();
            Array.Clear(state.Held);
        }

        var total = held.Sum();
        Log.Dropped(logger, address, source.Port, nas ?? "(unknown)", reason.ToName(), detail, total, Describe(held));
    }

    /// <summary><c>": 4 malformed, 1 bad_message_authenticator"</c> for the held-back counts, in reason order; empty when none.</summary>
    private static string Describe(long[] held)
    {
        var text = new StringBuilder();
        foreach (var reason in RadiusDropReasonNames.All)
        {
            var count = held[(int)reason];
            if (count > 0)
            {
                text.Append(text.Length == 0 ? ": " : ", ").Append(count.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(reason.ToName());
            }
        }

        return text.ToString();
    }

    private sealed class Source
    {
        public Lock Gate { get; } = new();

        public DateTimeOffset? LastLogged { get; set; }

        public long[] Held { get; } = new long[RadiusDropReasonNames.All.Count];
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
            Message = "RADIUS datagram from {Address} (source port {Port}, NAS {Nas}) dropped ({Reason}): {Detail} ({Suppressed} more dropped from this address, any port, since the last report{SuppressedByReason})")]
        public static partial void Dropped(ILogger logger, string address, int port, string nas, string reason, string detail, long suppressed, string suppressedByReason);
    }
}
