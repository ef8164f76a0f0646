namespace Alpi.BenchCommon;

/// <summary>Median, minimum and maximum of a set of measurements (the median of an even count is the upper middle one).</summary>
/// <param name="Median">The middle value.</param>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
/// <param name="Count">How many values.</param>
public readonly record struct Stats(double Median, double Min, double Max, int Count)
{
    /// <summary>The statistics of <paramref name="values"/>; all NaN when empty.</summary>
    public static Stats Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0
            ? new Stats(double.NaN, double.NaN, double.NaN, 0)
            : new Stats(sorted[sorted.Length / 2], sorted[0], sorted[^1], sorted.Length);
    }
}
