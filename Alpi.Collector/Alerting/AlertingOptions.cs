using Alpi.Collector.Alerting.Notifications.Channels.Mqtt;
using Alpi.Collector.Alerting.Notifications.Channels.Sms;
using Alpi.Collector.Alerting.Notifications.Channels.Webhook;
using Alpi.Collector.Alerting.Notifications.Email;
using Alpi.Collector.Alerting.Notifications.Grouping;

namespace Alpi.Collector.Alerting;

/// <summary>
/// Configuration of the alert engine, bound from <c>Collector:Alerting</c> (see the README's "Alerting" section).
/// The rules themselves live in <see cref="RulesFile"/>, reloaded on change.
/// </summary>
public sealed class AlertingOptions
{
    /// <summary>Run the alert engine (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The YAML rule file. A relative path is looked up in the current directory first, then beside the collector's
    /// binary (where the sample <c>alert-rules.yaml</c> ships). Default <c>alert-rules.yaml</c>.
    /// </summary>
    public string RulesFile { get; set; } = "alert-rules.yaml";

    /// <summary>
    /// The on-call file (people, schedules, escalation policies, reminders, maintenance windows); relative to the rule
    /// file's folder. Default <c>oncall.yaml</c>; a missing file means none of them.
    /// </summary>
    public string OnCallFile { get; set; } = "oncall.yaml";

    /// <summary>Interval of the evaluation tick over the store (a Quartz.NET job). Default 5 s, at least 100 ms.</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Also evaluate threshold rules at once for a host when its points are stored (the ingest hook), instead of
    /// waiting for the next tick. Default true.
    /// </summary>
    public bool EvaluateOnIngest { get; set; } = true;

    /// <summary>Flap detection (Nagios' percent state change).</summary>
    public FlapDetectionOptions Flapping { get; set; } = new();

    /// <summary>Delivery of notifications: retries and back-off, shared by every channel.</summary>
    public NotificationDeliveryOptions Delivery { get; set; } = new();

    /// <summary>The e-mail channel; enabled when <see cref="EmailOptions.Host"/> is set.</summary>
    public EmailOptions Email { get; set; } = new();

    /// <summary>Webhook channels by name (the channel's name): URL, format (json, slack, mattermost, teams), headers.</summary>
    public Dictionary<string, WebhookOptions> Webhooks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The SMS channel through an HTTP gateway; enabled when <see cref="SmsOptions.Url"/> is set.</summary>
    public SmsOptions Sms { get; set; } = new();

    /// <summary>The MQTT channel: transitions published as JSON through the collector's broker.</summary>
    public MqttChannelOptions Mqtt { get; set; } = new();

    /// <summary>Grouping of notifications by labels (group wait, group interval); off unless <c>By</c> lists labels.</summary>
    public GroupingOptions Grouping { get; set; } = new();
}

/// <summary>
/// Flap detection as Nagios does it: the weighted percentage of state changes over the last
/// <see cref="Samples"/> evaluations of an alert's condition; flapping starts above <see cref="HighPercent"/>
/// and stops below <see cref="LowPercent"/>. Source: Nagios Core 4 documentation, "Detection and Handling of State Flapping".
/// </summary>
public sealed class FlapDetectionOptions
{
    /// <summary>Turn flap detection on (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Evaluations kept per alert, 3 to 64. Default 21 (Nagios).</summary>
    public int Samples { get; set; } = 21;

    /// <summary>Percent state change at or above which an alert starts flapping. Default 50.</summary>
    public double HighPercent { get; set; } = 50;

    /// <summary>Percent state change below which a flapping alert settles. Default 25.</summary>
    public double LowPercent { get; set; } = 25;
}

/// <summary>Retries of a notification a channel reported as retryable.</summary>
public sealed class NotificationDeliveryOptions
{
    /// <summary>Attempts per notification and channel before it is given up as failed. Default 8.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Delay before the first retry, doubled at each further one. Default 1 s.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between two attempts. Default 5 min.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest a single attempt may take before it counts as retryable. Default 30 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
