using System.Text.Json;
using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Notifications;
using Alpi.Collector.Alerting.Notifications.Grouping;
using Microsoft.Data.Sqlite;

namespace Alpi.Collector.Alerting.History;

/// <summary>
/// The notification outbox of <c>alerts.db</c>: <c>alert_notifications</c> (one row per notification, channel and
/// recipient, with its group and due time) and <c>alert_groups</c> (when each group was last sent, for the group
/// interval). Grouping is a due time: a notification joins its group's waiting batch, and the dispatcher sends the
/// rows of one (channel, recipient, group) that are due together as one message.
/// </summary>
public sealed partial class AlertStore
{
    /// <summary>Queued notifications due at <paramref name="now"/>, oldest first.</summary>
    public async Task<IReadOnlyList<QueuedNotification>> DueNotificationsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, channel, payload_json, attempts, recipient, group_key FROM alert_notifications
            WHERE status = 'pending' AND next_attempt_ms <= $now ORDER BY id LIMIT $limit
            """;
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
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

    /// <summary>When the next pending notification is due, or null when none is pending.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(next_attempt_ms) FROM alert_notifications WHERE status = 'pending'";
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is long ms ? Time(ms) : null;
    }

    /// <summary>Notifications per status (<c>pending</c>, <c>delivered</c>, <c>failed</c>).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountNotificationsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
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
    /// Records the outcome of one attempt at delivering a batch (the rows sent together as one message): delivered
    /// or failed (final, with a history entry per alert; a delivered group remembers when, for its interval), or
    /// retryable (pending again at <paramref name="nextAttempt"/>).
    /// </summary>
    public async Task RecordAttemptAsync(IReadOnlyList<QueuedNotification> batch, NotifyResult result, DateTimeOffset now, DateTimeOffset? nextAttempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var final = nextAttempt is null;
            var delivered = result.Outcome == NotifyOutcome.Delivered;
            foreach (var queued in batch)
            {
                await using (var command = connection.CreateCommand())
                {
                    command.Transaction = transaction;
                    command.CommandText = """
                        UPDATE alert_notifications SET attempts = attempts + 1, status = $status, last_error = $error,
                            next_attempt_ms = $next, done_ms = $done WHERE id = $id
                        """;
                    command.Parameters.AddWithValue("$status", delivered ? "delivered" : final ? "failed" : "pending");
                    command.Parameters.AddWithValue("$error", (object?)result.Reason ?? DBNull.Value);
                    command.Parameters.AddWithValue("$next", (nextAttempt ?? now).ToUnixTimeMilliseconds());
                    command.Parameters.AddWithValue("$done", final ? now.ToUnixTimeMilliseconds() : DBNull.Value);
                    command.Parameters.AddWithValue("$id", queued.Id);
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
                    INSERT INTO alert_groups (channel, recipient, group_key, last_sent_ms) VALUES ($channel, $recipient, $key, $now)
                    ON CONFLICT (channel, recipient, group_key) DO UPDATE SET last_sent_ms = excluded.last_sent_ms
                    """;
                command.Parameters.AddWithValue("$channel", batch[0].Channel);
                command.Parameters.AddWithValue("$recipient", batch[0].Recipient ?? "");
                command.Parameters.AddWithValue("$key", batch[0].GroupKey);
                command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    private static async Task MigrateOutboxAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var columns = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM pragma_table_info('alert_notifications')";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                columns.Add(reader.GetString(0));
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = (columns.Contains("recipient") ? "" : """
                ALTER TABLE alert_notifications ADD COLUMN recipient TEXT NOT NULL DEFAULT '';
                ALTER TABLE alert_notifications ADD COLUMN group_key TEXT NOT NULL DEFAULT '';
                """) + """
                CREATE TABLE IF NOT EXISTS alert_groups (
                    channel TEXT NOT NULL, recipient TEXT NOT NULL, group_key TEXT NOT NULL, last_sent_ms INTEGER NOT NULL,
                    PRIMARY KEY (channel, recipient, group_key));
                CREATE TABLE IF NOT EXISTS alert_escalation (
                    alert_id INTEGER PRIMARY KEY, started_ms INTEGER, steps_done INTEGER NOT NULL, reminders INTEGER NOT NULL, next_reminder_ms INTEGER);
                CREATE TABLE IF NOT EXISTS alert_silences (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, definition_json TEXT NOT NULL, created_by TEXT NOT NULL,
                    created_ms INTEGER NOT NULL, ends_ms INTEGER);
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task QueueAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<AlertNotification> notifications,
        IAlertNotificationRouter router, NotificationGrouping grouping, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var notification in notifications)
        {
            var payload = JsonSerializer.Serialize(notification, AlertStoreJson.Default.AlertNotification);
            var key = grouping.KeyOf(notification.Alert);
            foreach (var target in router.Route(notification).Distinct())
            {
                var due = NotificationGrouping.IsGroup(key) ? await GroupDueAsync(connection, transaction, target, key, grouping, now, cancellationToken) : now;
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO alert_notifications (alert_id, channel, recipient, group_key, event, payload_json, created_ms, next_attempt_ms, status)
                    VALUES ($alert, $channel, $recipient, $key, $event, $payload, $now, $due, 'pending')
                    """;
                command.Parameters.AddWithValue("$alert", notification.Alert.Id);
                command.Parameters.AddWithValue("$channel", target.Channel);
                command.Parameters.AddWithValue("$recipient", target.Recipient ?? "");
                command.Parameters.AddWithValue("$key", key);
                command.Parameters.AddWithValue("$event", Name(notification.Event));
                command.Parameters.AddWithValue("$payload", payload);
                command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$due", due.ToUnixTimeMilliseconds());
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    /// <summary>
    /// When a new notification of a group is due: with the group's waiting batch if there is one; else at the end of
    /// the group interval after its last sending; else (an idle group) after the group wait.
    /// </summary>
    private static async Task<DateTimeOffset> GroupDueAsync(SqliteConnection connection, SqliteTransaction transaction, NotificationTarget target,
        string key, NotificationGrouping grouping, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                SELECT MIN(next_attempt_ms) FROM alert_notifications
                WHERE status = 'pending' AND attempts = 0 AND channel = $channel AND recipient = $recipient AND group_key = $key AND next_attempt_ms >= $now
                """;
            command.Parameters.AddWithValue("$channel", target.Channel);
            command.Parameters.AddWithValue("$recipient", target.Recipient ?? "");
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            if (await command.ExecuteScalarAsync(cancellationToken) is long waiting)
            {
                return Time(waiting);
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT last_sent_ms FROM alert_groups WHERE channel = $channel AND recipient = $recipient AND group_key = $key";
            command.Parameters.AddWithValue("$channel", target.Channel);
            command.Parameters.AddWithValue("$recipient", target.Recipient ?? "");
            command.Parameters.AddWithValue("$key", key);
            if (await command.ExecuteScalarAsync(cancellationToken) is long last && Time(last) + grouping.Interval > now)
            {
                var next = Time(last) + grouping.Interval;
                return next;
            }
        }

        return now + grouping.Wait;
    }
}
