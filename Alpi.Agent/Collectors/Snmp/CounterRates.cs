using System.Collections.Concurrent;

namespace Alpi.Agent.Collectors.Snmp;

/// <summary>What one counter sample meant, compared with the previous sample of the same series.</summary>
public enum CounterOutcome
{
    /// <summary>No previous sample (or its width differed): no rate yet.</summary>
    First,

    /// <summary>The counter grew (or stayed): rate = delta / elapsed.</summary>
    Rate,

    /// <summary>A Counter32 went down while sysUpTime did not: it wrapped past 2^32 − 1 (RFC 2578 §7.1.6).</summary>
    Wrap,

    /// <summary>sysUpTime went down: the agent restarted and its counters started again (RFC 2578 §7.1.6, discontinuities); no rate.</summary>
    Reboot,

    /// <summary>A Counter64 went down: it was reset (a 64-bit counter does not wrap in practice, RFC 2863 §3.1.6); no rate.</summary>
    Reset,
}

/// <summary>The outcome of one sample and its per-second rate, when there is one.</summary>
/// <param name="Outcome">What the sample meant.</param>
/// <param name="Rate">Per-second increase since the previous sample, or null (first sample, reboot, reset).</param>
public readonly record struct CounterSample(CounterOutcome Outcome, double? Rate);

/// <summary>
/// Turns SNMP counters into per-second rates. Per series (device, measurement, tags, field) it keeps the last raw
/// value, the agent's sysUpTime and the poller's monotonic time. A Counter32 that went down while sysUpTime did not
/// wrapped (2^32 is added); a sysUpTime that went down is a reboot, and a Counter64 that went down is a reset: no rate
/// for that interval rather than a spike. Counters only mean something as differences (RFC 2578 §7.1.6, §7.1.10).
/// </summary>
/// <remarks>Not thread-safe per series: each device's series are updated by that device's poll only.</remarks>
public sealed class CounterRates
{
    private const double Counter32Modulus = 4294967296.0;

    private readonly ConcurrentDictionary<string, Previous> _previous = new(StringComparer.Ordinal);

    /// <summary>The series currently remembered.</summary>
    public int Count => _previous.Count;

    /// <summary>Records a sample of <paramref name="series"/> and returns the rate since the previous one.</summary>
    /// <param name="series">The series key: device, measurement, tags and field.</param>
    /// <param name="value">The raw counter value.</param>
    /// <param name="is64Bit">Counter64 (true) or Counter32.</param>
    /// <param name="sysUpTime">The agent's sysUpTime (hundredths of a second) fetched in the same poll.</param>
    /// <param name="at">The poller's monotonic time of the poll.</param>
    public CounterSample Update(string series, ulong value, bool is64Bit, uint sysUpTime, TimeSpan at)
    {
        var current = new Previous(value, is64Bit, sysUpTime, at);
        var found = _previous.TryGetValue(series, out var previous);
        _previous[series] = current;
        if (!found || previous.Is64Bit != is64Bit)
        {
            return new CounterSample(CounterOutcome.First, null);
        }

        var elapsed = (at - previous.At).TotalSeconds;
        if (sysUpTime < previous.SysUpTime)
        {
            return new CounterSample(CounterOutcome.Reboot, null);
        }

        if (elapsed <= 0)
        {
            return new CounterSample(CounterOutcome.First, null);
        }

        if (value >= previous.Value)
        {
            return new CounterSample(CounterOutcome.Rate, (value - previous.Value) / elapsed);
        }

        return is64Bit
            ? new CounterSample(CounterOutcome.Reset, null)
            : new CounterSample(CounterOutcome.Wrap, (value + Counter32Modulus - previous.Value) / elapsed);
    }

    /// <summary>Forgets the series whose key starts with <paramref name="prefix"/> and that were not updated at <paramref name="at"/>.</summary>
    public void ForgetStale(string prefix, TimeSpan at)
    {
        foreach (var (key, previous) in _previous)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && previous.At != at)
            {
                _previous.TryRemove(key, out _);
            }
        }
    }

    private readonly record struct Previous(ulong Value, bool Is64Bit, uint SysUpTime, TimeSpan At);
}
