using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Notifications;
using Alpi.Collector.Alerting.Notifications.Grouping;
using Alpi.Collector.Relational;

namespace Alpi.Collector.Alerting.History;

/// <summary>
/// The notification outbox of the alerts database: <c>alert_notifications</c> (one row per notification, channel and
/// recipient, with its group and due time) and <c>alert_groups</c> (when each group was last sent, for the group
/// interval). Grouping is a due time: a notification joins its group's waiting batch, and the dispatcher sends the
/// rows of one (channel, recipient, group) that are due together as one message. Collectors sharing one database
/// deliver a row once: a dispatcher claims the rows of a message (<see cref="ClaimAsync"/>) before it sends it.
/// </summary>
public sealed partial class AlertStore
{
    /// <summary>Queued notifications due at <paramref name="now"/>, oldest first, but those a dispatcher has claimed and is still delivering.</summary>
    /// <exception cref="DbException">The database cannot be reached.</exception>
    public async Task<IReadOnlyList<QueuedNotification>> DueNotificationsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, channel, payload_json, attempts, recipient, group_key FROM alert_notifications
            WHERE status = 'pending' AND next_attempt_ms <= @now
                AND (claimed_until_ms IS NULL OR claimed_until_ms <= @now)
            ORDER BY id LIMIT @limit
            """;
        command.AddParameter("@now", now.ToUnixTimeMilliseconds());
        command.AddParameter("@limit", limit);
        var result = new List<QueuedNotification>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var notification = JsonSerializer.Deserialize(reader.GetString(2), AlertStoreJson.Default.AlertNotification)!;
            var recipient = reader.GetString(4);
            result.Add(new QueuedNotification(reader.GetInt64(0), reader.GetString(1), notification, reader.GetInt32(3),
                recipient.Length == 0 ? null : recipient, reader.GetString(5)));
        }

        return result;
    }

    /// <summary>
    /// Claims for this store's dispatcher, until <paramref name="until"/>, the rows of <paramref name="batch"/> still
    /// pending and not under a claim that runs at <paramref name="now"/> (another dispatcher's, or another round of this
    /// one): only those are to be sent. A dispatcher that dies while sending leaves its claim to run out, and the rows are sent again by another
    /// (at least once, as after a crash of a single collector).
    /// </summary>
    /// <returns>The rows claimed, in the order given.</returns>
    /// <exception cref="DbException">The database cannot be reached or written.</exception>
    public async Task<IReadOnlyList<QueuedNotification>> ClaimAsync(IReadOnlyList<QueuedNotification> batch, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return [];
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var ids = new List<string>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            ids.Add(string.Create(CultureInfo.InvariantCulture, $"@id{i}"));
            command.AddParameter(ids[i], batch[i].Id);
        }

#pragma warning disable CA2100 // parameter names only; values are parameters
        command.CommandText = $"""
            UPDATE alert_notifications SET claimed_by = @node, claimed_until_ms = @until
            WHERE id IN ({string.Join(", ", ids)}) AND status = 'pending'
                AND (claimed_until_ms IS NULL OR claimed_until_ms <= @now)
            RETURNING id
            """;
#pragma warning restore CA2100
        command.AddParameter("@node", _node);
        command.AddParameter("@now", now.ToUnixTimeMilliseconds());
        command.AddParameter("@until", until.ToUnixTimeMilliseconds());
        var claimed = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(reader.GetInt64(0));
        }

        return batch.Where(q => claimed.Contains(q.Id)).ToList();
    }

    /// <summary>When the next pending notification is due (or the claim on it runs out), or null when none is pending.</summary>
    /// <exception cref="DbException">The database cannot be reached.</exception>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // a constant fragment of the dialect
        command.CommandText = $"""
            SELECT MIN({_database.Dialect.Greatest("next_attempt_ms", "COALESCE(claimed_until_ms, 0)")})
            FROM alert_notifications WHERE status = 'pending'
            """;
#pragma warning restore CA2100
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is long ms ? Time(ms) : null;
    }

    /// <summary>Notifications per status (<c>pending</c>, <c>delivered</c>, <c>failed</c>).</summary>
    /// <exception cref="DbException">The database cannot be reached.</exception>
    public async Task<IReadOnlyDictionary<string, long>> CountNotificationsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, COUNT(*) FROM alert_notifications GROUP BY status";
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }

        return result;
    }

    /// <summary>
    /// Queues again, due at <paramref name="now"/>, the notifications given up (<c>failed</c>) at or before
    /// <paramref name="givenUpBy"/> whose alert still fires unacknowledged: a firing, escalation step or reminder that
    /// is the latest row of its alert for its channel and recipient (a later notification, sent or waiting, says more).
    /// Their attempts keep counting, so each round is one attempt: a channel mended (a setting fixed and the collector
    /// restarted, a server back) reaches whoever was not paged.
    /// </summary>
    /// <returns>How many rows were queued again.</returns>
    /// <exception cref="DbException">The database cannot be reached or written.</exception>
    public async Task<int> RequeueGivenUpAsync(DateTimeOffset givenUpBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE alert_notifications SET status = 'pending', next_attempt_ms = @now, done_ms = NULL, claimed_by = NULL, claimed_until_ms = NULL
                WHERE status = 'failed' AND done_ms <= @by AND event IN ('firing', 'escalated', 'reminder')
                    AND alert_id IN (SELECT id FROM alerts WHERE state = 'firing' AND ack_by IS NULL)
                    AND NOT EXISTS (SELECT 1 FROM alert_notifications later WHERE later.alert_id = alert_notifications.alert_id
                        AND later.channel = alert_notifications.channel AND later.recipient = alert_notifications.recipient AND later.id > alert_notifications.id)
                """;
            command.AddParameter("@now", now.ToUnixTimeMilliseconds());
            command.AddParameter("@by", givenUpBy.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Records the outcome of one attempt at delivering a batch (the rows sent together as one message): delivered
    /// or failed (final, with a history entry per alert; a delivered group remembers when, for its interval), or
    /// retryable (pending again at <paramref name="nextAttempt"/>). Releases the rows' claim.
    /// </summary>
    /// <exception cref="DbException">The database cannot be reached or written.</exception>
    public async Task RecordAttemptAsync(IReadOnlyList<QueuedNotification> batch, NotifyResult result, DateTimeOffset now, DateTimeOffset? nextAttempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var final = nextAttempt is null;
            var delivered = result.Outcome == NotifyOutcome.Delivered;
            foreach (var queued in batch)
            {
                await using (var command = connection.CreateCommand())
                {
                    command.Transaction = transaction;
                    command.CommandText = """
                        UPDATE alert_notifications SET attempts = attempts + 1, status = @status, last_error = @error,
                            next_attempt_ms = @next, done_ms = @done, claimed_by = NULL, claimed_until_ms = NULL WHERE id = @id
                        """;
                    command.AddParameter("@status", delivered ? "delivered" : final ? "failed" : "pending");
                    command.AddParameter("@error", result.Reason);
                    command.AddParameter("@next", (nextAttempt ?? now).ToUnixTimeMilliseconds());
                    command.AddParameter("@done", final ? now.ToUnixTimeMilliseconds() : null);
                    command.AddParameter("@id", queued.Id);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                if (final)
                {
                    var alert = queued.Notification.Alert;
                    var channel = queued.Recipient is null ? queued.Channel : $"{queued.Channel} to {queued.Recipient}";
                    var detail = delivered
                        ? $"{Name(queued.Notification.Event)} sent by {channel}"
                        : $"{Name(queued.Notification.Event)} not sent by {channel} after {queued.Attempts + 1} attempt(s): {result.Reason}";
                    await InsertHistoryAsync(connection, transaction, new AlertHistoryEntry(alert.Id, now,
                        delivered ? AlertEventKind.Notified : AlertEventKind.NotificationFailed, alert.State, alert.Severity, alert.Value, detail), cancellationToken);
                }
            }

            if (delivered && batch.Count > 0 && NotificationGrouping.IsGroup(batch[0].GroupKey))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO alert_groups (channel, recipient, group_key, last_sent_ms) VALUES (@channel, @recipient, @key, @now)
                    ON CONFLICT (channel, recipient, group_key) DO UPDATE SET last_sent_ms = excluded.last_sent_ms
                    """;
                command.AddParameter("@channel", batch[0].Channel);
                command.AddParameter("@recipient", batch[0].Recipient ?? "");
                command.AddParameter("@key", batch[0].GroupKey);
                command.AddParameter("@now", now.ToUnixTimeMilliseconds());
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    private static async Task QueueAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AlertNotification> notifications,
        IAlertNotificationRouter router, NotificationGrouping grouping, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var notification in notifications)
        {
            var payload = JsonSerializer.Serialize(notification, AlertStoreJson.Default.AlertNotification);
            var key = grouping.KeyOf(notification.Alert);
            foreach (var target in router.Route(notification).Distinct())
            {
                if (notification.Event == AlertEventKind.Resolved && !await FiringReachedAsync(connection, transaction, notification.Alert.Id, target, cancellationToken))
                {
                    var alert = notification.Alert;
                    var channel = target.Recipient is null ? target.Channel : $"{target.Channel} to {target.Recipient}";
                    await InsertHistoryAsync(connection, transaction, new AlertHistoryEntry(alert.Id, now, AlertEventKind.Resolved, alert.State, alert.Severity, alert.Value,
                        $"not notified to {channel}: its firing was not delivered there"), cancellationToken);
                    continue;
                }

                var due = NotificationGrouping.IsGroup(key) ? await GroupDueAsync(connection, transaction, target, key, grouping, now, cancellationToken) : now;
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO alert_notifications (alert_id, channel, recipient, group_key, event, payload_json, created_ms, next_attempt_ms, status)
                    VALUES (@alert, @channel, @recipient, @key, @event, @payload, @now, @due, 'pending')
                    """;
                command.AddParameter("@alert", notification.Alert.Id);
                command.AddParameter("@channel", target.Channel);
                command.AddParameter("@recipient", target.Recipient ?? "");
                command.AddParameter("@key", key);
                command.AddParameter("@event", Name(notification.Event));
                command.AddParameter("@payload", payload);
                command.AddParameter("@now", now.ToUnixTimeMilliseconds());
                command.AddParameter("@due", due.ToUnixTimeMilliseconds());
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    /// <summary>
    /// Whether the firing of an alert (its firing, an escalation step or a reminder) was delivered to
    /// <paramref name="target"/>, or is still to be: a resolution goes only there, as Alertmanager sends a resolution
    /// only to the receivers that got the firing.
    /// </summary>
    private static async Task<bool> FiringReachedAsync(DbConnection connection, DbTransaction transaction, long alertId, NotificationTarget target, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT COUNT(*) FROM alert_notifications
            WHERE alert_id = @alert AND channel = @channel AND recipient = @recipient
                AND event IN ('firing', 'escalated', 'reminder') AND status IN ('delivered', 'pending')
            """;
        command.AddParameter("@alert", alertId);
        command.AddParameter("@channel", target.Channel);
        command.AddParameter("@recipient", target.Recipient ?? "");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>
    /// When a new notification of a group is due: with the group's waiting batch if there is one; else at the end of
    /// the group interval after its last sending; else (an idle group) after the group wait.
    /// </summary>
    private static async Task<DateTimeOffset> GroupDueAsync(DbConnection connection, DbTransaction transaction, NotificationTarget target,
        string key, NotificationGrouping grouping, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                SELECT MIN(next_attempt_ms) FROM alert_notifications
                WHERE status = 'pending' AND attempts = 0 AND channel = @channel AND recipient = @recipient AND group_key = @key AND next_attempt_ms >= @now
                """;
            command.AddParameter("@channel", target.Channel);
            command.AddParameter("@recipient", target.Recipient ?? "");
            command.AddParameter("@key", key);
            command.AddParameter("@now", now.ToUnixTimeMilliseconds());
            if (await command.ExecuteScalarAsync(cancellationToken) is long waiting)
            {
                return Time(waiting);
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT last_sent_ms FROM alert_groups WHERE channel = @channel AND recipient = @recipient AND group_key = @key";
            command.AddParameter("@channel", target.Channel);
            command.AddParameter("@recipient", target.Recipient ?? "");
            command.AddParameter("@key", key);
            if (await command.ExecuteScalarAsync(cancellationToken) is long last && Time(last) + grouping.Interval > now)
            {
                return Time(last) + grouping.Interval;
            }
        }

        return now + grouping.Wait;
    }
}
