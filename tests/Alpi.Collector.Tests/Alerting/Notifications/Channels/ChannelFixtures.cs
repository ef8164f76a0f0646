using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Notifications;
using Alpi.Collector.Alerting.Rules;

namespace Alpi.Collector.Tests.Alerting.Notifications.Channels;

/// <summary>Alerts and messages for channel tests.</summary>
internal static class ChannelFixtures
{
    public static readonly DateTimeOffset At = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    public static AlertSnapshot Alert(long id = 7, string host = "srv1", AlertState state = AlertState.Firing, Severity severity = Severity.Critical) => new(
        id, $"cpu-high|t|{host}|cpu=cpu-total", "cpu-high", "threshold", "t", host, "cpu=cpu-total", state, severity, 95, 90,
        new Dictionary<string, string> { ["team"] = "infra" }, new Dictionary<string, string> { ["summary"] = $"CPU 95 % on {host}" },
        At, At, state == AlertState.Resolved ? At : null, At, null, null, null, false, null, false, true);

    public static NotificationMessage Message(AlertEventKind kind = AlertEventKind.Firing, string? recipient = null) =>
        new([new AlertNotification(kind, Alert(), At)], recipient, "alert:7");

    public static NotificationMessage Group() => new(
        [new AlertNotification(AlertEventKind.Firing, Alert(1, "srv1"), At), new AlertNotification(AlertEventKind.Firing, Alert(2, "srv2"), At),
         new AlertNotification(AlertEventKind.Resolved, Alert(3, "srv3", AlertState.Resolved), At)], null, "tenant=t");
}
