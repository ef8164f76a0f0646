using System.Data.Common;
using Alpi.Collector.Alerting.History;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Alerting.Notifications;

/// <summary>
/// Delivers the outbox of the <see cref="AlertStore"/>: the due rows of one (channel, recipient, group) go to the
/// channel's <see cref="IAlertNotifier"/> as one <see cref="NotificationMessage"/>; delivered and failed are final (recorded in the alert's history; but a given-up notification of an alert
/// still firing unacknowledged is queued again at the next start and every <see cref="NotificationDeliveryOptions.MaxBackoff"/>,
/// one attempt a round, so that a mended channel still pages), retryable is tried
/// again after a back-off (<see cref="NotificationDeliveryOptions.InitialBackoff"/> doubling up to
/// <see cref="NotificationDeliveryOptions.MaxBackoff"/>, at most <see cref="NotificationDeliveryOptions.MaxAttempts"/>).
/// Channels run side by side, so a slow or failing one never delays another; the evaluation only writes the outbox
/// and calls <see cref="Signal"/>, so delivery never delays it. After a restart, what was queued and not delivered is
/// delivered; what was delivered is not sent again. Every collector of a cluster runs one: each sends only the rows it
/// claimed (<see cref="AlertStore.ClaimAsync"/>), so a notification is sent once; a collector's own step wakes its
/// dispatcher, the others look every 5 seconds.
/// </summary>
public sealed partial class NotificationDispatcher(
    AlertStore store,
    IEnumerable<IAlertNotifier> notifiers,
    IOptions<CollectorOptions> options,
    TimeProvider timeProvider,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    /// <summary>How much longer than one attempt's time-out a claim on outbox rows lasts.</summary>
    private static readonly TimeSpan ClaimMargin = TimeSpan.FromSeconds(30);

    /// <summary>How often notifications given up are looked at again (<see cref="AlertStore.RequeueGivenUpAsync"/>).</summary>
    private static readonly TimeSpan RequeueEvery = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private readonly Dictionary<string, IAlertNotifier> _notifiers = notifiers.ToDictionary(n => n.Name, StringComparer.Ordinal);
    private long _delivered;
    private long _failed;
    private long _retries;
    private long _requeued;
    private DateTimeOffset? _requeuedAt;

    /// <summary>Notifications delivered since start.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Notifications given up (failed, or retries exhausted) since start.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Retryable attempts since start.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Wakes the dispatcher: something was queued.</summary>
    public void Signal() => _signal.Release();

    /// <summary>Notifications given up and queued again because their alert still fires, since start.</summary>
    public long Requeued => Interlocked.Read(ref _requeued);

    /// <summary>
    /// Delivers what is due now, all channels side by side; returns when every attempt of this round is recorded.
    /// First queues again the notifications given up of alerts still firing (<see cref="AlertStore.RequeueGivenUpAsync"/>):
    /// at the first round after start all of them, then, looked at every minute, those given up
    /// <see cref="NotificationDeliveryOptions.MaxBackoff"/> ago or more.
    /// </summary>
    public async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (_requeuedAt is not { } last || now - last >= RequeueEvery)
        {
            var count = await store.RequeueGivenUpAsync(_requeuedAt is null ? now : now - options.Value.Alerting.Delivery.MaxBackoff, now, cancellationToken);
            _requeuedAt = now;
            if (count > 0)
            {
                Interlocked.Add(ref _requeued, count);
                Log.Requeued(logger, count);
            }
        }

        var due = await store.DueNotificationsAsync(now, 200, cancellationToken);
        await Task.WhenAll(due.GroupBy(q => q.Channel).Select(channel => DeliverChannelAsync(channel.Key,
            channel.GroupBy(q => (q.Recipient, q.GroupKey)).Select(batch => batch.ToList()).ToList(), cancellationToken)));
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var waitCap = TimeSpan.FromSeconds(5);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = waitCap;
            try
            {
                await DeliverDueAsync(stoppingToken);
                if (await store.NextDueAsync(stoppingToken) is { } next)
                {
                    var until = next - timeProvider.GetUtcNow();
                    wait = until < TimeSpan.Zero ? TimeSpan.Zero : until < waitCap ? until : waitCap;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (DbException e)
            {
                Log.StoreFailed(logger, e.Message);
            }

            try
            {
                await _signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }

    private async Task DeliverChannelAsync(string channel, List<List<QueuedNotification>> batches, CancellationToken cancellationToken)
    {
        var delivery = options.Value.Alerting.Delivery;
        foreach (var due in batches)
        {
            // Collectors sharing one database: send only what this dispatcher claimed, for one attempt and a margin.
            var claimedAt = timeProvider.GetUtcNow();
            var batch = await store.ClaimAsync(due, claimedAt, claimedAt + delivery.AttemptTimeout + ClaimMargin, cancellationToken);
            if (batch.Count == 0)
            {
                continue;
            }

            var first = batch[0];
            var attempts = batch.Max(q => q.Attempts);
            var message = new NotificationMessage(batch.Select(q => q.Notification).ToList(), first.Recipient, first.GroupKey);
            NotifyResult result;
            if (!_notifiers.TryGetValue(channel, out var notifier))
            {
                result = NotifyResult.Fail($"no channel named {channel} is configured");
            }
            else
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(delivery.AttemptTimeout);
                try
                {
                    result = await notifier.NotifyAsync(message, timeout.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    result = NotifyResult.Retry($"no answer within {delivery.AttemptTimeout.TotalSeconds} s");
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A channel's bug must not stop the others: log it whole, and try again later.
                    Log.ChannelThrew(logger, channel, e.ToString());
                    result = NotifyResult.Retry(e.Message);
                }
            }

            var now = timeProvider.GetUtcNow();
            DateTimeOffset? next = null;
            var alertId = first.Notification.Alert.Id;
            if (result.Outcome == NotifyOutcome.Retryable && attempts + 1 < delivery.MaxAttempts)
            {
                var backoff = TimeSpan.FromTicks(Math.Min(delivery.MaxBackoff.Ticks, delivery.InitialBackoff.Ticks * (1L << Math.Min(attempts, 30))));
                next = now + backoff;
                Interlocked.Increment(ref _retries);
                Log.Retrying(logger, channel, alertId, attempts + 1, result.Reason ?? "", backoff.TotalSeconds);
            }
            else if (result.Outcome == NotifyOutcome.Delivered)
            {
                Interlocked.Add(ref _delivered, batch.Count);
                Log.Sent(logger, channel, first.Notification.Event, alertId, batch.Count);
            }
            else
            {
                Interlocked.Add(ref _failed, batch.Count);
                Log.GaveUp(logger, channel, alertId, attempts + 1, result.Reason ?? "");
            }

            await store.RecordAttemptAsync(batch, result, now, next, CancellationToken.None);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Notification {Event} of alert {AlertId} sent by {Channel} ({Count} in the message)")]
        public static partial void Sent(ILogger logger, string channel, Lifecycle.AlertEventKind @event, long alertId, int count);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Channel {Channel}: alert {AlertId}, attempt {Attempt} failed ({Reason}); retrying in {DelaySeconds} s")]
        public static partial void Retrying(ILogger logger, string channel, long alertId, int attempt, string reason, double delaySeconds);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Channel {Channel}: notification of alert {AlertId} given up after {Attempts} attempt(s): {Reason}")]
        public static partial void GaveUp(ILogger logger, string channel, long alertId, int attempts, string reason);

        [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Channel {Channel} threw; treated as retryable: {Exception}")]
        public static partial void ChannelThrew(ILogger logger, string channel, string exception);

        [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "{Count} notification(s) given up earlier queued again: their alert still fires unacknowledged")]
        public static partial void Requeued(ILogger logger, int count);

        [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Notification outbox unreadable, retried shortly: {Reason}")]
        public static partial void StoreFailed(ILogger logger, string reason);
    }
}

/// <summary>The default <see cref="IAlertNotificationRouter"/>: every notification to every registered channel.</summary>
public sealed class AllChannelsRouter(IEnumerable<IAlertNotifier> notifiers) : IAlertNotificationRouter
{
    private readonly NotificationTarget[] _targets = notifiers.Select(n => new NotificationTarget(n.Name)).ToArray();

    /// <inheritdoc />
    public IReadOnlyList<NotificationTarget> Route(Lifecycle.AlertNotification notification) => _targets;
}
