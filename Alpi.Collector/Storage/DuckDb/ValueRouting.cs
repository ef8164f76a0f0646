using System.Runtime.InteropServices;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Collector.Storage.DuckDb;

/// <summary>
/// Sorts the field values of one write into those that cannot already be stored — appended as they are, the fast path —
/// and the suspects, which may repeat a stored value or an earlier value of the same write and go through the upsert.
/// A value is new when its timestamp (ns since the epoch) is after every timestamp of its series committed so far and
/// after every earlier value of its series in this write: the normal case, as each agent sends its series in time
/// order. A redelivered message (the same series and timestamps again) or a value sent out of order is a suspect.
/// One instance per write; not thread-safe.
/// </summary>
internal sealed class ValueRouting
{
    private readonly IReadOnlyDictionary<long, long> _committed;
    private readonly Dictionary<long, Latest> _latest = [];

    /// <summary>Starts a write against the latest committed timestamp of each series (series id → ns).</summary>
    public ValueRouting(int capacity, IReadOnlyDictionary<long, long> committed)
    {
        _committed = committed;
        Numeric = new List<(long, long, double)>(capacity);
    }

    /// <summary>New numeric values (series id, ns, value), in arrival order.</summary>
    public List<(long Series, long Ts, double Value)> Numeric { get; }

    /// <summary>New string values (series id, ns, value), in arrival order.</summary>
    public List<(long Series, long Ts, string Value)> Text { get; } = [];

    /// <summary>Values that may replace a stored one, in arrival order (a later one wins).</summary>
    public List<SuspectValue> Suspects { get; } = [];

    /// <summary>Routes one field value of series <paramref name="series"/> at <paramref name="ts"/> ns.</summary>
    public void Add(long series, long ts, FieldValue value)
    {
        ref var latest = ref CollectionsMarshal.GetValueRefOrAddDefault(_latest, series, out var seen);
        if (!seen)
        {
            latest.Ts = _committed.TryGetValue(series, out var committed) ? committed : long.MinValue;
        }

        if (ts > latest.Ts)
        {
            latest.Ts = ts;
            if (value.IsNumeric)
            {
                var number = value.ToDouble();
                Numeric.Add((series, ts, number));
                latest.HasNumeric = true;
                latest.NumericTs = ts;
                latest.Number = number;
            }
            else
            {
                Text.Add((series, ts, value.AsString));
            }

            return;
        }

        Suspects.Add(value.IsNumeric ? new SuspectValue(series, ts, value.ToDouble(), null) : new SuspectValue(series, ts, 0, value.AsString));
    }

    /// <summary>After the commit: raises each series' latest committed timestamp to this write's.</summary>
    public void CommitTimestamps(Dictionary<long, long> committed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        foreach (var (series, latest) in _latest)
        {
            ref var stored = ref CollectionsMarshal.GetValueRefOrAddDefault(committed, series, out var exists);
            stored = exists ? Math.Max(stored, latest.Ts) : latest.Ts;
        }
    }

    /// <summary>
    /// The last new numeric value of each series that has one (series id, ns, value): the latest of its new values, as
    /// they come in increasing time order; <see cref="Numeric"/> holds them all.
    /// </summary>
    public IEnumerable<(long Series, long Ts, double Value)> LatestNumeric()
    {
        foreach (var (series, latest) in _latest)
        {
            if (latest.HasNumeric)
            {
                yield return (series, latest.NumericTs, latest.Number);
            }
        }
    }

    /// <summary>Per series in this write: the latest timestamp routed (committed or new) and its last new numeric value.</summary>
    private struct Latest
    {
        public long Ts;
        public bool HasNumeric;
        public long NumericTs;
        public double Number;
    }
}

/// <summary>A value that may replace a stored one: numeric when <paramref name="Text"/> is null.</summary>
/// <param name="Series">Series id.</param>
/// <param name="Ts">Timestamp, ns since the epoch.</param>
/// <param name="Number">The numeric value (ignored for a string value).</param>
/// <param name="Text">The string value, or null for a numeric one.</param>
internal readonly record struct SuspectValue(long Series, long Ts, double Number, string? Text);
