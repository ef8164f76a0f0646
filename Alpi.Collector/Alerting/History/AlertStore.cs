using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Alpi.Collector.Alerting.Lifecycle;
using Alpi.Collector.Alerting.Notifications;
using Alpi.Collector.Alerting.Notifications.Grouping;
using Alpi.Collector.Alerting.Rules;
using Alpi.Collector.Relational;

namespace Alpi.Collector.Alerting.History;

/// <summary>
/// Durable alert state, in the alerts database (<see cref="CollectorDatabases.Alerts"/>: <c>alerts.db</c>, SQLite, its
/// own file so that evaluation never waits on trap or inventory writes; or PostgreSQL, shared by the collectors of a
/// cluster). Tables (<see cref="AlertSchema"/>): <c>alerts</c> (one row per alert, its current state),
/// <c>alert_history</c> (every transition, acknowledgement and delivery), <c>alert_flap</c> (flap histories) and
/// <c>alert_notifications</c>, the outbox: a notification is queued in the same transaction as the transition that
/// causes it, then delivered by the <see cref="NotificationDispatcher"/>. So a restart neither loses a recovery notice
/// nor sends again what was delivered. Every save also advances the engine's generation (<c>alert_engine</c>), which
/// tells a collector of a cluster that another changed the state since it last read it (<see cref="BeginTurnAsync"/>).
/// </summary>
public sealed partial class AlertStore : IDisposable
{
    private const string AlertColumns = """
        id, fingerprint, rule, kind, tenant, host, instance, state, severity, value, threshold, labels_json, annotations_json,
            active_since_ms, fired_at_ms, resolved_at_ms, updated_at_ms, ack_by, ack_at_ms, ack_comment, ack_sticky,
            suppressed_by, flapping, notified_firing, last_data_ms
        """;

    private readonly StateDatabase _database;
    private readonly string _node = StoreNode.NewId();
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Creates the store over the alerts database.</summary>
    public AlertStore(CollectorDatabases databases)
        : this((databases ?? throw new ArgumentNullException(nameof(databases))).Alerts)
    {
    }

    /// <summary>Creates the store over an explicit database.</summary>
    public AlertStore(StateDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <summary>The database, for messages (<see cref="StateDatabase.Description"/>).</summary>
    public StateDatabase Database => _database;

    /// <summary>Creates or migrates the schema.</summary>
    /// <exception cref="DbException">The database cannot be reached or written.</exception>
    public Task InitializeAsync(CancellationToken cancellationToken) => _database.MigrateAsync(AlertSchema.Migrations, cancellationToken);

    /// <summary>The unresolved alerts, the flap histories and the next alert identifier.</summary>
    /// <exception cref="DbException">The database cannot be reached.</exception>
    public async Task<(IReadOnlyList<AlertSnapshot> Open, IReadOnlyList<KeyValuePair<string, FlapHistory>> Flaps, long NextId)> LoadAsync(CancellationToken cancellationToken)
    {
        var open = await QueryAsync(new AlertQuery(OpenOnly: true, Limit: int.MaxValue), cancellationToken);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var flaps = new List<KeyValuePair<string, FlapHistory>>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT fingerprint, bits, count, flapping FROM alert_flap";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                flaps.Add(new(reader.GetString(0), new FlapHistory(unchecked((ulong)reader.GetInt64(1)), reader.GetInt32(2), reader.GetBoolean(3))));
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
    /// (<paramref name="grouping"/>; null: at once); advances the engine's generation.
    /// </summary>
    /// <returns>The engine's generation after this step (unchanged when there was nothing to save).</returns>
    /// <exception cref="DbException">The database cannot be reached or written: nothing was saved.</exception>
    public async Task<long?> SaveAsync(AlertChanges changes, IAlertNotificationRouter router, DateTimeOffset now, CancellationToken cancellationToken, NotificationGrouping? grouping = null)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(router);
        grouping ??= NotificationGrouping.None;
        if (changes.IsEmpty)
        {
            return null;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var alert in changes.Alerts)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO alerts (id, fingerprint, rule, kind, tenant, host, instance, state, severity, value, threshold,
                        labels_json, annotations_json, active_since_ms, fired_at_ms, resolved_at_ms, updated_at_ms,
                        ack_by, ack_at_ms, ack_comment, ack_sticky, suppressed_by, flapping, notified_firing, last_data_ms)
                    VALUES (@id, @fingerprint, @rule, @kind, @tenant, @host, @instance, @state, @severity, @value, @threshold,
                        @labels, @annotations, @activeSince, @firedAt, @resolvedAt, @updatedAt,
                        @ackBy, @ackAt, @ackComment, @ackSticky, @suppressedBy, @flapping, @notifiedFiring, @lastData)
                    ON CONFLICT (id) DO UPDATE SET state = excluded.state, severity = excluded.severity, value = excluded.value,
                        threshold = excluded.threshold, labels_json = excluded.labels_json, annotations_json = excluded.annotations_json,
                        fired_at_ms = excluded.fired_at_ms, resolved_at_ms = excluded.resolved_at_ms, updated_at_ms = excluded.updated_at_ms,
                        ack_by = excluded.ack_by, ack_at_ms = excluded.ack_at_ms, ack_comment = excluded.ack_comment,
                        ack_sticky = excluded.ack_sticky, suppressed_by = excluded.suppressed_by, flapping = excluded.flapping,
                        notified_firing = excluded.notified_firing, last_data_ms = excluded.last_data_ms
                    """;
                command.AddParameter("@id", alert.Id);
                command.AddParameter("@fingerprint", alert.Fingerprint);
                command.AddParameter("@rule", alert.Rule);
                command.AddParameter("@kind", alert.Kind);
                command.AddParameter("@tenant", alert.Tenant);
                command.AddParameter("@host", alert.Host);
                command.AddParameter("@instance", alert.Instance);
                command.AddParameter("@state", Name(alert.State));
                command.AddParameter("@severity", Name(alert.Severity));
                command.AddParameter("@value", alert.Value);
                command.AddParameter("@threshold", alert.Threshold);
                command.AddParameter("@labels", JsonSerializer.Serialize(alert.Labels, AlertStoreJson.Default.IReadOnlyDictionaryStringString));
                command.AddParameter("@annotations", JsonSerializer.Serialize(alert.Annotations, AlertStoreJson.Default.IReadOnlyDictionaryStringString));
                command.AddParameter("@activeSince", alert.ActiveSince.ToUnixTimeMilliseconds());
                command.AddParameter("@firedAt", alert.FiredAt?.ToUnixTimeMilliseconds());
                command.AddParameter("@resolvedAt", alert.ResolvedAt?.ToUnixTimeMilliseconds());
                command.AddParameter("@updatedAt", alert.UpdatedAt.ToUnixTimeMilliseconds());
                command.AddParameter("@ackBy", alert.AckBy);
                command.AddParameter("@ackAt", alert.AckAt?.ToUnixTimeMilliseconds());
                command.AddParameter("@ackComment", alert.AckComment);
                command.AddParameter("@ackSticky", alert.AckSticky);
                command.AddParameter("@suppressedBy", alert.SuppressedBy);
                command.AddParameter("@flapping", alert.Flapping);
                command.AddParameter("@notifiedFiring", alert.NotifiedFiring);
                command.AddParameter("@lastData", alert.LastDataAt?.ToUnixTimeMilliseconds());
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
                    command.CommandText = "DELETE FROM alert_flap WHERE fingerprint = @fingerprint";
                }
                else
                {
                    command.CommandText = """
                        INSERT INTO alert_flap (fingerprint, bits, count, flapping) VALUES (@fingerprint, @bits, @count, @flapping)
                        ON CONFLICT (fingerprint) DO UPDATE SET bits = excluded.bits, count = excluded.count, flapping = excluded.flapping
                        """;
                    command.AddParameter("@bits", unchecked((long)flap.Bits));
                    command.AddParameter("@count", flap.Count);
                    command.AddParameter("@flapping", flap.Flapping);
                }

                command.AddParameter("@fingerprint", fingerprint);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await SaveEscalationsAsync(connection, transaction, changes.Escalations, cancellationToken);
            await QueueAsync(connection, transaction, changes.Notifications, router, grouping, now, cancellationToken);
            var generation = await AdvanceGenerationAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return generation;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Alerts matching <paramref name="query"/>, newest first.</summary>
    /// <exception cref="DbException">The database cannot be reached.</exception>
    public async Task<IReadOnlyList<AlertSnapshot>> QueryAsync(AlertQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var conditions = new List<string>();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        if (query.OpenOnly)
        {
            conditions.Add("state <> 'resolved'");
        }

        if (query.Id is { } id)
        {
            conditions.Add("id = @id");
            command.AddParameter("@id", id);
        }

        if (query.State is { } state)
        {
            conditions.Add("state = @state");
            command.AddParameter("@state", Name(state));
        }

        if (query.Severity is { } severity)
        {
            conditions.Add("severity = @severity");
            command.AddParameter("@severity", Name(severity));
        }

        if (query.Tenant is { } tenant)
        {
            conditions.Add("tenant = @tenant");
            command.AddParameter("@tenant", tenant);
        }

        if (query.Host is { } host)
        {
            conditions.Add("host = @host");
            command.AddParameter("@host", host);
        }

        if (query.Rule is { } rule)
        {
            conditions.Add("rule = @rule");
            command.AddParameter("@rule", rule);
        }

        command.AddParameter("@limit", query.Limit);
        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
#pragma warning disable CA2100 // built from constant fragments; values are parameters
        command.CommandText = $"SELECT {AlertColumns} FROM alerts {where} ORDER BY id DESC LIMIT @limit";
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
                reader.GetBoolean(20), reader.IsDBNull(21) ? null : reader.GetString(21), reader.GetBoolean(22), reader.GetBoolean(23))
            {
                LastDataAt = NullableTime(reader, 24),
            });
        }

        return result;
    }

    /// <summary>The history of an alert, oldest first.</summary>
    /// <exception cref="DbException">The database cannot be reached.</exception>
    public async Task<IReadOnlyList<AlertHistoryEntry>> HistoryAsync(long alertId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT alert_id, at_ms, event, state, severity, value, detail FROM alert_history WHERE alert_id = @id ORDER BY id";
        command.AddParameter("@id", alertId);
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

    private static async Task InsertHistoryAsync(DbConnection connection, DbTransaction transaction, AlertHistoryEntry entry, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO alert_history (alert_id, at_ms, event, state, severity, value, detail)
            VALUES (@alert, @at, @event, @state, @severity, @value, @detail)
            """;
        command.AddParameter("@alert", entry.AlertId);
        command.AddParameter("@at", entry.At.ToUnixTimeMilliseconds());
        command.AddParameter("@event", Name(entry.Event));
        command.AddParameter("@state", Name(entry.State));
        command.AddParameter("@severity", Name(entry.Severity));
        command.AddParameter("@value", entry.Value);
        command.AddParameter("@detail", entry.Detail);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? NullableTime(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Time(reader.GetInt64(ordinal));
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
