using Alpi.Collector.Storage;

namespace Alpi.Collector.Alerting.Evaluation.RecentPoints;

/// <summary>
/// The recent points of one series, in timestamp order (nanoseconds since the epoch), at most one value per
/// timestamp (a point received again replaces the earlier value, as the stores do). Not thread-safe: its
/// <see cref="WindowTable"/> locks around it.
/// </summary>
/// <remarks>
/// Points leave from the front (the oldest, at <see cref="RecentPointsWindow.MaxPointsPerSeries"/> or past the window) far more often
/// than they are inserted anywhere but the end, so the front is dropped by moving a start index, and the list is
/// compacted only once the dropped part is as long as the part held: O(1) amortised per point dropped, where removing
/// from a list's front moves every point after it (64 KiB moved per point of a series at 4,096 points).
/// </remarks>
/// <param name="series">The series.</param>
internal sealed class SeriesWindow(SeriesInfo series)
{
    private readonly List<(long TimestampNs, double Value)> _points = [];

    /// <summary>Index in <see cref="_points"/> of the oldest point held; the entries before it are dropped.</summary>
    private int _start;

    /// <summary>The series these points belong to.</summary>
    public SeriesInfo Series { get; } = series;

    /// <summary>Number of points held.</summary>
    public int Count => _points.Count - _start;

    /// <summary>The timestamp (nanoseconds since the epoch) of the oldest point held, or null when none is.</summary>
    public long? OldestNs => Count > 0 ? _points[_start].TimestampNs : null;

    /// <summary>
    /// Adds a point; one with the timestamp of a held point replaces it. Keeps at most <paramref name="maxPoints"/>
    /// points, dropping the oldest.
    /// </summary>
    /// <returns>The number of points dropped to respect <paramref name="maxPoints"/> (0 or 1).</returns>
    public int Add(long timestampNs, double value, int maxPoints)
    {
        if (Count == 0 || timestampNs > _points[^1].TimestampNs)
        {
            _points.Add((timestampNs, value));
        }
        else
        {
            var index = LowerBound(timestampNs);
            if (index < _points.Count && _points[index].TimestampNs == timestampNs)
            {
                _points[index] = (timestampNs, value);
                return 0;
            }

            _points.Insert(index, (timestampNs, value));
        }

        if (Count <= maxPoints)
        {
            return 0;
        }

        var excess = Count - maxPoints;
        DropFront(excess);
        return excess;
    }

    /// <summary>Drops the points older than <paramref name="cutoffNs"/>.</summary>
    /// <returns>The number of points dropped.</returns>
    public int DropBefore(long cutoffNs)
    {
        var count = LowerBound(cutoffNs) - _start;
        if (count > 0)
        {
            DropFront(count);
        }

        return count;
    }

    /// <summary>A copy of the points in [<paramref name="fromNs"/>, <paramref name="toNs"/>), in time order.</summary>
    public List<(long TimestampNs, double Value)> Copy(long fromNs, long toNs)
    {
        var start = LowerBound(fromNs);
        var end = LowerBound(toNs);
        return end > start ? _points.GetRange(start, end - start) : [];
    }

    /// <summary>Drops the <paramref name="count"/> oldest points held (at most <see cref="Count"/>).</summary>
    private void DropFront(int count)
    {
        _start += count;
        if (_start == _points.Count)
        {
            _points.Clear();
            _start = 0;
        }
        else if (_start >= _points.Count - _start)
        {
            _points.RemoveRange(0, _start);
            _start = 0;
        }
    }

    /// <summary>The index in <see cref="_points"/> of the first point held at or after <paramref name="timestampNs"/>.</summary>
    private int LowerBound(long timestampNs)
    {
        int low = _start, high = _points.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_points[mid].TimestampNs < timestampNs)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
