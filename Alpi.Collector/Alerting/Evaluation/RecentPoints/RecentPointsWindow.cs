using System.Collections.Frozen;
using Alpi.Collector.Alerting.Rules;
using Alpi.Collector.Ingest;
using Alpi.Collector.Inventory;
using Alpi.Collector.Storage;
using Microsoft.Extensions.Logging;
using QueryRequest = Alpi.Collector.Api.QueryRequest;

namespace Alpi.Collector.Alerting.Evaluation.RecentPoints;

/// <summary>
/// The collector's <see cref="IAlertDataSource"/>: the recent points of every series a rule reads, held in memory so
/// that a tick of thousands of rules reads no store at all. For each measurement and field some threshold or absence
/// rule selects, it keeps the points of the longest such rule's window (<see cref="PrepareAsync"/>, called by every
/// tick: loads from the store, once per measurement and field, what a new or widened window needs, then drops
/// what is older); ingest adds the points the store has just committed (<see cref="IIngestObserver"/>, registered
/// before the ingest-time evaluation so that it reads them). Reads of a measurement and field not (yet) loaded go to
/// the store, as <see cref="StoreAlertDataSource"/> does.
/// </summary>
/// <remarks>
/// Memory: about 16 octets per point and a few hundred per series (its tags), for the series of watched measurements
/// only; at most <see cref="MaxPointsPerSeries"/> points per series (a series sending faster loses its oldest points
/// in memory, never in the store, and <see cref="DroppedPoints"/> counts them; from then on the reads of that
/// measurement and field whose window starts before the points held go to the store, counted in <see cref="StoreReads"/>,
/// so that a rule never reads a window with its oldest points missing).
/// </remarks>
public sealed partial class RecentPointsWindow : IAlertDataSource, IIngestObserver
{
    /// <summary>Most points held per series: 5 minutes at one point per 100 ms, 11 hours at one per 10 s.</summary>
    public const int MaxPointsPerSeries = 4096;

    private readonly ITimeSeriesStore _store;
    private readonly HostInventory _inventory;
    private readonly ILogger<RecentPointsWindow> _logger;
    private readonly StoreAlertDataSource _fallback;
    private volatile Tables _tables = Tables.Empty;
    private long _droppedPoints;
    private long _storeReads;

    /// <summary>Creates the window over the collector's store and inventory.</summary>
    public RecentPointsWindow(ITimeSeriesStore store, HostInventory inventory, ILogger<RecentPointsWindow> logger)
    {
        _store = store;
        _inventory = inventory;
        _logger = logger;
        _fallback = new StoreAlertDataSource(store, inventory);
    }

    /// <summary>Series held, over every watched measurement and field.</summary>
    public int SeriesCount => _tables.ByKey.Values.Sum(t => t.SeriesCount);

    /// <summary>Points held.</summary>
    public long PointCount => _tables.ByKey.Values.Sum(t => t.PointCount);

    /// <summary>Reads answered by the store rather than from memory (a measurement not loaded yet, or a range older than held).</summary>
    public long StoreReads => Interlocked.Read(ref _storeReads);

    /// <summary>Points dropped from memory because a series held <see cref="MaxPointsPerSeries"/> (they stay in the store).</summary>
    public long DroppedPoints => Interlocked.Read(ref _droppedPoints);

    /// <summary>The figures above, for <c>/healthz</c>.</summary>
    public RecentPointsStatus Status() => new(SeriesCount, PointCount, DroppedPoints, StoreReads);

    /// <summary>
    /// Watches the measurements and fields the rules read, for their longest window: loads from the store what a
    /// new or widened window needs (one range query per measurement and field), forgets what no rule reads any more,
    /// and drops points older than each window before <paramref name="now"/> (the evaluation time of the tick that
    /// follows: reads of windows ending later are answered from memory). A store that fails to answer leaves that
    /// measurement read from the store until a later call loads it (logged).
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task PrepareAsync(RuleSet rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var wanted = new Dictionary<(string Measurement, string Field), TimeSpan>();
        foreach (var rule in rules.Rules)
        {
            var (selector, window) = rule switch
            {
                ThresholdRule t => (t.Selector, t.Window),
                AbsenceRule { Selector: { } s } a => (s, a.Window),
                _ => (null, TimeSpan.Zero),
            };
            if (selector is not null)
            {
                var key = (selector.Measurement, selector.Field);
                wanted[key] = wanted.TryGetValue(key, out var longest) && longest > window ? longest : window;
            }
        }

        var current = _tables;
        var next = new Dictionary<(string, string), WindowTable>();
        foreach (var (key, retention) in wanted)
        {
            if (current.ByKey.TryGetValue(key, out var table))
            {
                if (retention > table.Retention)
                {
                    // A wider window: what is older than the points held must come from the store.
                    table.Warmed = false;
                    table.Retention = retention;
                }
            }
            else
            {
                table = new WindowTable(key.Measurement, key.Field, retention);
            }

            next[key] = table;
        }

        if (next.Count != current.ByKey.Count || next.Keys.Any(k => !current.ByKey.ContainsKey(k)))
        {
            // Published before loading, so that what ingest commits meanwhile is added too (duplicates merge).
            _tables = Tables.Of(next);
        }

        foreach (var table in next.Values)
        {
            if (!table.Warmed)
            {
                await LoadAsync(table, now, cancellationToken);
            }

            table.DropBefore(QueryRequest.ToNs(now - table.Retention));
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<SeriesInfo> ListSeries(SeriesSelector selector, string? tenant, string? host)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return _tables.ByKey.TryGetValue((selector.Measurement, selector.Field), out var table) && table.Warmed
            ? table.List(selector, tenant, host)
            : _fallback.ListSeries(selector, tenant, host);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SeriesPoints>> ReadAsync(SeriesSelector selector, string? tenant, string? host, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selector);
        if (!_tables.ByKey.TryGetValue((selector.Measurement, selector.Field), out var table) || !table.Warmed
            || QueryRequest.ToNs(rangeStart) < table.ReadableFromNs)
        {
            Interlocked.Increment(ref _storeReads);
            return _fallback.ReadAsync(selector, tenant, host, rangeStart, rangeEnd, cancellationToken);
        }

        IReadOnlyList<SeriesPoints> result = table.Read(selector, tenant, host, QueryRequest.ToNs(rangeStart), QueryRequest.ToNs(rangeEnd));
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public IReadOnlyList<HostRecord> ListHosts() => _inventory.List();

    /// <inheritdoc />
    public void OnStored(IReadOnlyList<IngestBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var tables = _tables;
        if (tables.ByKey.Count == 0)
        {
            return;
        }

        // Index loops over the read-only lists: no enumerator allocated per point (this runs for every point ingested).
        for (var b = 0; b < batches.Count; b++)
        {
            var points = batches[b].Points;
            for (var p = 0; p < points.Count; p++)
            {
                var point = points[p];
                if (!tables.ByMeasurement.TryGetValue(point.Measurement, out var fields) || point.Timestamp is null)
                {
                    continue;
                }

                string? prefix = null;
                var pointFields = point.Fields;
                for (var f = 0; f < pointFields.Count; f++)
                {
                    var field = pointFields[f];
                    if (field.Value.IsNumeric && fields.TryGetValue(field.Key, out var table))
                    {
                        prefix ??= SeriesRegistry.SeriesKeyPrefix(point);
                        var dropped = table.Append(point, prefix, field.Value.ToDouble(), MaxPointsPerSeries);
                        if (dropped > 0)
                        {
                            Interlocked.Add(ref _droppedPoints, dropped);
                        }
                    }
                }
            }
        }
    }

    private async Task LoadAsync(WindowTable table, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fromNs = QueryRequest.ToNs(now - table.Retention);
        var query = new SeriesQuery(table.Measurement, table.Field, null, null, new Dictionary<string, string>(StringComparer.Ordinal),
            fromNs, QueryRequest.ToNs(now + RuleEvaluator.ClockSkew), 1, Aggregation.Last);
        try
        {
            var stored = await _store.QueryAsync(query, cancellationToken);
            var dropped = table.Merge(stored, MaxPointsPerSeries);
            Interlocked.Add(ref _droppedPoints, dropped);
            table.CoveredFromNs = fromNs;
            table.Warmed = true;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or HttpRequestException or System.Data.Common.DbException)
        {
            Log.LoadFailed(_logger, table.Measurement, table.Field, e.Message);
        }
    }

    /// <summary>
    /// The tables by measurement and field, and the same by measurement then field (what ingest looks up: one lookup per
    /// point, then one per field in the few watched fields of its measurement, no key of two strings hashed per field).
    /// </summary>
    private sealed record Tables(
        FrozenDictionary<(string, string), WindowTable> ByKey,
        FrozenDictionary<string, FrozenDictionary<string, WindowTable>> ByMeasurement)
    {
        public static readonly Tables Empty = new(
            FrozenDictionary<(string, string), WindowTable>.Empty, FrozenDictionary<string, FrozenDictionary<string, WindowTable>>.Empty);

        public static Tables Of(Dictionary<(string Measurement, string Field), WindowTable> tables) => new(
            tables.ToFrozenDictionary(),
            tables.GroupBy(t => t.Key.Measurement, StringComparer.Ordinal).ToFrozenDictionary(
                g => g.Key, g => g.ToFrozenDictionary(t => t.Key.Field, t => t.Value, StringComparer.Ordinal), StringComparer.Ordinal));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Could not load the recent points of {Measurement}/{Field} for the alert rules; they read the store until the next tick loads them: {Reason}")]
        public static partial void LoadFailed(ILogger logger, string measurement, string field, string reason);
    }
}
