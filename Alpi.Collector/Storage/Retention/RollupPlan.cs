namespace Alpi.Collector.Storage.Retention;

/// <summary>
/// Which part of a query reads the 5-minute aggregates and which reads raw points: <c>[FromNs, SplitNs)</c> from the
/// aggregates, grouped by <see cref="AggregateStepNs"/>, and <c>[SplitNs, ToNs)</c> from raw points, grouped by the
/// query's step. The stores read each part as <see cref="PartialAggregate"/>s per step and merge them with
/// <see cref="Points"/>, so the step that holds the split is computed from both.
/// <para>
/// The split: with a step of 5 minutes or more, everything already rolled up is read from the aggregates (a 5-minute
/// bucket counts in the step that holds its start: exact when the step is a multiple of 5 minutes). With a shorter step,
/// raw points are read wherever they are still kept, and older parts of the range from the aggregates, one point per
/// 5-minute bucket at its start. Aggregates are read whole: the range is widened to the 5-minute buckets it overlaps.
/// </para>
/// </summary>
/// <param name="FromNs">Start of the range read, nanoseconds since the epoch (one step before the query's for a rate).</param>
/// <param name="SplitNs">Aggregates before, raw points from here on.</param>
/// <param name="ToNs">End of the range, exclusive.</param>
/// <param name="StepNs">The query's step, at least 1.</param>
public readonly record struct RollupPlan(long FromNs, long SplitNs, long ToNs, long StepNs)
{
    /// <summary>The step of the aggregate part: the query's step, or 5 minutes when it is shorter.</summary>
    public long AggregateStepNs => Math.Max(StepNs, RollupBuckets.WidthNs);

    /// <summary>True when part of the range is read from the aggregates.</summary>
    public bool ReadsAggregates => SplitNs > FromNs;

    /// <summary>True when part of the range is read from raw points.</summary>
    public bool ReadsRaw => ToNs > SplitNs;

    /// <summary>The start of the first 5-minute bucket the aggregate part reads (the one holding <see cref="FromNs"/>).</summary>
    public long FirstBucketNs => RollupBuckets.Floor(FromNs);

    /// <summary>
    /// The plan of <paramref name="query"/> on a store whose aggregates are complete before
    /// <paramref name="rolledUpBeforeNs"/> and whose raw points are complete from <paramref name="rawKeptFromNs"/> on
    /// (<see cref="long.MinValue"/> for "nothing rolled up" and "nothing purged").
    /// </summary>
    public static RollupPlan For(SeriesQuery query, long rolledUpBeforeNs, long rawKeptFromNs)
    {
        ArgumentNullException.ThrowIfNull(query);
        var step = Math.Max(1, query.StepNs);
        var from = StepBuckets.ReadFrom(query);
        var to = Math.Max(from, query.ToNs);
        var boundary = step >= RollupBuckets.WidthNs ? rolledUpBeforeNs : Math.Min(rolledUpBeforeNs, rawKeptFromNs);
        return new RollupPlan(from, Math.Clamp(boundary, from, to), to, step);
    }

    /// <summary>
    /// <see cref="Points"/> of partials keyed by any instant within their step (a step start, or a start that Flux clipped
    /// to the part's range): each key relabelled first by <see cref="StepBuckets.Label"/>, the aggregate part's by
    /// <see cref="AggregateStepNs"/> and the raw part's by <see cref="StepNs"/>, neither before <see cref="FromNs"/>, so
    /// that the step holding the split, read from both parts, is one step.
    /// </summary>
    public IReadOnlyList<(long TimestampNs, double Value)> Merge(
        IEnumerable<(long StepNs, PartialAggregate Partial)> aggregates,
        IEnumerable<(long StepNs, PartialAggregate Partial)> raw,
        Aggregation aggregation,
        long queryFromNs)
    {
        ArgumentNullException.ThrowIfNull(aggregates);
        ArgumentNullException.ThrowIfNull(raw);
        var (aggregateStep, step, from) = (AggregateStepNs, StepNs, FromNs);
        return Points(
            aggregates.Select(a => (StepBuckets.Label(a.StepNs, aggregateStep, from), a.Partial)),
            raw.Select(r => (StepBuckets.Label(r.StepNs, step, from), r.Partial)),
            aggregation,
            queryFromNs);
    }

    /// <summary>
    /// The points of one series: the partials of the aggregate part and of the raw part (each keyed by step start, in
    /// any order), merged per step, reduced by <paramref name="aggregation"/>; for a rate, per-second rates between the
    /// steps' last values (<see cref="CounterRates"/>), the steps before <paramref name="queryFromNs"/> serving only as
    /// previous values.
    /// </summary>
    public static IReadOnlyList<(long TimestampNs, double Value)> Points(
        IEnumerable<(long StepNs, PartialAggregate Partial)> aggregates,
        IEnumerable<(long StepNs, PartialAggregate Partial)> raw,
        Aggregation aggregation,
        long queryFromNs)
    {
        ArgumentNullException.ThrowIfNull(aggregates);
        ArgumentNullException.ThrowIfNull(raw);
        var steps = new SortedDictionary<long, PartialAggregate>();
        foreach (var part in new[] { aggregates, raw })
        {
            foreach (var (step, partial) in part)
            {
                steps[step] = steps.TryGetValue(step, out var earlier) ? earlier.Merge(partial) : partial;
            }
        }

        var values = steps.Select(s => (s.Key, s.Value.Reduce(aggregation))).ToList();
        return aggregation == Aggregation.Rate ? CounterRates.Compute(values, queryFromNs) : values;
    }
}
