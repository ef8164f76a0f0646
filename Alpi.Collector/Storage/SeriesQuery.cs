namespace Alpi.Collector.Storage;

/// <summary>How points are reduced within each step of a query.</summary>
public enum Aggregation
{
    /// <summary>Mean of the values in the step.</summary>
    Avg,

    /// <summary>Smallest value in the step.</summary>
    Min,

    /// <summary>Largest value in the step.</summary>
    Max,

    /// <summary>Value with the latest timestamp in the step.</summary>
    Last,

    /// <summary>
    /// Per-second rate of a counter: difference between the last values of consecutive steps divided by the step
    /// in seconds; a decrease is a counter reset and yields no point for that step.
    /// </summary>
    Rate,
}

/// <summary>A range query over the series matching a measurement, a field, a host and optional tag values.</summary>
/// <param name="Measurement">Measurement name.</param>
/// <param name="Field">Field key.</param>
/// <param name="Host">Host, or null for every host.</param>
/// <param name="Tenant">Tenant, or null for every tenant.</param>
/// <param name="TagFilters">Extra tags that must equal the given values (<c>cpu=cpu-total</c>).</param>
/// <param name="FromNs">Start of the range, inclusive, nanoseconds since the Unix epoch.</param>
/// <param name="ToNs">End of the range, exclusive, nanoseconds since the Unix epoch.</param>
/// <param name="StepNs">Width of one step, nanoseconds; steps are aligned on multiples of it since the epoch.</param>
/// <param name="Aggregation">Reduction within each step.</param>
public sealed record SeriesQuery(
    string Measurement,
    string Field,
    string? Host,
    string? Tenant,
    IReadOnlyDictionary<string, string> TagFilters,
    long FromNs,
    long ToNs,
    long StepNs,
    Aggregation Aggregation)
{
    /// <summary>
    /// Every tag the series must carry, as one map sorted by key: <see cref="TagFilters"/> plus <c>tenant</c> and
    /// <c>host</c> when given (they win over a tag filter of the same name). What the InfluxDB stores put in their
    /// WHERE clause or Flux filter.
    /// </summary>
    public SortedDictionary<string, string> AllTagFilters()
    {
        var filters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in TagFilters)
        {
            filters[key] = value;
        }

        if (Tenant is not null)
        {
            filters["tenant"] = Tenant;
        }

        if (Host is not null)
        {
            filters["host"] = Host;
        }

        return filters;
    }

    /// <summary>
    /// Checks the field list of a several-field query (<see cref="ITimeSeriesStore.QueryFieldsAsync"/>): at least one,
    /// none empty, none twice (compared ordinally, as field keys are).
    /// </summary>
    /// <param name="fields">The field keys.</param>
    /// <exception cref="ArgumentNullException"><paramref name="fields"/> is null.</exception>
    /// <exception cref="ArgumentException">The list is empty, or a field is empty or given twice.</exception>
    public static void CheckFields(IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            throw new ArgumentException("at least one field is needed", nameof(fields));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (string.IsNullOrEmpty(field))
            {
                throw new ArgumentException("a field is empty", nameof(fields));
            }

            if (!seen.Add(field))
            {
                throw new ArgumentException($"field \"{field}\" is given twice", nameof(fields));
            }
        }
    }

    /// <summary>
    /// The series matched by <paramref name="registry"/> for each of <paramref name="fields"/> (this query's field
    /// ignored), field after field, each field's in <see cref="SeriesRegistry.Match"/>'s order.
    /// </summary>
    internal List<SeriesInfo> MatchFields(SeriesRegistry registry, IReadOnlyList<string> fields)
    {
        var matched = new List<SeriesInfo>();
        foreach (var field in fields)
        {
            matched.AddRange(registry.Match(this with { Field = field }));
        }

        return matched;
    }
}

/// <summary>The points of one series in a query result.</summary>
/// <param name="Series">The series.</param>
/// <param name="Points">(step start in nanoseconds since the epoch, value), in time order.</param>
public sealed record SeriesPoints(SeriesInfo Series, IReadOnlyList<(long TimestampNs, double Value)> Points);
