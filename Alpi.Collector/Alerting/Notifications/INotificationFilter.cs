using Alpi.Collector.Alerting.Lifecycle;

namespace Alpi.Collector.Alerting.Notifications;

/// <summary>
/// A stage that may hold a notification back before it is queued: the seam for maintenance windows and silences
/// (Alertmanager's first pipeline stages). The engine already holds back notifications of flapping and
/// dependency-suppressed alerts; registered filters are asked after that, in registration order. A held-back
/// transition is still recorded in the alert's history, with the filter's reason.
/// </summary>
public interface INotificationFilter
{
    /// <summary>Decides whether <paramref name="notification"/> may be sent. Called under the engine's lock: be quick, never block.</summary>
    /// <param name="notification">The transition and the alert right after it.</param>
    /// <param name="reason">Why it is held back (<c>maintenance "nightly backup"</c>), when the result is false.</param>
    /// <returns>True to send.</returns>
    bool Allows(AlertNotification notification, out string? reason);
}

/// <summary>
/// Chooses the channels and recipients of a notification: the seam for routing, escalation policies and on-call
/// schedules. The default sends every notification to every registered <see cref="IAlertNotifier"/>, to the
/// channel's configured destination. Called while the notification is queued (in the store's transaction): be quick.
/// </summary>
public interface IAlertNotificationRouter
{
    /// <summary>Where to deliver <paramref name="notification"/> (possibly nowhere); duplicates are ignored.</summary>
    IReadOnlyList<NotificationTarget> Route(AlertNotification notification);
}

/// <summary>One destination of a notification: a channel and, optionally, a recipient on it.</summary>
/// <param name="Channel">The <see cref="IAlertNotifier.Name"/> (<c>email</c>, <c>sms</c>, a webhook's name, <c>mqtt</c>).</param>
/// <param name="Recipient">
/// The channel-specific address (an e-mail address, a phone number, a chat user or channel), from a person's
/// contacts; null for the channel's configured destination (<c>Email:To</c>, the webhook's URL).
/// </param>
public sealed record NotificationTarget(string Channel, string? Recipient = null);
