using Alpi.Protocols.LineProtocol;

namespace Alpi.Collector.Storage;

/// <summary>
/// Where points are kept: the embedded DuckDB store by default, InfluxDB in production (a later issue).
/// Implementations are safe for one writer and concurrent readers.
/// </summary>
public interface ITimeSeriesStore
{
    /// <summary>Opens or creates the store. Called once at start, before any other member.</summary>
    /// <exception cref="IOException">The store's files cannot be opened.</exception>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes points durably: when the task completes the points survive a crash. Every point must carry a
    /// timestamp (nanoseconds since the epoch) and the <c>tenant</c> and <c>host</c> tags.
    /// Numeric and boolean fields are stored as doubles (integers above 2^53 lose precision); string fields are
    /// stored as text and not returned by <see cref="QueryAsync"/>. A point whose field has the other type (string or
    /// number) than the values stored for its series is refused whole, the write's other points stored ("field type
    /// conflict": counted by <see cref="SeriesRegistry.FieldTypeConflicts"/> in the embedded store, refused by InfluxDB
    /// itself in the InfluxDB stores).
    /// </summary>
    /// <returns>The number of field values written.</returns>
    /// <exception cref="ArgumentException">A point has no timestamp or lacks the tenant or host tag.</exception>
    Task<int> WriteAsync(IReadOnlyList<LinePoint> points, CancellationToken cancellationToken);

    /// <summary>The series of a host (or of every host when <paramref name="host"/> is null).</summary>
    IReadOnlyList<SeriesInfo> ListSeries(string? tenant, string? host);

    /// <summary>
    /// The series of one measurement, of a host or of every host when <paramref name="host"/> is null; sorted by field,
    /// then id. Stores override it to read an index by measurement instead of filtering every series.
    /// </summary>
    IReadOnlyList<SeriesInfo> ListSeries(string? tenant, string? host, string measurement) =>
        ListSeries(tenant, host).Where(s => s.Measurement == measurement).ToList();

    /// <summary>Runs a range query; series with no point in the range are returned with no points.</summary>
    Task<IReadOnlyList<SeriesPoints>> QueryAsync(SeriesQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="query"/> for each of <paramref name="fields"/> of its measurement (its own
    /// <see cref="SeriesQuery.Field"/> is ignored): the same series and points as one <see cref="QueryAsync"/> per field,
    /// with the same filters, range, step and aggregation, in one read where the store can (DuckDB: one statement;
    /// InfluxDB 1.x: one InfluxQL statement over recent data). This default runs one <see cref="QueryAsync"/> per field,
    /// one after the other.
    /// </summary>
    /// <param name="query">Measurement, filters, range (ns since the epoch), step (ns) and aggregation.</param>
    /// <param name="fields">Distinct field keys of the measurement; a field no series has gives nothing.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The matching series of every field (<see cref="SeriesInfo.Field"/> tells which), those of a field in
    /// the order <see cref="QueryAsync"/> gives them; a series with no point in the range has no points.</returns>
    /// <exception cref="ArgumentException"><paramref name="fields"/> is empty or holds a field twice.</exception>
    Task<IReadOnlyList<SeriesPoints>> QueryFieldsAsync(SeriesQuery query, IReadOnlyList<string> fields, CancellationToken cancellationToken) =>
        QueryFieldByFieldAsync(this, query, fields, cancellationToken);

    /// <summary>
    /// <see cref="QueryFieldsAsync"/> the plain way: one <see cref="QueryAsync"/> of <paramref name="store"/> per field, one
    /// after the other; for the default and for a store's reads it cannot do at once (InfluxDB 1.x on its aggregates).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="fields"/> is empty or holds a field twice.</exception>
    static async Task<IReadOnlyList<SeriesPoints>> QueryFieldByFieldAsync(ITimeSeriesStore store, SeriesQuery query, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(query);
        SeriesQuery.CheckFields(fields);
        var all = new List<SeriesPoints>();
        foreach (var field in fields)
        {
            all.AddRange(await store.QueryAsync(query with { Field = field }, cancellationToken));
        }

        return all;
    }

    /// <summary>
    /// The last numeric value of each of <paramref name="series"/> within [<paramref name="fromNs"/>,
    /// <paramref name="toNs"/>), dated by the start of the step of <paramref name="stepNs"/> holding it (steps aligned on
    /// multiples of the step since the epoch, as <see cref="QueryAsync"/>'s): the current values of a host's every
    /// field in one store query (DuckDB), or one per measurement (InfluxDB), rather than one per field.
    /// </summary>
    /// <param name="series">Series from <see cref="ListSeries(string?, string?)"/>; others are ignored.</param>
    /// <param name="fromNs">Start, inclusive, nanoseconds since the epoch.</param>
    /// <param name="toNs">End, exclusive.</param>
    /// <param name="stepNs">Width of a step, nanoseconds, at least 1.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>By series id, (step start, value); series without a numeric value in the range are absent.</returns>
    Task<IReadOnlyDictionary<long, (long TimestampNs, double Value)>> LastValuesAsync(IReadOnlyList<SeriesInfo> series, long fromNs, long toNs, long stepNs, CancellationToken cancellationToken);

    /// <summary>Makes everything written so far durable in the main files (a checkpoint) before stopping.</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
