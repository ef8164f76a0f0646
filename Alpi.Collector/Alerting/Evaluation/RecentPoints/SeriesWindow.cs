using Alpi.Collector.Storage;

namespace Alpi.Collector.Alerting.Evaluation.RecentPoints;

/// <summary>
/// The recent points of one series, in timestamp order (nanoseconds since the epoch), at most one value per
/// timestamp (a point received again replaces the earlier value, as the stores do). Not thread-safe: its
/// <see cref="WindowTable"/> locks around it.
/// </summary>
/// <param name="series">The series.</param>
internal sealed class SeriesWindow(SeriesInfo series)
{
    private readonly List<(long TimestampNs, double Value)> _points = [];

    /// <summary>The series these points belong to.</summary>
    public SeriesInfo Series { get; } = series;

    /// <summary>Number of points held.</summary>
    public int Count => _points.Count;

    /// <summary>
    /// Adds a point; one with the timestamp of a held point replaces it. Keeps at most <paramref name="maxPoints"/>
    /// points, dropping the oldest.
    /// </summary>
    /// <returns>The number of points dropped to respect <paramref name="maxPoints"/> (0 or 1).</returns>
    public int Add(long timestampNs, double value, int maxPoints)
    {
        if (_points.Count == 0 || timestampNs > _points[^1].TimestampNs)
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

        if (_points.Count <= maxPoints)
        {
            return 0;
        }

        var excess = _points.Count - maxPoints;
        _points.RemoveRange(0, excess);
        return excess;
    }

    /// <summary>Drops the points older than <paramref name="cutoffNs"/>.</summary>
    /// <returns>The number of points dropped.</returns>
    public int DropBefore(long cutoffNs)
    {
        var count = LowerBound(cutoffNs);
        if (count > 0)
        {
            _points.RemoveRange(0, count);
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

    /// <summary>The index of the first point at or after <paramref name="timestampNs"/>.</summary>
    private int LowerBound(long timestampNs)
    {
        int low = 0, high = _points.Count;
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
