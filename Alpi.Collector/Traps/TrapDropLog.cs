using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Traps;

/// <summary>
/// Logs dropped trap datagrams at most once per source address (any source port) per minute, so a misconfigured or
/// hostile sender cannot flood the log; every drop is still counted in <see cref="TrapStatistics"/>. The line names the
/// datagram it reports — its address, its own source port, its reason and detail — and then how many were held back
/// from that address since the previous line, per reason (<see cref="TrapDropReason"/>, in the order of
/// <see cref="TrapDropReason.All"/>, e.g. <c>6 more dropped from this address, any port, since the last report:
/// 4 malformed, 1 unknown_user, 1 wrong_digest</c>): a wrong pass phrase hidden behind malformed datagrams is not lost.
/// At most <see cref="MaxSources"/> addresses are remembered; past them the state is forgotten (at worst a few extra
/// lines). Thread-safe.
/// </summary>
public sealed partial class TrapDropLog(TimeProvider timeProvider, ILogger<TrapDropLog> logger)
{
    /// <summary>Most source addresses whose held-back drops are remembered.</summary>
    public const int MaxSources = 10_000;

    /// <summary>Least time between two lines for one source address.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Source> _sources = new(StringComparer.Ordinal);

    /// <summary>Reports one dropped datagram.</summary>
    /// <param name="source">
    /// The datagram's source address and port; the limit is per address (an IPv4-mapped IPv6 address counts as its IPv4
    /// address), the line shows this datagram's own port.
    /// </param>
    /// <param name="reason">A <see cref="TrapDropReason"/> (a reason not in <see cref="TrapDropReason.All"/> is counted
    /// too, listed after the known ones).</param>
    /// <param name="detail">What was wrong, never a secret.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="reason"/> is null.</exception>
    public void Report(IPEndPoint source, string reason, string detail)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(reason);
        if (_sources.Count > MaxSources)
        {
            _sources.Clear();
        }

        var address = (source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address).ToString();
        var state = _sources.GetOrAdd(address, static _ => new Source());
        var now = timeProvider.GetUtcNow();
        KeyValuePair<string, long>[] held;
        lock (state.Gate)
        {
            if (state.LastLogged is { } last && now - last < Period)
            {
                state.Held[reason] = state.Held.GetValueOrDefault(reason) + 1;
                return;
            }

            state.LastLogged = now;
            held = [.. state.Held];
            state.Held.Clear();
        }

        Log.Dropped(logger, address, source.Port, reason, detail, held.Sum(h => h.Value), Describe(held));
    }

    /// <summary><c>": 4 malformed, 1 wrong_digest"</c> for the held-back counts, known reasons first in their order; empty when none.</summary>
    private static string Describe(KeyValuePair<string, long>[] held)
    {
        var text = new StringBuilder();
        var counts = held.Where(h => h.Value > 0).ToDictionary(StringComparer.Ordinal);
        var known = TrapDropReason.All.Where(counts.ContainsKey);
        var others = counts.Keys.Except(TrapDropReason.All, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var reason in known.Concat(others))
        {
            text.Append(text.Length == 0 ? ": " : ", ").Append(counts[reason].ToString(CultureInfo.InvariantCulture)).Append(' ').Append(reason);
        }

        return text.ToString();
    }

    private sealed class Source
    {
        public Lock Gate { get; } = new();

        public DateTimeOffset? LastLogged { get; set; }

        public Dictionary<string, long> Held { get; } = new(StringComparer.Ordinal);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
            Message = "SNMP datagram from {Address} (source port {Port}) dropped ({Reason}): {Detail} ({Suppressed} more dropped from this address, any port, since the last report{SuppressedByReason})")]
        public static partial void Dropped(ILogger logger, string address, int port, string reason, string detail, long suppressed, string suppressedByReason);
    }
}
