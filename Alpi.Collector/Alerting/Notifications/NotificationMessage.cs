using Alpi.Collector.Alerting.History;
using Alpi.Collector.Alerting.Lifecycle;

namespace Alpi.Collector.Alerting.Notifications;

/// <summary>
/// What a channel delivers in one attempt: the notifications of one group (one, unless grouping by labels put
/// several together during the group wait), for one recipient.
/// </summary>
/// <param name="Items">The notifications, oldest first (at least one).</param>
/// <param name="Recipient">The channel-specific recipient (from a person's contacts), or null for the channel's configured destination.</param>
/// <param name="GroupKey">The group (<c>alert:7</c> when not grouped, else <c>tenant=t,rule=r</c>).</param>
public sealed record NotificationMessage(IReadOnlyList<AlertNotification> Items, string? Recipient, string GroupKey)
{
    /// <summary>A message of a single notification to the channel's configured destination.</summary>
    public static NotificationMessage Single(AlertNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return new([notification], null, "alert:" + notification.Alert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The first notification (the only one unless grouped).</summary>
    public AlertNotification First => Items[0];

    /// <summary>
    /// A one-line title: <c>FIRING critical cpu-high on t/h: summary</c> for one notification,
    /// <c>3 alerts: 2 firing, 1 resolved (tenant=t)</c> for a group.
    /// </summary>
    public string Title()
    {
        if (Items.Count == 1)
        {
            return NotificationText.Line(First);
        }

        var counts = Items.GroupBy(i => NotificationText.Verb(i.Event).ToLowerInvariant()).Select(g => $"{g.Count()} {g.Key}");
        return $"{Items.Count} alerts: {string.Join(", ", counts)}{(GroupKey.StartsWith("alert:", StringComparison.Ordinal) ? "" : $" ({GroupKey})")}";
    }
}

/// <summary>Plain-text renderings shared by the channels.</summary>
public static class NotificationText
{
    /// <summary>The upper-case verb of an event: FIRING, RESOLVED, ACKNOWLEDGED, ESCALATED, REMINDER, FLAPPING, FLAPPING STOPPED.</summary>
    public static string Verb(AlertEventKind kind) => kind switch
    {
        AlertEventKind.Firing => "FIRING",
        AlertEventKind.Resolved => "RESOLVED",
        AlertEventKind.Acknowledged => "ACKNOWLEDGED",
        AlertEventKind.Escalated => "ESCALATED",
        AlertEventKind.Reminder => "REMINDER",
        AlertEventKind.FlappingStarted => "FLAPPING",
        AlertEventKind.FlappingStopped => "FLAPPING STOPPED",
        _ => AlertStore.Name(kind).ToUpperInvariant(),
    };

    /// <summary>
    /// <c>FIRING critical cpu-high on tenant/host: summary</c> (the summary annotation, else the instance); a resolution
    /// because the data stopped reads <c>RESOLVED (no data since 2026-11-29 10:00:00Z, last value 72.5) …</c>, so that
    /// it is not taken for a recovery, in an SMS cut short too.
    /// </summary>
    public static string Line(AlertNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var alert = notification.Alert;
        var summary = alert.Annotations.TryGetValue("summary", out var s) ? s : alert.Instance;
        var verb = IsNoData(notification) ? $"RESOLVED (no data{Since(alert)}{(alert.Value is null ? "" : ", last value " + Rules.AlertTemplate.Format(alert.Value))})" : Verb(notification.Event);
        return $"{verb} {AlertStore.Name(alert.Severity)} {alert.Rule} on {alert.Tenant}/{alert.Host}{(summary.Length > 0 ? ": " + summary : "")}";
    }

    /// <summary>
    /// Why a resolution is not a recovery, in a sentence (<c>no data in the rule's window; last value 72.5 at
    /// 2026-11-29 10:00:00Z, not a recovery</c>, <c>its rule left the rule file</c>), or null for any other notification.
    /// </summary>
    public static string? Resolution(AlertNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.Event != AlertEventKind.Resolved)
        {
            return null;
        }

        var alert = notification.Alert;
        if (IsNoData(notification))
        {
            var last = alert.Value is null ? "" : "; last value " + Rules.AlertTemplate.Format(alert.Value)
                + (alert.LastDataAt is { } at ? " at " + at.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "");
            return $"no data in the rule's window{last}, not a recovery";
        }

        return alert.ResolvedReason == ResolvedReasons.RuleRemoved ? "its rule left the rule file, not a recovery" : null;
    }

    private static string Since(AlertSnapshot alert) =>
        alert.LastDataAt is { } at ? " since " + at.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "";

    private static bool IsNoData(AlertNotification notification) =>
        notification.Event == AlertEventKind.Resolved && notification.Alert.ResolvedReason == ResolvedReasons.NoData;
}
