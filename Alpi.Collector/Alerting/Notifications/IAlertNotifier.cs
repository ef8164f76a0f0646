using Alpi.Collector.Alerting.Lifecycle;

namespace Alpi.Collector.Alerting.Notifications;

/// <summary>
/// A notification channel (e-mail, webhook, SMS, MQTT…). The <c>NotificationDispatcher</c> calls it from its own
/// loop, never from the evaluation, with retries and back-off on <see cref="NotifyOutcome.Retryable"/>; a failing
/// channel never delays another. Implementations classify failures instead of throwing: an exception is treated as
/// retryable, logged with its stack trace.
/// </summary>
public interface IAlertNotifier
{
    /// <summary>Unique channel name (<c>email</c>), stored with each queued notification.</summary>
    string Name { get; }

    /// <summary>Delivers one message: one notification, or several of one group (see <see cref="NotificationMessage"/>).</summary>
    /// <param name="message">The transitions (firing, resolved, acknowledged, escalated, reminder…), the alerts, and the recipient.</param>
    /// <param name="cancellationToken">Cancelled at the attempt timeout or at shutdown.</param>
    /// <returns>Delivered, retryable (try again later) or failed (give up), with a reason.</returns>
    ValueTask<NotifyResult> NotifyAsync(NotificationMessage message, CancellationToken cancellationToken);
}

/// <summary>The outcome of one delivery attempt.</summary>
public enum NotifyOutcome
{
    /// <summary>Accepted by the other side (the SMTP server took the message).</summary>
    Delivered,

    /// <summary>A transient failure (server unreachable, 4xx): try again after a back-off.</summary>
    Retryable,

    /// <summary>A permanent failure (5xx, bad address, authentication refused): give up.</summary>
    Failed,
}

/// <summary>The outcome of a delivery attempt and, unless delivered, why.</summary>
/// <param name="Outcome">Delivered, retryable or failed.</param>
/// <param name="Reason">The error, or null when delivered.</param>
public readonly record struct NotifyResult(NotifyOutcome Outcome, string? Reason)
{
    /// <summary>Delivered.</summary>
    public static NotifyResult Delivered { get; } = new(NotifyOutcome.Delivered, null);

    /// <summary>A transient failure.</summary>
    public static NotifyResult Retry(string reason) => new(NotifyOutcome.Retryable, reason);

    /// <summary>A permanent failure.</summary>
    public static NotifyResult Fail(string reason) => new(NotifyOutcome.Failed, reason);
}
