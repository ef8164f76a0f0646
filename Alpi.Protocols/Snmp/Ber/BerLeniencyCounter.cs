using System.Collections.Concurrent;

namespace Alpi.Protocols.Snmp.Ber;

/// <summary>
/// Counts the BER deviations real agents send and the decoder tolerated (<see cref="BerLeniency"/>), per kind, so
/// that a device's quirks show up as metrics instead of being silently absorbed. Thread-safe.
/// Source: ../shared/CONVENTIONS.md, "Protocol codecs" (decode leniently, count the deviation).
/// </summary>
public sealed class BerLeniencyCounter
{
    private readonly ConcurrentDictionary<BerLeniency, long> _counts = new();

    /// <summary>Adds one to the count of each deviation set in <paramref name="leniencies"/> (one decoded message).</summary>
    public void Add(BerLeniency leniencies)
    {
        if (leniencies == BerLeniency.None)
        {
            return;
        }

        foreach (var flag in Enum.GetValues<BerLeniency>())
        {
            if (flag != BerLeniency.None && leniencies.HasFlag(flag))
            {
                _counts.AddOrUpdate(flag, 1, static (_, n) => n + 1);
            }
        }
    }

    /// <summary>Messages that showed each deviation since start; kinds never seen are absent.</summary>
    public IReadOnlyDictionary<BerLeniency, long> Snapshot() => new Dictionary<BerLeniency, long>(_counts);

    /// <summary>Messages with at least one deviation of any kind, summed over kinds.</summary>
    public long Total => _counts.Values.Sum();
}
