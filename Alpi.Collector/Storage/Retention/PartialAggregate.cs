namespace Alpi.Collector.Storage.Retention;

/// <summary>
/// What one step of a query knows of its values before the final reduction: how many, their sum, smallest, largest and
/// latest value. Partials of the same step read from the aggregates and from raw points merge exactly
/// (<see cref="Merge"/>), so that a query spanning both answers as if it had read raw points, but for
/// <see cref="Aggregation.Last"/> and rates, which use the last value of each 5-minute bucket.
/// </summary>
/// <param name="Count">Number of values.</param>
/// <param name="Sum">Their sum.</param>
/// <param name="Min">The smallest.</param>
/// <param name="Max">The largest.</param>
/// <param name="Last">The value with the latest timestamp.</param>
public readonly record struct PartialAggregate(long Count, double Sum, double Min, double Max, double Last)
{
    /// <summary>
    /// The partial of both steps' values, <paramref name="later"/> holding values no earlier than this one's (its
    /// <see cref="Last"/> wins).
    /// </summary>
    public PartialAggregate Merge(PartialAggregate later) =>
        new(Count + later.Count, Sum + later.Sum, Math.Min(Min, later.Min), Math.Max(Max, later.Max), later.Last);

    /// <summary>The step's value: mean (sum over count), min, max, or the last value (for a rate too).</summary>
    public double Reduce(Aggregation aggregation) => aggregation switch
    {
        Aggregation.Avg => Sum / Count,
        Aggregation.Min => Min,
        Aggregation.Max => Max,
        _ => Last,
    };
}
