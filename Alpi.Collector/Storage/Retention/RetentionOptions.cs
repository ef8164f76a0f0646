namespace Alpi.Collector.Storage.Retention;

/// <summary>
/// Retention and downsampling of time series (<c>Collector:Storage:Retention</c>): raw points are kept
/// <see cref="RawRetentionDays"/> days, 5-minute aggregates (count, sum, min, max, last; see <see cref="RollupBuckets"/>)
/// <see cref="RollupRetentionDays"/> days, filled every <see cref="Interval"/> by <see cref="RollupJob"/>.
/// A store constructed without these options keeps raw points for ever and reads only them.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = CollectorOptions.SectionName + ":Storage:Retention";

    /// <summary>Run the rollup and purge job, and let queries read the aggregates. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Days raw points are kept (1 to 36500). Default 30.</summary>
    public int RawRetentionDays { get; set; } = 30;

    /// <summary>Days 5-minute aggregates are kept (at least <see cref="RawRetentionDays"/>, at most 36500). Default 365.</summary>
    public int RollupRetentionDays { get; set; } = 365;

    /// <summary>Time between two runs of the rollup job (1 minute to 1 day). Default 5 minutes.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long after its end a 5-minute bucket is rolled up, so that points still on their way are in it (0 to 1 hour).
    /// Default 1 minute. Later points are still counted (see the stores' rollup documentation).
    /// </summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><see cref="RawRetentionDays"/> as a duration.</summary>
    public TimeSpan RawRetention => TimeSpan.FromDays(RawRetentionDays);

    /// <summary><see cref="RollupRetentionDays"/> as a duration.</summary>
    public TimeSpan RollupRetention => TimeSpan.FromDays(RollupRetentionDays);
}
