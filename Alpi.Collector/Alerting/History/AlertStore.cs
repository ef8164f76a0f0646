using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Notifications;
using Alpi.Collector.Alerting.Notifications.Grouping;
using Alpi.Collector.Alerting.Rules;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Alerting.History;

/// <summary>
/// Durable alert state: <c>&lt;DataDirectory&gt;/alerts.db</c> (SQLite, WAL; its own file so that evaluation never waits
/// on trap or inventory writes). Tables: <c>alerts</c> (one row per alert, its current state), <c>alert_history</c>
/// (every transition, acknowledgement and delivery), <c>alert_flap</c> (flap histories) and
/// <c>alert_notifications</c>, the outbox: a notification is queued in the same transaction as the transition that
/// causes it, then delivered by the <see cref="NotificationDispatcher"/>. So a restart neither loses a recovery
/// notice nor sends again what was delivered.
/// </summary>
public sealed partial class AlertStore : IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Creates the store over <c>alerts.db</c> in the configured data directory.</summary>
    public AlertStore(IOptions<CollectorOptions> options)
        : this(Path.Combine(options?.Value.DataDirectoryFullPath ?? throw new ArgumentNullException(nameof(options)), "alerts.db"))
    {
    }

    /// <summary>Creates the store over an explicit database file.</summary>
    public AlertStore(string path)
    {
        DatabasePath = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Creates the schema if needed.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS alerts (
                id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL, rule TEXT NOT NULL, kind TEXT NOT NULL,
                tenant TEXT NOT NULL, host TEXT NOT NULL, instance TEXT NOT NULL, state TEXT NOT NULL, severity TEXT NOT NULL,
                value REAL, threshold REAL, labels_json TEXT NOT NULL, annotations_json TEXT NOT NULL,
                active_since_ms INTEGER NOT NULL, fired_at_ms INTEGER, resolved_at_ms INTEGER, updated_at_ms INTEGER NOT NULL,
                ack_by TEXT, ack_at_ms INTEGER, ack_comment TEXT, ack_sticky INTEGER NOT NULL DEFAULT 0,
                suppressed_by TEXT, flapping INTEGER NOT NULL DEFAULT 0, notified_firing INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX IF NOT EXISTS alerts_state ON alerts (state);
            CREATE INDEX IF NOT EXISTS alerts_host ON alerts (tenant, host);
            CREATE TABLE IF NOT EXISTS alert_history (
                id INTEGER PRIMARY KEY AUTOINCREMENT, alert_id INTEGER NOT NULL, at_ms INTEGER NOT NULL, event TEXT NOT NULL,
                state TEXT NOT NULL, severity TEXT NOT NULL, value REAL, detail TEXT);
            CREATE INDEX IF NOT EXISTS alert_history_alert ON alert_history (alert_id, id);
            CREATE TABLE IF NOT EXISTS alert_flap (fingerprint TEXT PRIMARY KEY, bits INTEGER NOT NULL, count INTEGER NOT NULL, flapping INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS alert_notifications (
                id INTEGER PRIMARY KEY AUTOINCREMENT, alert_id INTEGER NOT NULL, channel TEXT NOT NULL, event TEXT NOT NULL,
                payload_json TEXT NOT NULL, created_ms INTEGER NOT NULL, next_attempt_ms INTEGER NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL, last_error TEXT, done_ms INTEGER);
            CREATE INDEX IF NOT EXISTS alert_notifications_due ON alert_notifications (status, next_attempt_ms);
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
        await MigrateOutboxAsync(connection, cancellationToken);
    }

    /// <summary>The unresolved alerts, the flap histories and the next alert identifier.</summary>
    public async Task<(IReadOnlyList<AlertSnapshot> Open, IReadOnlyList<KeyValuePair<string, FlapHistory>> Flaps, long NextId)> LoadAsync(CancellationToken cancellationToken)
    {
        var open = await QueryAsync(new AlertQuery(OpenOnly: true, Limit: int.MaxValue), cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        var flaps = new List<KeyValuePair<string, FlapHistory>>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT fingerprint, bits, count, flapping FROM alert_flap";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                flaps.Add(new(reader.GetString(0), new FlapHistory(unchecked((ulong)reader.GetInt64(1)), reader.GetInt32(2), reader.GetInt64(3) != 0)));
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT COALESCE(MAX(id), 0) + 1 FROM alerts";
            var next = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            return (open, flaps, next);
        }
    }

    /// <summary>
    /// Persists one engine step in one transaction: alert rows, history, flap histories, escalation progress, and one
    /// outbox row per notification and target chosen by <paramref name="router"/>, due when its group is
    /// (<paramref name="grouping"/>; null: at once).
    /// </summary>
    public async Task SaveAsync(AlertChanges changes, IAlertNotificationRouter router, DateTimeOffset now, CancellationToken cancellationToken, NotificationGrouping? grouping = null)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(router);
        grouping ??= NotificationGrouping.None;
        if (changes.IsEmpty)
        {
            return;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            foreach (var alert in changes.Alerts)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO alerts (id, fingerprint, rule, kind, tenant, host, instance, state, severity, value, threshold,
                        labels_json, annotations_json, active_since_ms, fired_at_ms, resolved_at_ms, updated_at_ms,
                        ack_by, ack_at_ms, ack_comment, ack_sticky, suppressed_by, flapping, notified_firing)
                    VALUES ($id, $fingerprint, $rule, $kind, $tenant, $host, $instance, $state, $severity, $value, $threshold,
                        $labels, $annotations, $activeSince, $firedAt, $resolvedAt, $updatedAt,
                        $ackBy, $ackAt, $ackComment, $ackSticky, $suppressedBy, $flapping, $notifiedFiring)
                    ON CONFLICT (id) DO UPDATE SET state = excluded.state, severity = excluded.severity, value = excluded.value,
                        threshold = excluded.threshold, labels_json = excluded.labels_json, annotations_json = excluded.annotations_json,
                        fired_at_ms = excluded.fired_at_ms, resolved_at_ms = excluded.resolved_at_ms, updated_at_ms = excluded.updated_at_ms,
                        ack_by = excluded.ack_by, ack_at_ms = excluded.ack_at_ms, ack_comment = excluded.ack_comment,
                        ack_sticky = excluded.ack_sticky, suppressed_by = excluded.suppressed_by, flapping = excluded.flapping,
                        notified_firing = excluded.notified_firing
                    """;
                var p = command.Parameters;
                p.AddWithValue("$id", alert.Id);
                p.AddWithValue("$fingerprint", alert.Fingerprint);
                p.AddWithValue("$rule", alert.Rule);
                p.AddWithValue("$kind", alert.Kind);
                p.AddWithValue("$tenant", alert.Tenant);
                p.AddWithValue("$host", alert.Host);
                p.AddWithValue("$instance", alert.Instance);
                p.AddWithValue("$state", Name(alert.State));
                p.AddWithValue("$severity", Name(alert.Severity));
                p.AddWithValue("$value", (object?)alert.Value ?? DBNull.Value);
                p.AddWithValue("$threshold", (object?)alert.Threshold ?? DBNull.Value);
                p.AddWithValue("$labels", JsonSerializer.Serialize(alert.Labels, AlertStoreJson.Default.IReadOnlyDictionaryStringString));
                p.AddWithValue("$annotations", JsonSerializer.Serialize(alert.Annotations, AlertStoreJson.Default.IReadOnlyDictionaryStringString));
                p.AddWithValue("$activeSince", alert.ActiveSince.ToUnixTimeMilliseconds());
                p.AddWithValue("$firedAt", (object?)alert.FiredAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
                p.AddWithValue("$resolvedAt", (object?)alert.ResolvedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
                p.AddWithValue("$updatedAt", alert.UpdatedAt.ToUnixTimeMilliseconds());
                p.AddWithValue("$ackBy", (object?)alert.AckBy ?? DBNull.Value);
                p.AddWithValue("$ackAt", (object?)alert.AckAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
                p.AddWithValue("$ackComment", (object?)alert.AckComment ?? DBNull.Value);
                p.AddWithValue("$ackSticky", alert.AckSticky ? 1 : 0);
                p.AddWithValue("$suppressedBy", (object?)alert.SuppressedBy ?? DBNull.Value);
                p.AddWithValue("$flapping", alert.Flapping ? 1 : 0);
                p.AddWithValue("$notifiedFiring", alert.NotifiedFiring ? 1 : 0);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var entry in changes.History)
            {
                await InsertHistoryAsync(connection, transaction, entry, cancellationToken);
            }

            foreach (var (fingerprint, flap) in changes.Flaps)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                if (flap == default)
                {
                    command.CommandText = "DELETE FROM alert_flap WHERE fingerprint = $fingerprint";
                }
                else
                {
                    command.CommandText = """
                        INSERT INTO alert_flap (fingerprint, bits, count, flapping) VALUES ($fingerprint, $bits, $count, $flapping)
                        ON CONFLICT (fingerprint) DO UPDATE SET bits = excluded.bits, count = excluded.count, flapping = excluded.flapping
                        """;
                    command.Parameters.AddWithValue("$bits", unchecked((long)flap.Bits));
                    command.Parameters.AddWithValue("$count", flap.Count);
                    command.Parameters.AddWithValue("$flapping", flap.Flapping ? 1 : 0);
                }

                command.Parameters.AddWithValue("$fingerprint", fingerprint);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await SaveEscalationsAsync(connection, transaction, changes.Escalations, cancellationToken);
            await QueueAsync(connection, transaction, changes.Notifications, router, grouping, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Alerts matching <paramref name="query"/>, newest first.</summary>
    public async Task<IReadOnlyList<AlertSnapshot>> QueryAsync(AlertQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var conditions = new List<string>();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        if (query.OpenOnly)
        {
            conditions.Add("state <> 'resolved'");
        }

        if (query.Id is { } id)
        {
            conditions.Add("id = $id");
            command.Parameters.AddWithValue("$id", id);
        }

        if (query.State is { } state)
        {
            conditions.Add("state = $state");
            command.Parameters.AddWithValue("$state", Name(state));
        }

        if (query.Severity is { } severity)
        {
            conditions.Add("severity = $severity");
            command.Parameters.AddWithValue("$severity", Name(severity));
        }

        if (query.Tenant is { } tenant)
        {
            conditions.Add("tenant = $tenant");
            command.Parameters.AddWithValue("$tenant", tenant);
        }

        if (query.Host is { } host)
        {
            conditions.Add("host = $host");
            command.Parameters.AddWithValue("$host", host);
        }

        if (query.Rule is { } rule)
        {
            conditions.Add("rule = $rule");
            command.Parameters.AddWithValue("$rule", rule);
        }

        command.Parameters.AddWithValue("$limit", query.Limit);
        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
#pragma warning disable CA2100 // built from constant fragments; values are parameters
        command.CommandText = $"""
            SELECT id, fingerprint, rule, kind, tenant, host, instance, state, severity, value, threshold, labels_json, annotations_json,
                active_since_ms, fired_at_ms, resolved_at_ms, updated_at_ms, ack_by, ack_at_ms, ack_comment, ack_sticky,
                suppressed_by, flapping, notified_firing
            FROM alerts {where} ORDER BY id DESC LIMIT $limit
            """;
#pragma warning restore CA2100
        var result = new List<AlertSnapshot>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new AlertSnapshot(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetString(6), Enum.Parse<AlertState>(reader.GetString(7), ignoreCase: true), Enum.Parse<Severity>(reader.GetString(8), ignoreCase: true),
                reader.IsDBNull(9) ? null : reader.GetDouble(9), reader.IsDBNull(10) ? null : reader.GetDouble(10),
                JsonSerializer.Deserialize(reader.GetString(11), AlertStoreJson.Default.DictionaryStringString) ?? [],
                JsonSerializer.Deserialize(reader.GetString(12), AlertStoreJson.Default.DictionaryStringString) ?? [],
                Time(reader.GetInt64(13)), NullableTime(reader, 14), NullableTime(reader, 15), Time(reader.GetInt64(16)),
                reader.IsDBNull(17) ? null : reader.GetString(17), NullableTime(reader, 18), reader.IsDBNull(19) ? null : reader.GetString(19),
                reader.GetInt64(20) != 0, reader.IsDBNull(21) ? null : reader.GetString(21), reader.GetInt64(22) != 0, reader.GetInt64(23) != 0));
        }

        return result;
    }

    /// <summary>The history of an alert, oldest first.</summary>
    public async Task<IReadOnlyList<AlertHistoryEntry>> HistoryAsync(long alertId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT alert_id, at_ms, event, state, severity, value, detail FROM alert_history WHERE alert_id = $id ORDER BY id";
        command.Parameters.AddWithValue("$id", alertId);
        var result = new List<AlertHistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new AlertHistoryEntry(reader.GetInt64(0), Time(reader.GetInt64(1)), ParseEvent(reader.GetString(2)),
                Enum.Parse<AlertState>(reader.GetString(3), ignoreCase: true), Enum.Parse<Severity>(reader.GetString(4), ignoreCase: true),
                reader.IsDBNull(5) ? null : reader.GetDouble(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return result;
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _lock.Dispose();

    /// <summary>The stored (and API) name of a state, severity or event: lower case, words joined by '_'.</summary>
    public static string Name<T>(T value)
        where T : struct, Enum
    {
        var text = value.ToString();
        var sb = new System.Text.StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsUpper(text[i]) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(text[i]));
        }

        return sb.ToString();
    }

    private static AlertEventKind ParseEvent(string name) => Enum.Parse<AlertEventKind>(name.Replace("_", "", StringComparison.Ordinal), ignoreCase: true);

    private static async Task InsertHistoryAsync(SqliteConnection connection, SqliteTransaction transaction, AlertHistoryEntry entry, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO alert_history (alert_id, at_ms, event, state, severity, value, detail)
            VALUES ($alert, $at, $event, $state, $severity, $value, $detail)
            """;
        command.Parameters.AddWithValue("$alert", entry.AlertId);
        command.Parameters.AddWithValue("$at", entry.At.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$event", Name(entry.Event));
        command.Parameters.AddWithValue("$state", Name(entry.State));
        command.Parameters.AddWithValue("$severity", Name(entry.Severity));
        command.Parameters.AddWithValue("$value", (object?)entry.Value ?? DBNull.Value);
        command.Parameters.AddWithValue("$detail", (object?)entry.Detail ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? NullableTime(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Time(reader.GetInt64(ordinal));

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}

/// <summary>Filters of <see cref="AlertStore.QueryAsync"/>; null means "any".</summary>
/// <param name="State">Only this state.</param>
/// <param name="Severity">Only this severity.</param>
/// <param name="Tenant">Only this tenant.</param>
/// <param name="Host">Only this host.</param>
/// <param name="Rule">Only this rule.</param>
/// <param name="OpenOnly">Only unresolved alerts.</param>
/// <param name="Id">Only this alert.</param>
/// <param name="Limit">At most this many, newest first.</param>
public sealed record AlertQuery(
    AlertState? State = null, Severity? Severity = null, string? Tenant = null, string? Host = null, string? Rule = null,
    bool OpenOnly = false, long? Id = null, int Limit = 100);

/// <summary>A notification waiting in the outbox for one channel and recipient.</summary>
/// <param name="Id">Outbox row.</param>
/// <param name="Channel">The <see cref="IAlertNotifier.Name"/>.</param>
/// <param name="Notification">What to send.</param>
/// <param name="Attempts">Attempts already made.</param>
/// <param name="Recipient">The recipient on the channel, or null for its configured destination.</param>
/// <param name="GroupKey">The notification group (<c>alert:ID</c> when not grouped).</param>
public sealed record QueuedNotification(long Id, string Channel, AlertNotification Notification, int Attempts, string? Recipient = null, string GroupKey = "");

/// <summary>Source-generated JSON of the alert store's columns and outbox payloads.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(AlertNotification))]
internal sealed partial class AlertStoreJson : JsonSerializerContext;
