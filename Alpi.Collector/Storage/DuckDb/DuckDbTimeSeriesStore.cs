using Alpi.Protocols.IO;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Alpi.Collector.Storage.Retention;
using Alpi.Protocols.LineProtocol;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Storage.DuckDb;

/// <summary>
/// The embedded time-series store: one DuckDB file, <c>&lt;DataDirectory&gt;/timeseries.duckdb</c>.
/// Tables: <c>series(id, measurement, field, tenant, host, tags JSON)</c>, <c>points(series_id, ts, value DOUBLE)</c>
/// (a view over <c>points_recent</c>, <c>points_compacted</c> and <c>points_hourly</c>, laid out by series: see
/// <c>DuckDbTimeSeriesStore.Compaction.cs</c>) and <c>string_points(series_id, ts, value VARCHAR)</c>, timestamps in
/// nanoseconds since the Unix epoch.
/// Points are bulk-loaded through DuckDB's appender; each <see cref="WriteAsync"/> is committed before it returns.
/// Writes are idempotent on series + timestamp (one row per series and timestamp, the last value written wins), as
/// InfluxDB's are: see <c>DuckDbTimeSeriesStore.Upsert.cs</c>.
/// A series holds numbers (float, integer, unsigned and boolean values, stored as doubles) or strings, as its first value
/// stored: a point with a field of the other type is refused whole and counted
/// (<see cref="SeriesRegistry.FieldTypeConflicts"/>; the ingest writer logs and counts it as a bad line), the other points
/// of the write stored, as InfluxDB 1.x refuses a "field type conflict" (there within a shard, here within a series).
/// 5-minute aggregates and the purge of old points: see <c>DuckDbTimeSeriesStore.Rollup.cs</c>.
/// Source: DuckDB documentation, "Appender" and "Aggregate functions" (arg_max).
/// </summary>
public sealed partial class DuckDbTimeSeriesStore : ITimeSeriesStore, IDisposable
{
    private readonly string _path;
    private readonly long? _memoryLimitBytes;
    private readonly int _readerCount;
    private readonly SeriesRegistry _registry;
    private readonly ILogger<DuckDbTimeSeriesStore> _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ValueRouting _routing = new();
    private DuckDBConnection? _writer;
    private DuckDbReaderPool? _readers;

    /// <summary>Creates the store over <c>timeseries.duckdb</c> in the configured data directory.</summary>
    public DuckDbTimeSeriesStore(IOptions<CollectorOptions> options, SeriesRegistry registry, ILogger<DuckDbTimeSeriesStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _path = Path.Combine(options.Value.DataDirectoryFullPath, "timeseries.duckdb");
        _memoryLimitBytes = options.Value.Storage.DuckDb.MemoryLimitBytes();
        _readerCount = options.Value.Storage.DuckDb.Readers;
        _registry = registry;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        PrivateDirectory.Create(Path.GetDirectoryName(_path)!);
        _writer = new DuckDBConnection($"Data Source={_path}");
        await _writer.OpenAsync(cancellationToken);
        if (_memoryLimitBytes is { } limit)
        {
            // A setting of the database instance, shared by the reader connections opened below. A number the validator
            // parsed: nothing from the configuration reaches the SQL text as written.
            Execute(_writer, string.Create(CultureInfo.InvariantCulture, $"SET memory_limit = '{limit / 1024}KiB'"));
        }

        Execute(_writer, """
            CREATE TABLE IF NOT EXISTS series (
                id BIGINT PRIMARY KEY, measurement VARCHAR NOT NULL, field VARCHAR NOT NULL,
                tenant VARCHAR NOT NULL, host VARCHAR NOT NULL, tags VARCHAR NOT NULL);
            CREATE TABLE IF NOT EXISTS string_points (series_id BIGINT NOT NULL, ts BIGINT NOT NULL, value VARCHAR NOT NULL);
            """);
        InitializeLayout(_writer);
        InitializeRollup(_writer);
        InitializeUpsert(_writer);
        using (var command = _writer.CreateCommand())
        {
            command.CommandText = "SELECT id, measurement, field, tenant, host, tags FROM series";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var tags = JsonSerializer.Deserialize(reader.GetString(5), StorageJsonContext.Default.DictionaryStringString) ?? [];
                _registry.Load(new SeriesInfo(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), tags));
            }
        }

        // Other connections to the same database (DuckDB.NET shares one database instance per file) so that queries do
        // not wait behind a bulk write, nor, with Readers above 1, behind one another (DuckDbReaderPool.cs).
        _readers = await DuckDbReaderPool.OpenAsync(_path, _readerCount, cancellationToken);
        var memoryLimit = await MemoryLimitAsync(cancellationToken);
        Log.Opened(_logger, _path, _registry.Count, _readers.Size, memoryLimit);
    }

    /// <inheritdoc />
    public async Task<int> WriteAsync(IReadOnlyList<LinePoint> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        var writer = _writer ?? throw new InvalidOperationException("The store is not initialised.");
        // Check the whole batch before registering any series: a rejected batch must leave no series behind.
        IReadOnlyList<KeyValuePair<string, string>>? checkedTags = null; // points of one tag set share one list
        foreach (var point in points)
        {
            if (point.Timestamp is null)
            {
                throw new ArgumentException($"Point of {point.Measurement} has no timestamp.", nameof(points));
            }

            if (ReferenceEquals(point.Tags, checkedTags))
            {
                continue;
            }

            checkedTags = point.Tags;
            if (point.GetTag("tenant") is null || point.GetTag("host") is null)
            {
                throw new ArgumentException($"Point of {point.Measurement} lacks the tenant or host tag.", nameof(points));
            }
        }

        await _writeLock.WaitAsync(cancellationToken);
        var newSeries = new List<SeriesInfo>();
        try
        {
            var values = _routing;
            values.Reset(points.Count * 4, _lastTimestamps, _seriesText);
            // The series of this write by prefix, then field, each with its routing slot: the registry's key (prefix +
            // field) is built and hashed once per series and write, not once per value.
            var known = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
            // The points of one message share one tag list (the parser's): per tag list and measurement, the slots of the
            // last point's fields, so that the next point with the same fields skips the prefix and the lookups.
            var shapes = new Dictionary<(object Tags, string Measurement), PointShape>(ShapeKeyComparer.Instance);
            foreach (var point in points)
            {
                var ts = point.Timestamp!.Value;
                var fields = point.Fields;
                if (shapes.TryGetValue((point.Tags, point.Measurement), out var shape) && shape.Fits(point))
                {
                    if (RefusedForTypeConflict(point, shape.Slots, values))
                    {
                        continue;
                    }

                    for (var f = 0; f < fields.Count; f++)
                    {
                        var slot = shape.Slots[f];
                        if (slot >= 0)
                        {
                            values.Add(slot, ts, fields[f].Value);
                        }
                        else
                        {
                            RouteRefusedOrNew(point, fields[f], ts, known, values, newSeries);
                        }
                    }

                    continue;
                }

                var prefix = SeriesRegistry.SeriesKeyPrefix(point);
                ref var ofPrefix = ref CollectionsMarshal.GetValueRefOrAddDefault(known, prefix, out _);
                ofPrefix ??= new Dictionary<string, int>(StringComparer.Ordinal);
                if (RefusedForTypeConflict(point, KnownSlots(point, prefix, ofPrefix, values), values))
                {
                    continue; // no series created for it
                }

                shape = new PointShape(new string[fields.Count], new int[fields.Count]);
                for (var f = 0; f < fields.Count; f++) // by index: no enumerator allocated per point
                {
                    var field = fields[f];
                    shape.Keys[f] = field.Key;
                    var slot = shape.Slots[f] = SlotOf(point, prefix, field.Key, ofPrefix, values, newSeries);
                    if (slot >= 0)
                    {
                        values.Add(slot, ts, field.Value);
                    }
                }

                shapes[(point.Tags, point.Measurement)] = shape;
            }

            var numeric = values.Numeric;
            var text = values.Text;
            // One transaction: series rows and their points commit together.
            using var transaction = writer.BeginTransaction();
            if (newSeries.Count > 0)
            {
                using var seriesAppender = writer.CreateAppender("series");
                foreach (var s in newSeries)
                {
                    seriesAppender.CreateRow()
                        .AppendValue(s.Id).AppendValue(s.Measurement).AppendValue(s.Field)
                        .AppendValue(s.Tenant).AppendValue(s.Host)
                        .AppendValue(JsonSerializer.Serialize(s.Tags, StorageJsonContext.Default.IReadOnlyDictionaryStringString))
                        .EndRow();
                }
            }

            NumericRowsAppender.Append(writer, "points_recent", CollectionsMarshal.AsSpan(numeric));

            AppendLateValues(writer, numeric);
            if (text.Count > 0)
            {
                using var appender = writer.CreateAppender("string_points");
                foreach (var (series, ts, value) in text)
                {
                    appender.CreateRow().AppendValue(series).AppendValue(ts).AppendValue(value).EndRow();
                }
            }

            var replaced = values.Suspects.Count > 0 ? Upsert(writer, values.Suspects) : 0;
            transaction.Commit();
            // Listed only now, with their first points committed.
            foreach (var series in newSeries)
            {
                _registry.Publish(series);
            }

            newSeries.Clear();
            values.CommitTimestamps(_lastTimestamps, _seriesText);
            RememberLastValues(values);
            Interlocked.Add(ref _replacedValues, replaced);
            return numeric.Count + text.Count + values.Suspects.Count;
        }
        finally
        {
            // Not committed: forget the series registered for this batch, or a retry would find them known and
            // never write their rows.
            foreach (var series in newSeries)
            {
                _registry.Remove(series);
            }

            _writeLock.Release();
        }
    }

    /// <summary>
    /// The routing slots of a point's fields whose series are known (registered in this write, or by the registry, then
    /// registered here), -1 for a new series; creates none.
    /// </summary>
    private int[] KnownSlots(LinePoint point, string prefix, Dictionary<string, int> ofPrefix, ValueRouting values)
    {
        var fields = point.Fields;
        var slots = new int[fields.Count];
        for (var f = 0; f < fields.Count; f++)
        {
            var key = fields[f].Key;
            if (!ofPrefix.TryGetValue(key, out slots[f]))
            {
                slots[f] = -1;
                if (_registry.TryGet(prefix, key, out var series))
                {
                    slots[f] = ofPrefix[key] = values.Register(series.Id);
                }
            }
        }

        return slots;
    }

    /// <summary>
    /// True when a field of <paramref name="point"/> has the other type (string or number) than the values of its series
    /// (<paramref name="slots"/>, -1 for a series without a slot): the point is refused whole, as InfluxDB refuses it
    /// ("field type conflict", the other points of the write kept), and counted by the registry
    /// (<see cref="SeriesRegistry.CountFieldTypeConflict"/>).
    /// </summary>
    private bool RefusedForTypeConflict(LinePoint point, int[] slots, ValueRouting values)
    {
        var fields = point.Fields;
        for (var f = 0; f < fields.Count; f++)
        {
            if (slots[f] >= 0 && values.Conflicts(slots[f], fields[f].Value, out var storedIsText))
            {
                _registry.CountFieldTypeConflict(point.GetTag("tenant")!, point.GetTag("host")!, point.Measurement, fields[f].Key,
                    TypeName(fields[f].Value.Kind), storedIsText ? "string" : "number");
                return true;
            }
        }

        return false;
    }

    /// <summary>A field kind in InfluxDB's words (<c>float</c>, <c>integer</c>, <c>unsigned</c>, <c>boolean</c>, <c>string</c>).</summary>
    private static string TypeName(FieldKind kind) => kind switch
    {
        FieldKind.Float => "float",
        FieldKind.Integer => "integer",
        FieldKind.UInteger => "unsigned",
        FieldKind.Boolean => "boolean",
        _ => "string",
    };

    /// <summary>
    /// A value whose series was refused on an earlier point of this write (the cap): asked again, so that the registry
    /// counts every refused value, or routed if the series has been accepted since.
    /// </summary>
    private void RouteRefusedOrNew(LinePoint point, KeyValuePair<string, FieldValue> field, long ts, Dictionary<string, Dictionary<string, int>> known, ValueRouting values, List<SeriesInfo> newSeries)
    {
        var prefix = SeriesRegistry.SeriesKeyPrefix(point);
        ref var ofPrefix = ref CollectionsMarshal.GetValueRefOrAddDefault(known, prefix, out _);
        ofPrefix ??= new Dictionary<string, int>(StringComparer.Ordinal);
        var slot = SlotOf(point, prefix, field.Key, ofPrefix, values, newSeries);
        if (slot >= 0)
        {
            values.Add(slot, ts, field.Value);
        }
    }

    /// <summary>
    /// The routing slot of a field's series in this write (<paramref name="ofPrefix"/>: the slots of the point's tag set,
    /// by field key), registering the series and its slot when first met; -1 when the series is new and refused by
    /// <c>Collector:Ingest:MaxSeriesPerHost</c> (the registry counts the refusal).
    /// </summary>
    private int SlotOf(LinePoint point, string prefix, string fieldKey, Dictionary<string, int> ofPrefix, ValueRouting values, List<SeriesInfo> newSeries)
    {
        if (ofPrefix.TryGetValue(fieldKey, out var slot))
        {
            return slot;
        }

        if (!_registry.TryGetOrCreate(point, prefix, fieldKey, out var series, out var created))
        {
            return -1;
        }

        if (created)
        {
            newSeries.Add(series);
        }

        slot = values.Register(series.Id);
        ofPrefix[fieldKey] = slot;
        return slot;
    }

    /// <inheritdoc />
    public IReadOnlyList<SeriesInfo> ListSeries(string? tenant, string? host) => _registry.List(tenant, host);

    /// <inheritdoc />
    public IReadOnlyList<SeriesInfo> ListSeries(string? tenant, string? host, string measurement) => _registry.List(tenant, host, measurement);

    /// <inheritdoc />
    public Task<IReadOnlyList<SeriesPoints>> QueryAsync(SeriesQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return QueryMatchedAsync(query, _registry.Match(query), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>One statement (two when it reads aggregates) over the series of every field, as for one field.</remarks>
    public Task<IReadOnlyList<SeriesPoints>> QueryFieldsAsync(SeriesQuery query, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        SeriesQuery.CheckFields(fields);
        return QueryMatchedAsync(query, query.MatchFields(_registry, fields), cancellationToken);
    }

    /// <summary>
    /// Reads the steps of <paramref name="matched"/> over <paramref name="query"/>'s range, step and aggregation (its
    /// measurement, field and filters already applied by the caller).
    /// </summary>
    private async Task<IReadOnlyList<SeriesPoints>> QueryMatchedAsync(SeriesQuery query, IReadOnlyList<SeriesInfo> matched, CancellationToken cancellationToken)
    {
        var readers = Readers;
        if (matched.Count == 0)
        {
            return [];
        }

        var plan = RollupPlan.For(query, RolledUpBeforeNs, RawKeptFromNs);
        if (plan.ReadsAggregates)
        {
            return await QueryWithAggregatesAsync(query, matched, plan, cancellationToken);
        }

        var step = Math.Max(1, query.StepNs);
        var from = StepBuckets.ReadFrom(query); // one step earlier for a rate, to have a previous value for the first rate

        var valueExpression = query.Aggregation switch
        {
            Aggregation.Avg => "avg(value)",
            Aggregation.Min => "min(value)",
            Aggregation.Max => "max(value)",
            _ => "arg_max(value, ts)",
        };
        var ids = string.Join(",", matched.Select(s => s.Id.ToString(CultureInfo.InvariantCulture)));
        var sql = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"SELECT series_id, {StepBuckets.SqlStepNumber("ts", step)} AS k, {valueExpression} AS v ")
            .Append(CultureInfo.InvariantCulture, $"FROM points WHERE series_id IN ({ids}) AND ts >= {from} AND ts < {query.ToNs} ")
            .Append("GROUP BY series_id, k ORDER BY series_id, k")
            .ToString();

        var buckets = matched.ToDictionary(s => s.Id, _ => new List<(long, double)>());
        using (var lease = await readers.RentAsync(cancellationToken))
        {
            using var command = lease.Connection.CreateCommand();
            command.CommandText = sql;
            using var rows = command.ExecuteReader();
            while (rows.Read())
            {
                buckets[rows.GetInt64(0)].Add((StepBuckets.LabelOfStep(rows.GetInt64(1), step, from), rows.GetDouble(2)));
            }
        }

        return matched.Select(s => new SeriesPoints(s, query.Aggregation == Aggregation.Rate
            ? Rates(buckets[s.Id], query.FromNs)
            : buckets[s.Id])).ToList();
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            Execute(_writer, "CHECKPOINT");
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Closes the DuckDB connections: the readers, then the writer.</summary>
    public void Dispose()
    {
        _readers?.Dispose();
        _writer?.Dispose();
        _writeLock.Dispose();
    }

    /// <summary>The connections that reads take turns on (internal: tests hold some of them to show the others serve).</summary>
    /// <exception cref="InvalidOperationException">The store is not initialised.</exception>
    internal DuckDbReaderPool Readers => _readers ?? throw new InvalidOperationException("The store is not initialised.");

    /// <summary>Per-second rates between consecutive steps' last values; decreases (counter resets) are skipped.</summary>
    internal static List<(long, double)> Rates(List<(long Ts, double Value)> lasts, long fromNs) => CounterRates.Compute(lasts, fromNs);

    /// <summary>DuckDB's <c>memory_limit</c> in force, as DuckDB prints it (<c>256.0 MiB</c>), read on a pooled reader.</summary>
    /// <exception cref="InvalidOperationException">The store is not initialised.</exception>
    internal async Task<string> MemoryLimitAsync(CancellationToken cancellationToken) =>
        await Readers.ReadAsync(static connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT current_setting('memory_limit')";
            return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
        }, cancellationToken);

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The routing slots of a point's fields, in field order, for the next point of the same tag list, measurement and
    /// field keys; a slot of -1 is a series refused by the cap.
    /// </summary>
    private sealed record PointShape(string[] Keys, int[] Slots)
    {
        /// <summary>The point's field keys are these, in this order (its tag list and measurement are the key of the shape).</summary>
        public bool Fits(LinePoint point)
        {
            var fields = point.Fields;
            if (fields.Count != Keys.Length)
            {
                return false;
            }

            for (var f = 0; f < Keys.Length; f++)
            {
                if (!string.Equals(fields[f].Key, Keys[f], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>A tag list and a measurement compared by reference (the parser's shared lists and interned names).</summary>
    private sealed class ShapeKeyComparer : IEqualityComparer<(object Tags, string Measurement)>
    {
        public static readonly ShapeKeyComparer Instance = new();

        public bool Equals((object Tags, string Measurement) x, (object Tags, string Measurement) y) =>
            ReferenceEquals(x.Tags, y.Tags) && ReferenceEquals(x.Measurement, y.Measurement);

        public int GetHashCode((object Tags, string Measurement) key) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Tags), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Measurement));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Time-series store {Path} opened with {SeriesCount} series, {Readers} reader connections, DuckDB memory limit {MemoryLimit}")]
        public static partial void Opened(ILogger logger, string path, int seriesCount, int readers, string memoryLimit);
    }
}
