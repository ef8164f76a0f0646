using System.Globalization;
using Alpi.Collector.Alerting.Lifecycle;

namespace Alpi.Collector.Alerting.Notifications.Grouping;

/// <summary>
/// Grouping by labels, as Alertmanager's route does: notifications whose alerts share the values of
/// <see cref="GroupingOptions.By"/> go out together, per channel and recipient. The first notification of an idle
/// group waits <see cref="GroupingOptions.Wait"/> for others; once a group was sent, the next batch waits until
/// <see cref="GroupingOptions.Interval"/> after it. The outbox holds the batch, so a restart keeps it. Without
/// <c>By</c> every alert is its own group and goes out at once.
/// </summary>
public sealed class NotificationGrouping
{
    /// <summary>No grouping: every notification at once.</summary>
    public static NotificationGrouping None { get; } = new(new GroupingOptions());

    /// <summary>Creates the grouping from its options.</summary>
    public NotificationGrouping(GroupingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        By = options.By.Where(b => !string.IsNullOrWhiteSpace(b)).Distinct(StringComparer.Ordinal).ToArray();
        Wait = options.Wait;
        Interval = options.Interval;
    }

    /// <summary>The label names grouped by (<c>tenant</c>, <c>host</c>, <c>rule</c>, <c>severity</c> and <c>instance</c> are labels too).</summary>
    public IReadOnlyList<string> By { get; }

    /// <summary>How long the first notification of an idle group waits for others.</summary>
    public TimeSpan Wait { get; }

    /// <summary>How long after a group was sent its next batch waits.</summary>
    public TimeSpan Interval { get; }

    /// <summary>
    /// The group of an alert: <c>alert:ID</c> when not grouping, else <c>k1=v1,k2=v2</c> over <see cref="By"/> in order
    /// (a missing label is empty).
    /// </summary>
    public string KeyOf(AlertSnapshot alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (By.Count == 0)
        {
            return "alert:" + alert.Id.ToString(CultureInfo.InvariantCulture);
        }

        return string.Join(",", By.Select(name => name + "=" + LabelOf(alert, name)));
    }

    /// <summary>True when a key is a real group (not a single alert).</summary>
    public static bool IsGroup(string key) => !key.StartsWith("alert:", StringComparison.Ordinal);

    private static string LabelOf(AlertSnapshot alert, string name) => name switch
    {
        "tenant" => alert.Tenant,
        "host" => alert.Host,
        "rule" => alert.Rule,
        "instance" => alert.Instance,
        "severity" => History.AlertStore.Name(alert.Severity),
        _ => alert.Labels.GetValueOrDefault(name, ""),
    };
}

/// <summary>Grouping of notifications by labels (<c>Collector:Alerting:Grouping</c>).</summary>
public sealed class GroupingOptions
{
    /// <summary>Label names to group by; empty (default) sends each alert's notifications on their own, at once.</summary>
    public List<string> By { get; set; } = [];

    /// <summary>How long the first notification of an idle group waits for others. Default 30 s.</summary>
    public TimeSpan Wait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long after a group was sent its next batch waits. Default 5 min.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);
}
