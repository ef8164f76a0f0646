namespace Alpi.Collector.Scheduling;

/// <summary>
/// Several collectors as one (<c>Collector:Cluster</c>): Quartz.NET's clustered ADO.NET job store in the collector's
/// PostgreSQL schema, so that each scheduled job (the alert evaluation tick and its escalations, the storage jobs)
/// fires once per trigger across the collectors, and a job of a collector that stopped checking in is taken over by
/// another; the alert engine's steps are taken in turn across the collectors (see the README's "Collector state in
/// PostgreSQL and clustered jobs"). Needs <c>Collector:State:Provider=postgresql</c> and a shared time-series store.
/// </summary>
public sealed class ClusterOptions
{
    /// <summary>Take part in a cluster (default false: one collector, Quartz's in-memory store).</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// How often this collector records in the database that it is alive (Quartz's <c>CheckinInterval</c>). Default
    /// 10 s, from 1 s to 10 min. Shorter detects a dead collector sooner, at the price of more database writes.
    /// </summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long past a missed check-in the others wait before taking over a collector's jobs (Quartz's
    /// <c>CheckinMisfireThreshold</c>). Default 10 s, from 1 s to 10 min: above the longest pause a live collector may
    /// make (garbage collection, virtual machine migration, database fail-over), so that it is not declared dead while
    /// working. A dead collector's jobs are taken over within <see cref="CheckinInterval"/> plus this.
    /// </summary>
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// This collector's identifier in the cluster (Quartz's <c>InstanceId</c>), unique among the collectors; null (the
    /// default) for one Quartz generates at start from the machine name and the time. Letters, digits, <c>.</c>,
    /// <c>-</c> and <c>_</c>, at most 100 characters.
    /// </summary>
    public string? InstanceId { get; set; }
}
