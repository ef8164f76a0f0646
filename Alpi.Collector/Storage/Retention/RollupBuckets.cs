namespace Alpi.Collector.Storage.Retention;

/// <summary>
/// The 5-minute buckets of the aggregates: <c>[k × 300 s, (k + 1) × 300 s)</c> since the Unix epoch, in nanoseconds,
/// aligned as query steps are. Each bucket keeps, per series, the count, sum, min, max and last value (with its
/// timestamp) of the raw points in it: min, max and last of a longer step are those of its buckets, and its average is
/// the sum of sums over the sum of counts, hence exact whatever the number of points per bucket.
/// </summary>
public static class RollupBuckets
{
    /// <summary>The width of one bucket: 5 minutes, in nanoseconds.</summary>
    public const long WidthNs = 300_000_000_000L;

    /// <summary>The start of the bucket holding <paramref name="ns"/> (floor to a multiple of 5 minutes).</summary>
    public static long Floor(long ns) => ns - Mod(ns);

    /// <summary>The smallest bucket start not before <paramref name="ns"/> (ceiling to a multiple of 5 minutes).</summary>
    public static long Ceiling(long ns) => Mod(ns) == 0 ? ns : Floor(ns) + WidthNs;

    /// <summary>Nanoseconds since the Unix epoch of <paramref name="time"/> (to the 100 ns tick).</summary>
    public static long ToNs(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    private static long Mod(long ns) => ((ns % WidthNs) + WidthNs) % WidthNs;
}
