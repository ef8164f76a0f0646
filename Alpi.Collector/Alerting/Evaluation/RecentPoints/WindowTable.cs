using System.Runtime.CompilerServices;
using Alpi.Collector.Alerting.Rules;
using Alpi.Collector.Storage;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Collector.Alerting.Evaluation.RecentPoints;

/// <summary>
/// The recent points of every series of one measurement and field, kept for <see cref="Retention"/>: the data the
/// rules on that measurement and field read, in memory. Fed by ingest, read by the evaluation; every member locks.
/// </summary>
/// <param name="measurement">Measurement name.</param>
/// <param name="field">Field key.</param>
/// <param name="retention">How far back points are kept: the longest window of the rules reading this table.</param>
internal sealed class WindowTable(string measurement, string field, TimeSpan retention)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SeriesWindow> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SeriesWindow>> _byHost = new(StringComparer.Ordinal);
    private readonly List<SeriesWindow> _all = [];
    private readonly ConditionalWeakTable<SeriesSelector, SelectorMatches> _matches = [];

    /// <summary>
    /// The series last appended to, by the reference of their key prefix: ingest gives the points of one tag set the
    /// same prefix string (<see cref="SeriesRegistry.SeriesKeyPrefix"/> caches it), so most appends find their series
    /// here without building and hashing the series key. Direct-mapped; a miss only costs the dictionary lookup.
    /// </summary>
    private readonly (string? Prefix, SeriesWindow? Window)[] _recent = new (string?, SeriesWindow?)[RecentSlots];
    private const int RecentSlots = 64;
    private long _points;
    private long _cappedBeforeNs = long.MinValue;

    /// <summary>Measurement name.</summary>
    public string Measurement { get; } = measurement;

    /// <summary>Field key.</summary>
    public string Field { get; } = field;

    /// <summary>How far back points are kept.</summary>
    public TimeSpan Retention { get; set; } = retention;

    /// <summary>
    /// True once the points already in the store for <see cref="Retention"/> were loaded: until then the table may
    /// miss points, and reads go to the store.
    /// </summary>
    public bool Warmed { get; set; }

    /// <summary>
    /// The oldest instant (nanoseconds since the epoch) from which the table holds every point: the start of the
    /// last load, then the last <see cref="DropBefore"/> cutoff. Reads starting earlier go to the store.
    /// </summary>
    public long CoveredFromNs { get; set; } = long.MaxValue;

    /// <summary>
    /// The newest instant (nanoseconds since the epoch) before which a series of this table lost points to the
    /// per-series cap (<see cref="RecentPointsWindow.MaxPointsPerSeries"/>): reads starting earlier would miss them, so
    /// they go to the store. <see cref="long.MinValue"/> while no series reached the cap.
    /// </summary>
    public long CappedBeforeNs => Interlocked.Read(ref _cappedBeforeNs);

    /// <summary>
    /// The instant (nanoseconds since the epoch) from which reads are answered from memory: the later of
    /// <see cref="CoveredFromNs"/> and <see cref="CappedBeforeNs"/>.
    /// </summary>
    public long ReadableFromNs => Math.Max(CoveredFromNs, CappedBeforeNs);

    /// <summary>Number of series known.</summary>
    public int SeriesCount
    {
        get
        {
            lock (_lock)
            {
                return _all.Count;
            }
        }
    }

    /// <summary>Number of points held.</summary>
    public long PointCount => Interlocked.Read(ref _points);

    /// <summary>Adds a point of a stored line-protocol point's field (the series is created when new).</summary>
    /// <param name="point">The point, with its timestamp and the tenant and host tags.</param>
    /// <param name="keyPrefix">The point's <see cref="SeriesRegistry.SeriesKeyPrefix"/>.</param>
    /// <param name="value">The field's value.</param>
    /// <param name="maxPoints">Most points kept per series.</param>
    /// <returns>Points dropped to respect <paramref name="maxPoints"/>.</returns>
    public int Append(LinePoint point, string keyPrefix, double value, int maxPoints)
    {
        var slot = RuntimeHelpers.GetHashCode(keyPrefix) & (RecentSlots - 1);
        lock (_lock)
        {
            var (recentPrefix, window) = _recent[slot];
            if (!ReferenceEquals(recentPrefix, keyPrefix) || window is null)
            {
                var key = string.Concat(keyPrefix, Field);
                if (!_byKey.TryGetValue(key, out window))
                {
                    window = AddSeries(key, SeriesOf(point));
                }

                _recent[slot] = (keyPrefix, window);
            }

            return Add(window, point.Timestamp!.Value, value, maxPoints);
        }
    }

    /// <summary>Merges points read from the store (series without points are registered too).</summary>
    /// <returns>Points dropped to respect <paramref name="maxPoints"/>.</returns>
    public int Merge(IReadOnlyList<SeriesPoints> stored, int maxPoints)
    {
        var dropped = 0;
        lock (_lock)
        {
            foreach (var series in stored)
            {
                var key = SeriesRegistry.SeriesKey(series.Series);
                if (!_byKey.TryGetValue(key, out var window))
                {
                    window = AddSeries(key, series.Series);
                }

                foreach (var (timestampNs, value) in series.Points)
                {
                    dropped += Add(window, timestampNs, value, maxPoints);
                }
            }
        }

        return dropped;
    }

    /// <summary>Drops the points older than <paramref name="cutoffNs"/> (nanoseconds since the epoch).</summary>
    public void DropBefore(long cutoffNs)
    {
        lock (_lock)
        {
            foreach (var window in _all)
            {
                Interlocked.Add(ref _points, -window.DropBefore(cutoffNs));
            }

            CoveredFromNs = Math.Max(CoveredFromNs, cutoffNs);
        }
    }

    /// <summary>
    /// The series matching <paramref name="selector"/> (within a tenant and host when given) with a copy of their
    /// points in [<paramref name="fromNs"/>, <paramref name="toNs"/>); series without points there come with none.
    /// </summary>
    public List<SeriesPoints> Read(SeriesSelector selector, string? tenant, string? host, long fromNs, long toNs)
    {
        lock (_lock)
        {
            var result = new List<SeriesPoints>();
            foreach (var window in Candidates(selector, host))
            {
                if ((tenant is null || window.Series.Tenant == tenant) && (host is null || window.Series.Host == host))
                {
                    result.Add(new SeriesPoints(window.Series, window.Copy(fromNs, toNs)));
                }
            }

            return result;
        }
    }

    /// <summary>The series matching <paramref name="selector"/>, within a tenant and host when given.</summary>
    public List<SeriesInfo> List(SeriesSelector selector, string? tenant, string? host)
    {
        lock (_lock)
        {
            return Candidates(selector, host)
                .Where(w => (tenant is null || w.Series.Tenant == tenant) && (host is null || w.Series.Host == host))
                .Select(w => w.Series)
                .ToList();
        }
    }

    private IEnumerable<SeriesWindow> Candidates(SeriesSelector selector, string? host)
    {
        if (host is not null)
        {
            // One host: its few series, matched now.
            return _byHost.TryGetValue(host, out var ofHost) ? ofHost.Where(w => selector.Matches(w.Series.Tags)) : [];
        }

        // All hosts: the matching series are remembered per selector until a series is added.
        var matches = _matches.GetOrCreateValue(selector);
        if (matches.SeriesCount != _all.Count)
        {
            matches.Windows = _all.Where(w => selector.Matches(w.Series.Tags)).ToList();
            matches.SeriesCount = _all.Count;
        }

        return matches.Windows;
    }

    private SeriesWindow AddSeries(string key, SeriesInfo series)
    {
        var window = new SeriesWindow(series);
        _byKey[key] = window;
        _all.Add(window);
        if (!_byHost.TryGetValue(series.Host, out var ofHost))
        {
            _byHost[series.Host] = ofHost = [];
        }

        ofHost.Add(window);
        return window;
    }

    private int Add(SeriesWindow window, long timestampNs, double value, int maxPoints)
    {
        var before = window.Count;
        var dropped = window.Add(timestampNs, value, maxPoints);
        Interlocked.Add(ref _points, window.Count - before);
        if (dropped > 0 && window.OldestNs is { } oldest && oldest > CappedBeforeNs)
        {
            // Under the table's lock: the only writer.
            Interlocked.Exchange(ref _cappedBeforeNs, oldest);
        }

        return dropped;
    }

    private SeriesInfo SeriesOf(LinePoint point)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        // The store's identifier is not needed by the rules; series first seen here carry 0.
        return new SeriesInfo(0, Measurement, Field, tags["tenant"], tags["host"], tags);
    }

    /// <summary>The series a selector matched, and the series count when it was computed.</summary>
    private sealed class SelectorMatches
    {
        public int SeriesCount { get; set; } = -1;

        public List<SeriesWindow> Windows { get; set; } = [];
    }
}
