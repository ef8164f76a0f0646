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

    /// <summary>
    /// The snapshot keyed by <see cref="Name"/> (<c>non_minimal_integer</c>), sorted by name: the form metrics
    /// (<c>snmp_ber_leniency</c> fields) and JSON health reports use.
    /// </summary>
    public SortedDictionary<string, long> SnapshotByName()
    {
        var named = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (kind, count) in _counts)
        {
            named[Name(kind)] = count;
        }

        return named;
    }

    /// <summary>The snake_case name of one deviation kind: <see cref="BerLeniency.NonMinimalInteger"/> is <c>non_minimal_integer</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not a single defined flag.</exception>
    public static string Name(BerLeniency kind)
    {
        if (kind == BerLeniency.None || !Enum.IsDefined(kind))
        {
            throw new ArgumentException($"{kind} is not a single BER deviation kind", nameof(kind));
        }

        var text = kind.ToString();
        var builder = new System.Text.StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsUpper(text[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(text[i]));
        }

        return builder.ToString();
    }
}
