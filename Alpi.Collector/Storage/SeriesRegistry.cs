using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Alpi.Protocols.LineProtocol;

namespace Alpi.Collector.Storage;

/// <summary>
/// The in-memory index of known series: identity (measurement + sorted tag set + field) to id, and per-host
/// lists for lookups. Shared by store implementations; safe for one writer and concurrent readers. The series created
/// for the fields of one point share one <see cref="SortedTagDictionary"/>.
/// Caps the series of each host at <see cref="MaxSeriesPerHost"/> (a runaway tag cardinality — a tag holding a request
/// id, a timestamp, a process id — must not exhaust the collector's memory): a new series beyond it is refused and
/// counted per host, and the host's existing series keep flowing.
/// </summary>
public sealed class SeriesRegistry
{
    private readonly ConcurrentDictionary<string, SeriesInfo> _byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Tenant, string Host), ImmutableSeriesList> _byHost = new();
    // By measurement, then id: unbounded (every host's series of a measurement), so a set with O(1) add and remove, not
    // a copied array as per host (bounded by MaxSeriesPerHost).
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<long, SeriesInfo>> _byMeasurement = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _refusedByHost = new(StringComparer.Ordinal);

    // Created for a write not committed yet: known (ids, the per-host cap) but not listed, so that a reader never sees a
    // series without points. Keyed by id.
    private readonly ConcurrentDictionary<long, SeriesInfo> _pending = new();
    private readonly Dictionary<string, long> _refusedSinceDrain = new(StringComparer.Ordinal);
    private long _nextId = 1;
    private long _refusedValues;

    /// <summary>A registry without a series cap.</summary>
    public SeriesRegistry()
        : this(int.MaxValue)
    {
    }

    /// <summary>A registry refusing a host's new series beyond <paramref name="maxSeriesPerHost"/> (at least 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSeriesPerHost"/> is below 1.</exception>
    public SeriesRegistry(int maxSeriesPerHost)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSeriesPerHost, 1);
        MaxSeriesPerHost = maxSeriesPerHost;
    }

    /// <summary>Most series one host (tenant and host) may have; new ones beyond are refused (<c>Collector:Ingest:MaxSeriesPerHost</c>).</summary>
    public int MaxSeriesPerHost { get; }

    /// <summary>Field values refused since start because their series would have exceeded <see cref="MaxSeriesPerHost"/>.</summary>
    public long RefusedValues => Interlocked.Read(ref _refusedValues);

    /// <summary>Refused field values per <c>tenant/host</c> since start.</summary>
    public IReadOnlyDictionary<string, long> RefusedByHost => _refusedByHost;

    /// <summary>The hosts (<c>tenant/host</c>) that have reached <see cref="MaxSeriesPerHost"/>, sorted.</summary>
    public IReadOnlyList<string> HostsAtLimit() =>
        [.. _byHost.Where(kv => kv.Value.Items.Length >= MaxSeriesPerHost).Select(kv => $"{kv.Key.Tenant}/{kv.Key.Host}").Order(StringComparer.Ordinal)];

    /// <summary>
    /// The refusals (per <c>tenant/host</c>) since the previous call, for the writer's log; call from the writer only.
    /// </summary>
    public IReadOnlyDictionary<string, long> DrainRefusals()
    {
        if (_refusedSinceDrain.Count == 0)
        {
            return new Dictionary<string, long>();
        }

        var drained = new Dictionary<string, long>(_refusedSinceDrain, StringComparer.Ordinal);
        _refusedSinceDrain.Clear();
        return drained;
    }

    // The tag set of the last point a series was created for, keyed by its prefix: a point's fields (one series each)
    // share one tag set. One reference, so that a reader of the pair never sees the prefix of one and the tags of another.
    private TagSetOfPrefix? _lastTags;

    /// <summary>Number of series known.</summary>
    public int Count => _byKey.Count;

    // Field type conflicts (FieldTypeConflicts): per host since the last drain, the first conflict and the points counted.
    private readonly Dictionary<string, FieldTypeConflict> _conflictsSinceDrain = new(StringComparer.Ordinal);
    private long _fieldTypeConflicts;

    /// <summary>
    /// Points refused since start because a field had another type than the values its series holds (a string where
    /// numbers are stored, or the reverse: InfluxDB's "field type conflict"), as the embedded store counts them.
    /// </summary>
    public long FieldTypeConflicts => Interlocked.Read(ref _fieldTypeConflicts);

    /// <summary>
    /// Counts a point refused for a field type conflict (a store calls it under its write lock, once per point).
    /// </summary>
    /// <param name="tenant">The point's tenant.</param>
    /// <param name="host">The point's host.</param>
    /// <param name="measurement">The point's measurement.</param>
    /// <param name="field">The field whose type conflicts.</param>
    /// <param name="inputType">The type of the value written (<c>float</c>, <c>integer</c>, <c>unsigned</c>, <c>boolean</c>, <c>string</c>).</param>
    /// <param name="storedType">The type the series holds (<c>number</c> or <c>string</c>).</param>
    public void CountFieldTypeConflict(string tenant, string host, string measurement, string field, string inputType, string storedType)
    {
        Interlocked.Increment(ref _fieldTypeConflicts);
        var tenantHost = $"{tenant}/{host}";
        _conflictsSinceDrain[tenantHost] = _conflictsSinceDrain.TryGetValue(tenantHost, out var first)
            ? first with { Points = first.Points + 1 }
            : new FieldTypeConflict(tenant, host, measurement, field, inputType, storedType, 1);
    }

    /// <summary>
    /// The field type conflicts (per <c>tenant/host</c>: the first one and the points refused) since the previous call,
    /// for the writer's log and counters; call from the writer only.
    /// </summary>
    public IReadOnlyList<FieldTypeConflict> DrainFieldTypeConflicts()
    {
        if (_conflictsSinceDrain.Count == 0)
        {
            return [];
        }

        var drained = _conflictsSinceDrain.Values.ToList();
        _conflictsSinceDrain.Clear();
        return drained;
    }

    /// <summary>The series of a point's field when it is known (listed or created for a write not committed yet), without creating it.</summary>
    /// <param name="keyPrefix">The point's <see cref="SeriesKeyPrefix"/>.</param>
    /// <param name="field">The field key.</param>
    /// <param name="series">The series, when known.</param>
    public bool TryGet(string keyPrefix, string field, [NotNullWhen(true)] out SeriesInfo? series) =>
        _byKey.TryGetValue(string.Concat(keyPrefix, field), out series);

    /// <summary>
    /// Adds a series loaded from storage. A series already known (same measurement, tags and field) is kept as it is,
    /// so that loading again after an interrupted start adds nothing twice.
    /// </summary>
    public void Load(SeriesInfo series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (!_byKey.TryAdd(Key(series.Measurement, series.Tags, series.Field), series))
        {
            return;
        }

        AddToIndexes(series);
        _nextId = Math.Max(_nextId, series.Id + 1);
    }

    /// <summary>
    /// The series of a point's field, created when new.
    /// </summary>
    /// <param name="point">A point with tenant and host tags.</param>
    /// <param name="field">One of the point's field keys.</param>
    /// <param name="created">True when the series did not exist: the caller persists it, then <see cref="Publish"/>es it (listed only then).</param>
    /// <exception cref="ArgumentException">The point lacks the tenant or host tag.</exception>
    public SeriesInfo GetOrCreate(LinePoint point, string field, out bool created) =>
        GetOrCreate(point, SeriesKeyPrefix(point), field, out created);

    /// <summary>
    /// The series of a point's field, created when new, with the point's key prefix computed once by
    /// <see cref="SeriesKeyPrefix"/> for all its fields.
    /// </summary>
    /// <exception cref="ArgumentException">The point lacks the tenant or host tag.</exception>
    /// <exception cref="InvalidOperationException">The series is new and its host has <see cref="MaxSeriesPerHost"/> series (counted as refused).</exception>
    public SeriesInfo GetOrCreate(LinePoint point, string keyPrefix, string field, out bool created) =>
        TryGetOrCreate(point, keyPrefix, field, out var series, out created)
            ? series
            : throw new InvalidOperationException($"Host {point.GetTag("tenant")}/{point.GetTag("host")} has {MaxSeriesPerHost} series: {point.Measurement}.{field} refused.");

    /// <summary>
    /// The series of a point's field, created when new — unless it is new and its host already has
    /// <see cref="MaxSeriesPerHost"/> series: then false, and the value is counted as refused.
    /// </summary>
    /// <param name="point">A point with tenant and host tags.</param>
    /// <param name="keyPrefix">The point's <see cref="SeriesKeyPrefix"/>, computed once for all its fields.</param>
    /// <param name="field">One of the point's field keys.</param>
    /// <param name="series">The series, when not refused.</param>
    /// <param name="created">
    /// True when the series did not exist: the caller persists it with its first points, then <see cref="Publish"/>es it
    /// (or <see cref="Remove"/>s it when the write fails). Until then it is not listed by <see cref="List(string?, string?)"/> or <see cref="Match"/>.
    /// </param>
    /// <returns>False when refused by the cap.</returns>
    /// <exception cref="ArgumentException">The point lacks the tenant or host tag.</exception>
    public bool TryGetOrCreate(LinePoint point, string keyPrefix, string field, [NotNullWhen(true)] out SeriesInfo? series, out bool created)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        var key = string.Concat(keyPrefix, field);
        created = false;
        if (_byKey.TryGetValue(key, out series))
        {
            return true;
        }

        var tenant = point.GetTag("tenant") ?? throw new ArgumentException($"Point of {point.Measurement} has no tenant tag.", nameof(point));
        var host = point.GetTag("host") ?? throw new ArgumentException($"Point of {point.Measurement} has no host tag.", nameof(point));
        if (_byHost.TryGetValue((tenant, host), out var existing) && existing.Items.Length >= MaxSeriesPerHost)
        {
            var tenantHost = $"{tenant}/{host}";
            Interlocked.Increment(ref _refusedValues);
            _refusedByHost.AddOrUpdate(tenantHost, 1, (_, n) => n + 1);
            _refusedSinceDrain[tenantHost] = _refusedSinceDrain.GetValueOrDefault(tenantHost) + 1;
            return false;
        }

        var last = _lastTags;
        SortedTagDictionary tags;
        if (last is not null && string.Equals(last.Prefix, keyPrefix, StringComparison.Ordinal))
        {
            tags = last.Tags;
        }
        else
        {
            tags = SortedTagDictionary.From(point.Tags);
            _lastTags = new TagSetOfPrefix(keyPrefix, tags);
        }

        series = new SeriesInfo(_nextId++, point.Measurement, field, tenant, host, tags);
        _pending[series.Id] = series; // before it is reachable: never listed until Publish
        _byKey[key] = series;
        AddToIndexes(series);
        created = true;
        return true;
    }

    /// <summary>
    /// Lists a series <c>GetOrCreate</c> created, once its first points are committed (stored, or accepted by the
    /// server): from then on <see cref="List(string?, string?)"/> and <see cref="Match"/> return it. A series already listed is left as is.
    /// </summary>
    public void Publish(SeriesInfo series)
    {
        ArgumentNullException.ThrowIfNull(series);
        _pending.TryRemove(new KeyValuePair<long, SeriesInfo>(series.Id, series));
    }

    /// <summary>
    /// Forgets a series <c>GetOrCreate</c> created but the store could not persist, so that the next write
    /// creates (and persists) it again. Its id is not reused.
    /// </summary>
    public void Remove(SeriesInfo series)
    {
        ArgumentNullException.ThrowIfNull(series);
        // By reference, not by key: a point with a repeated tag key has a key that the series' tags do not rebuild.
        var removed = false;
        foreach (var entry in _byKey)
        {
            removed |= ReferenceEquals(entry.Value, series) && _byKey.TryRemove(entry);
        }

        if (!removed)
        {
            return;
        }

        _pending.TryRemove(new KeyValuePair<long, SeriesInfo>(series.Id, series));

        if (_byMeasurement.TryGetValue(series.Measurement, out var ofMeasurement))
        {
            ofMeasurement.TryRemove(new KeyValuePair<long, SeriesInfo>(series.Id, series));
        }

        var hostKey = (series.Tenant, series.Host);
        while (_byHost.TryGetValue(hostKey, out var list))
        {
            var remaining = new ImmutableSeriesList(Array.FindAll(list.Items, s => !ReferenceEquals(s, series)));
            if (remaining.Items.Length == 0 ? _byHost.TryRemove(new KeyValuePair<(string, string), ImmutableSeriesList>(hostKey, list)) : _byHost.TryUpdate(hostKey, remaining, list))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Series of one host, or of all hosts when <paramref name="host"/> is null: those loaded or <see cref="Publish"/>ed,
    /// never one created for a write not committed yet (a series is listed only with its first points).
    /// </summary>
    public IReadOnlyList<SeriesInfo> List(string? tenant, string? host) => List(tenant, host, null);

    /// <summary>
    /// As <see cref="List(string?, string?)"/>, of one measurement only when <paramref name="measurement"/> is set: read
    /// from an index by measurement when no host is given, so that listing the Wi-Fi terminals or the SNMP devices of
    /// every host costs the series of that measurement, not every series of the store (bench/README.md, dashboard page
    /// speed, "How the cost grows"). Sorted by measurement, field, then id.
    /// </summary>
    public IReadOnlyList<SeriesInfo> List(string? tenant, string? host, string? measurement)
    {
        IEnumerable<SeriesInfo> all = host is not null
            ? _byHost.Where(kv => kv.Key.Host == host && (tenant is null || kv.Key.Tenant == tenant)).SelectMany(kv => kv.Value.Items)
            : measurement is not null
                ? _byMeasurement.TryGetValue(measurement, out var ofMeasurement) ? ofMeasurement.Select(kv => kv.Value) : [] // lock-free enumeration (Values takes every lock)
                : _byHost.Values.SelectMany(l => l.Items);
        // ContainsKey is a lock-free read; ConcurrentDictionary.IsEmpty takes every lock of the table (up to 1,024 once
        // many series were created), which made listing 50,000 series take seconds (bench/README.md, dashboard page speed).
        return all.Where(s => (tenant is null || s.Tenant == tenant) && (measurement is null || s.Measurement == measurement) && !_pending.ContainsKey(s.Id))
            .OrderBy(s => s.Measurement, StringComparer.Ordinal)
            .ThenBy(s => s.Field, StringComparer.Ordinal)
            .ThenBy(s => s.Id)
            .ToList();
    }

    /// <summary>Series matching a query's measurement, field, host, tenant and tag filters.</summary>
    public IReadOnlyList<SeriesInfo> Match(SeriesQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return List(query.Tenant, query.Host, query.Measurement)
            .Where(s => s.Field == query.Field
                && query.TagFilters.All(f => s.Tags.TryGetValue(f.Key, out var v) && v == f.Value))
            .ToList();
    }

    private void AddToIndexes(SeriesInfo series)
    {
        _byHost.AddOrUpdate((series.Tenant, series.Host), _ => new ImmutableSeriesList([series]), (_, l) => new ImmutableSeriesList([.. l.Items, series]));
        _byMeasurement.GetOrAdd(series.Measurement, _ => new ConcurrentDictionary<long, SeriesInfo>())[series.Id] = series;
    }

    /// <summary>The identity of a point's measurement and tag set, to which each field key is appended.</summary>
    public static string SeriesKeyPrefix(LinePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return SeriesKeyPrefixCache.Get(point, ComputePrefix);
    }

    private static string ComputePrefix(string measurement, IReadOnlyList<KeyValuePair<string, string>> tags) => Prefix(measurement, tags);

    /// <summary>
    /// The identity of a series (measurement, sorted tag set, field): equal to <see cref="SeriesKeyPrefix"/> of its
    /// points followed by the field key.
    /// </summary>
    public static string SeriesKey(SeriesInfo series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return Key(series.Measurement, series.Tags, series.Field);
    }

    private static string Key(string measurement, IEnumerable<KeyValuePair<string, string>> tags, string field) =>
        string.Concat(Prefix(measurement, tags), field);

    private static string Prefix(string measurement, IEnumerable<KeyValuePair<string, string>> tags)
    {
        // Separators below 0x20 cannot be confused with the printable names they join.
        var sorted = tags.ToArray();
        if (sorted.Length > 1)
        {
            Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        }

        var sb = new StringBuilder(measurement, 128);
        foreach (var tag in sorted)
        {
            sb.Append('\u001f').Append(tag.Key).Append('\u001e').Append(tag.Value);
        }

        return sb.Append('\u001d').ToString();
    }

    private sealed record ImmutableSeriesList(SeriesInfo[] Items);

    private sealed record TagSetOfPrefix(string Prefix, SortedTagDictionary Tags);
}

/// <summary>
/// Points of one host refused for a field type conflict: the first conflict's measurement, field and types, in
/// InfluxDB's words (<c>input field "f" on measurement "m" is type string, already exists as type number</c>), and the
/// number of points refused.
/// </summary>
/// <param name="Tenant">The host's tenant.</param>
/// <param name="Host">The host.</param>
/// <param name="Measurement">The measurement of the first refused point.</param>
/// <param name="Field">Its field whose type conflicts.</param>
/// <param name="InputType">The type of the value written.</param>
/// <param name="StoredType">The type the series holds.</param>
/// <param name="Points">Points of the host refused for a type conflict.</param>
public sealed record FieldTypeConflict(string Tenant, string Host, string Measurement, string Field, string InputType, string StoredType, long Points)
{
    /// <summary>The host as the ingest counters key it, <c>tenant/host</c>.</summary>
    public string TenantHost => $"{Tenant}/{Host}";
}
