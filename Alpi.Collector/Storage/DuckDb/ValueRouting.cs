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
    private IReadOnlyDictionary<long, bool> _committedText = new Dictionary<long, bool>();

    /// <summary>New numeric values (series id, ns, value), in arrival order.</summary>
    public List<(long Series, long Ts, double Value)> Numeric { get; } = [];

    /// <summary>New string values (series id, ns, value), in arrival order.</summary>
    public List<(long Series, long Ts, string Value)> Text { get; } = [];

    /// <summary>Values that may replace a stored one, in arrival order (a later one wins).</summary>
    public List<SuspectValue> Suspects { get; } = [];

    /// <summary>
    /// Starts a write against the latest committed timestamp of each series (series id → ns) and the type of values each
    /// holds (series id → true for strings, false for numbers).
    /// </summary>
    /// <param name="capacity">Values expected (a hint).</param>
    /// <param name="committed">Latest committed timestamp per series id.</param>
    /// <param name="committedText">Per series id holding values, whether they are strings.</param>
    public void Reset(int capacity, IReadOnlyDictionary<long, long> committed, IReadOnlyDictionary<long, bool> committedText)
    {
        _committed = committed;
        _committedText = committedText;
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
        _latest.Add(new Latest
        {
            Series = series,
            Ts = _committed.TryGetValue(series, out var committed) ? committed : long.MinValue,
            Type = _committedText.TryGetValue(series, out var text) ? (text ? SeriesValues.Text : SeriesValues.Number) : SeriesValues.None,
        });
        return _latest.Count - 1;
    }

    /// <summary>
    /// Whether <paramref name="value"/> has the other type (string or number) than the values of the series in
    /// <paramref name="slot"/>: those committed, or else the first one routed in this write. A series without values
    /// takes any type.
    /// </summary>
    /// <param name="slot">The series' slot.</param>
    /// <param name="value">The value to route.</param>
    /// <param name="storedIsText">When it conflicts: whether the series holds strings.</param>
    public bool Conflicts(int slot, FieldValue value, out bool storedIsText)
    {
        var type = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_latest)[slot].Type;
        storedIsText = type == SeriesValues.Text;
        return type != SeriesValues.None && storedIsText == value.IsNumeric;
    }

    /// <summary>Routes one field value of the series in <paramref name="slot"/> at <paramref name="ts"/> ns.</summary>
    public void Add(int slot, long ts, FieldValue value)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_latest);
        ref var latest = ref span[slot];
        if (latest.Type == SeriesValues.None)
        {
            latest.Type = value.IsNumeric ? SeriesValues.Number : SeriesValues.Text;
        }

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

    /// <summary>
    /// After the commit: raises each series' latest committed timestamp to this write's, and records the type of the
    /// series that held no values before.
    /// </summary>
    public void CommitTimestamps(Dictionary<long, long> committed, Dictionary<long, bool> committedText)
    {
        ArgumentNullException.ThrowIfNull(committed);
        ArgumentNullException.ThrowIfNull(committedText);
        foreach (var latest in _latest)
        {
            if (latest.Type == SeriesValues.None)
            {
                continue; // registered for a point refused, no value routed
            }

            ref var stored = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(committed, latest.Series, out var exists);
            stored = exists ? Math.Max(stored, latest.Ts) : latest.Ts;
            committedText.TryAdd(latest.Series, latest.Type == SeriesValues.Text);
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

    /// <summary>The type of the values a series holds: none yet, numbers (stored as doubles) or strings.</summary>
    private enum SeriesValues : byte
    {
        None,
        Number,
        Text,
    }

    /// <summary>
    /// Per series in this write: its id, the latest timestamp routed (committed or new), the type of its values and its
    /// last new numeric value.
    /// </summary>
    private struct Latest
    {
        public long Series;
        public long Ts;
        public SeriesValues Type;
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
