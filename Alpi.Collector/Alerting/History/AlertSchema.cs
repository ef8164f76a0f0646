using Alpi.Collector.Relational;

namespace Alpi.Collector.Alerting.History;

/// <summary>
/// The tables of <see cref="AlertStore"/>, component <c>alerts</c>: <c>alerts</c>, <c>alert_history</c>,
/// <c>alert_flap</c>, the outbox <c>alert_notifications</c> and <c>alert_groups</c>, <c>alert_escalation</c>,
/// <c>alert_silences</c>, and <c>alert_engine</c> (the generation the collectors of a cluster compare before a step).
/// SQLite's steps 1 to 3 adopt an <c>alerts.db</c> made before versions were recorded, whatever its age; PostgreSQL's
/// do the same things in its types (<c>BIGINT</c> times in Unix milliseconds and identities, <c>DOUBLE PRECISION</c>
/// values, <c>BOOLEAN</c> flags).
/// </summary>
internal static class AlertSchema
{
    /// <summary>The steps, version 1 first.</summary>
    public static SchemaMigrations Migrations { get; } = new(
        "alerts",
        [
            new("""
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
                """),

            // 2: the recipient and the notification group of an outbox row (on-call people, grouping).
            new("""
                ALTER TABLE alert_notifications ADD COLUMN recipient TEXT NOT NULL DEFAULT '';
                ALTER TABLE alert_notifications ADD COLUMN group_key TEXT NOT NULL DEFAULT '';
                """,
                SkipWhen: "SELECT COUNT(*) FROM pragma_table_info('alert_notifications') WHERE name = 'recipient'"),

            // 3: when each group was last sent, escalation progress, silences and API maintenance windows.
            new("""
                CREATE TABLE IF NOT EXISTS alert_groups (
                    channel TEXT NOT NULL, recipient TEXT NOT NULL, group_key TEXT NOT NULL, last_sent_ms INTEGER NOT NULL,
                    PRIMARY KEY (channel, recipient, group_key));
                CREATE TABLE IF NOT EXISTS alert_escalation (
                    alert_id INTEGER PRIMARY KEY, started_ms INTEGER, steps_done INTEGER NOT NULL, reminders INTEGER NOT NULL, next_reminder_ms INTEGER);
                CREATE TABLE IF NOT EXISTS alert_silences (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, definition_json TEXT NOT NULL, created_by TEXT NOT NULL,
                    created_ms INTEGER NOT NULL, ends_ms INTEGER);
                """),

            // 4: collectors sharing one database: which dispatcher took an outbox row, until when; the engine's generation.
            new("""
                ALTER TABLE alert_notifications ADD COLUMN claimed_by TEXT;
                ALTER TABLE alert_notifications ADD COLUMN claimed_until_ms INTEGER;
                CREATE TABLE alert_engine (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL);
                INSERT INTO alert_engine (id, generation) VALUES (1, 0);
                """),

            // 5: the time of an alert's newest point (told when its data stops); the outbox rows of an alert (whether a
            // resolution's channel got the firing).
            new("""
                ALTER TABLE alerts ADD COLUMN last_data_ms INTEGER;
                CREATE INDEX alert_notifications_alert ON alert_notifications (alert_id, channel, recipient);
                """),
        ],
        [
            new("""
                CREATE TABLE alerts (
                    id BIGINT PRIMARY KEY, fingerprint TEXT NOT NULL, rule TEXT NOT NULL, kind TEXT NOT NULL,
                    tenant TEXT NOT NULL, host TEXT NOT NULL, instance TEXT NOT NULL, state TEXT NOT NULL, severity TEXT NOT NULL,
                    value DOUBLE PRECISION, threshold DOUBLE PRECISION, labels_json TEXT NOT NULL, annotations_json TEXT NOT NULL,
                    active_since_ms BIGINT NOT NULL, fired_at_ms BIGINT, resolved_at_ms BIGINT, updated_at_ms BIGINT NOT NULL,
                    ack_by TEXT, ack_at_ms BIGINT, ack_comment TEXT, ack_sticky BOOLEAN NOT NULL DEFAULT FALSE,
                    suppressed_by TEXT, flapping BOOLEAN NOT NULL DEFAULT FALSE, notified_firing BOOLEAN NOT NULL DEFAULT FALSE);
                CREATE INDEX alerts_state ON alerts (state);
                CREATE INDEX alerts_host ON alerts (tenant, host);
                CREATE TABLE alert_history (
                    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, alert_id BIGINT NOT NULL, at_ms BIGINT NOT NULL, event TEXT NOT NULL,
                    state TEXT NOT NULL, severity TEXT NOT NULL, value DOUBLE PRECISION, detail TEXT);
                CREATE INDEX alert_history_alert ON alert_history (alert_id, id);
                CREATE TABLE alert_flap (fingerprint TEXT PRIMARY KEY, bits BIGINT NOT NULL, count INTEGER NOT NULL, flapping BOOLEAN NOT NULL);
                CREATE TABLE alert_notifications (
                    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, alert_id BIGINT NOT NULL, channel TEXT NOT NULL, event TEXT NOT NULL,
                    payload_json TEXT NOT NULL, created_ms BIGINT NOT NULL, next_attempt_ms BIGINT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL, last_error TEXT, done_ms BIGINT);
                CREATE INDEX alert_notifications_due ON alert_notifications (status, next_attempt_ms);
                """),
            new("""
                ALTER TABLE alert_notifications ADD COLUMN recipient TEXT NOT NULL DEFAULT '';
                ALTER TABLE alert_notifications ADD COLUMN group_key TEXT NOT NULL DEFAULT '';
                """),
            new("""
                CREATE TABLE alert_groups (
                    channel TEXT NOT NULL, recipient TEXT NOT NULL, group_key TEXT NOT NULL, last_sent_ms BIGINT NOT NULL,
                    PRIMARY KEY (channel, recipient, group_key));
                CREATE TABLE alert_escalation (
                    alert_id BIGINT PRIMARY KEY, started_ms BIGINT, steps_done INTEGER NOT NULL, reminders INTEGER NOT NULL, next_reminder_ms BIGINT);
                CREATE TABLE alert_silences (
                    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, kind TEXT NOT NULL, definition_json TEXT NOT NULL, created_by TEXT NOT NULL,
                    created_ms BIGINT NOT NULL, ends_ms BIGINT);
                """),
            new("""
                ALTER TABLE alert_notifications ADD COLUMN claimed_by TEXT;
                ALTER TABLE alert_notifications ADD COLUMN claimed_until_ms BIGINT;
                CREATE TABLE alert_engine (id INTEGER PRIMARY KEY CHECK (id = 1), generation BIGINT NOT NULL);
                INSERT INTO alert_engine (id, generation) VALUES (1, 0);
                """),
            new("""
                ALTER TABLE alerts ADD COLUMN last_data_ms BIGINT;
                CREATE INDEX alert_notifications_alert ON alert_notifications (alert_id, channel, recipient);
                """),
        ]);
}
