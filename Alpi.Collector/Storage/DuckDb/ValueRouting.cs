using Alpi.Protocols.LineProtocol;

namespace Alpi.Collector.Storage.DuckDb;

/// <summary>
/// Sorts the field values of one write into those that cannot already be stored — appended as they are, the fast path —
/// and the suspects, which may repeat a stored value or an earlier value of the same write and go through the upsert.
/// A value is new when its timestamp (ns since the epoch) is after every timestamp of its series committed so far and
/// after every earlier value of its series in this write: the normal case, as each agent sends its series in time
/// order. A redelivered message (the same series and timestamps again) or a value sent out of order is a suspect.
/// <para>
/// Each series of a write is <see cref="Register"/>ed once and then addressed by its slot (an index), so that routing a
/// value costs no hash lookup. One instance per store, <see cref="Reset"/> at the start of each write and reused (its
/// lists keep their capacity: a write of 80,000 values does not allocate, and fault in, 2 MB of fresh memory each
/// time); not thread-safe (the store's write lock).
/// </para>
/// </summary>
internal sealed class ValueRouting
{
    private readonly List<Latest> _latest = [];
    private IReadOnlyDictionary<long, long> _committed = new Dictionary<long, long>();

    /// <summary>New numeric values (series id, ns, value), in arrival order.</summary>
    public List<(long Series, long Ts, double Value)> Numeric { get; } = [];

    /// <summary>New string values (series id, ns, value), in arrival order.</summary>
    public List<(long Series, long Ts, string Value)> Text { get; } = [];

    /// <summary>Values that may replace a stored one, in arrival order (a later one wins).</summary>
    public List<SuspectValue> Suspects { get; } = [];

    /// <summary>Starts a write against the latest committed timestamp of each series (series id → ns).</summary>
    /// <param name="capacity">Values expected (a hint).</param>
    /// <param name="committed">Latest committed timestamp per series id.</param>
    public void Reset(int capacity, IReadOnlyDictionary<long, long> committed)
    {
        _committed = committed;
        _latest.Clear();
        Numeric.Clear();
        Numeric.EnsureCapacity(capacity);
        Text.Clear();
        Suspects.Clear();
    }

    /// <summary>Gives series <paramref name="series"/> a slot in this write; call once per series and write.</summary>
    /// <returns>The slot to pass to <see cref="Add"/>.</returns>
    public int Register(long series)
    {
        _latest.Add(new Latest { Series = series, Ts = _committed.TryGetValue(series, out var committed) ? committed : long.MinValue });
        return _latest.Count - 1;
    }

    /// <summary>Routes one field value of the series in <paramref name="slot"/> at <paramref name="ts"/> ns.</summary>
    public void Add(int slot, long ts, FieldValue value)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_latest);
        ref var latest = ref span[slot];
        if (ts > latest.Ts)
        {
            latest.Ts = ts;
            if (value.IsNumeric)
            {
                var number = value.ToDouble();
                Numeric.Add((latest.Series, ts, number));
                latest.HasNumeric = true;
                latest.NumericTs = ts;
                latest.Number = number;
            }
            else
            {
                Text.Add((latest.Series, ts, value.AsString));
            }

            return;
        }

        Suspects.Add(value.IsNumeric ? new SuspectValue(latest.Series, ts, value.ToDouble(), null) : new SuspectValue(latest.Series, ts, 0, value.AsString));
    }

    /// <summary>After the commit: raises each series' latest committed timestamp to this write's.</summary>
    public void CommitTimestamps(Dictionary<long, long> committed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        foreach (var latest in _latest)
        {
            ref var stored = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(committed, latest.Series, out var exists);
            stored = exists ? Math.Max(stored, latest.Ts) : latest.Ts;
        }
    }

    /// <summary>
    /// The last new numeric value of each series that has one (series id, ns, value): the latest of its new values, as
    /// they come in increasing time order; <see cref="Numeric"/> holds them all.
    /// </summary>
    public IEnumerable<(long Series, long Ts, double Value)> LatestNumeric()
    {
        foreach (var latest in _latest)
        {
            if (latest.HasNumeric)
            {
                yield return (latest.Series, latest.NumericTs, latest.Number);
            }
        }
    }

    /// <summary>Per series in this write: its id, the latest timestamp routed (committed or new) and its last new numeric value.</summary>
    private struct Latest
    {
        public long Series;
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
