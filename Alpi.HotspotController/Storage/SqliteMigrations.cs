namespace Alpi.HotspotController.Storage;

/// <summary>
/// The SQLite schema (<see cref="SqlDialect.Sqlite"/>), one element per version. Never edit an applied migration: add
/// one, here and in <see cref="PostgreSqlMigrations"/> with the same number.
/// </summary>
internal static class SqliteMigrations
{
    /// <summary>The migrations, version 1 first.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        """
        CREATE TABLE accounts (
            id INTEGER PRIMARY KEY,
            login TEXT NOT NULL UNIQUE COLLATE NOCASE,
            email TEXT,
            password_hash TEXT NOT NULL,
            email_verified INTEGER NOT NULL DEFAULT 0,
            blocked INTEGER NOT NULL DEFAULT 0,
            terms_accepted_unix_ms INTEGER,
            created_unix_ms INTEGER NOT NULL,
            last_active_unix_ms INTEGER NOT NULL);
        CREATE TABLE devices (
            mac TEXT PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            blocked INTEGER NOT NULL DEFAULT 0,
            registered_unix_ms INTEGER NOT NULL,
            last_seen_unix_ms INTEGER NOT NULL,
            expires_unix_ms INTEGER NOT NULL);
        CREATE INDEX devices_account ON devices(account_id);
        CREATE TABLE nas_clients (
            name TEXT PRIMARY KEY,
            address TEXT NOT NULL,
            secret TEXT NOT NULL,
            tenant TEXT NOT NULL DEFAULT 'default',
            group_name TEXT NOT NULL DEFAULT 'default',
            require_message_authenticator INTEGER NOT NULL DEFAULT 1,
            coa_port INTEGER NOT NULL DEFAULT 3799,
            latitude REAL,
            longitude REAL);
        CREATE TABLE sessions (
            nas TEXT NOT NULL,
            acct_session_id TEXT NOT NULL,
            user_name TEXT,
            account_login TEXT,
            mac TEXT,
            framed_ip TEXT,
            called_station_id TEXT,
            nas_ip TEXT,
            started_unix_ms INTEGER NOT NULL,
            updated_unix_ms INTEGER NOT NULL,
            stopped_unix_ms INTEGER,
            input_octets INTEGER NOT NULL DEFAULT 0,
            output_octets INTEGER NOT NULL DEFAULT 0,
            terminate_cause TEXT,
            PRIMARY KEY (nas, acct_session_id));
        CREATE INDEX sessions_open ON sessions(nas) WHERE stopped_unix_ms IS NULL;
        CREATE INDEX sessions_started ON sessions(started_unix_ms);
        CREATE INDEX sessions_stopped ON sessions(stopped_unix_ms);
        CREATE TABLE logon_tokens (
            login TEXT NOT NULL COLLATE NOCASE,
            token TEXT NOT NULL,
            mac TEXT,
            expires_unix_ms INTEGER NOT NULL,
            PRIMARY KEY (login, token));
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at_unix_ms INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            details TEXT);
        """,

        // 2: the legal export's searches (ConnectionLogQuery: by IP, MAC or account, CPCE R10-13) and the RFC 8908
        // API's look-up by Framed-IP-Address, without a full scan of a year of sessions. The account search compares
        // account_login OR user_name with COLLATE NOCASE: both indexes must be NOCASE for SQLite to use them (an OR is
        // answered from indexes only when each side has one).
        """
        CREATE INDEX sessions_framed_ip ON sessions(framed_ip);
        CREATE INDEX sessions_mac ON sessions(mac);
        CREATE INDEX sessions_account_login ON sessions(account_login COLLATE NOCASE);
        CREATE INDEX sessions_user_name ON sessions(user_name COLLATE NOCASE);
        """,

        // 3: the NAS-Identifier the terminal reports (RFC 2865 §5.32; CoovaChilli's nasid, which it also puts in the
        // portal's URLs), apart from nas, the NAS client's name the controller knows it by.
        """
        ALTER TABLE sessions ADD COLUMN nas_identifier TEXT;
        """,

        // 4: a counter that every change deciding an Access-Request moves (AuthenticationDataVersion): accounts added,
        // removed, renamed, re-passworded or (un)blocked; devices registered, moved, (un)blocked or removed; logon
        // tokens issued or used. Activity times (last_active, last_seen, expires) do not move it: they change on
        // accepts, and the authentication view applies its own and re-reads a device that looks expired.
        """
        CREATE TABLE authentication_data_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
        INSERT INTO authentication_data_version (id, version) VALUES (1, 0);
        CREATE TRIGGER accounts_inserted_version AFTER INSERT ON accounts BEGIN UPDATE authentication_data_version SET version = version + 1; END;
        CREATE TRIGGER accounts_deleted_version AFTER DELETE ON accounts BEGIN UPDATE authentication_data_version SET version = version + 1; END;
        CREATE TRIGGER accounts_updated_version AFTER UPDATE OF id, login, password_hash, blocked ON accounts BEGIN UPDATE authentication_data_version SET version = version + 1; END;
        CREATE TRIGGER devices_inserted_version AFTER INSERT ON devices BEGIN UPDATE authentication_data_version SET version = version + 1; END;
        CREATE TRIGGER devices_deleted_version AFTER DELETE ON devices BEGIN UPDATE authentication_data_version SET version = version + 1; END;
        CREATE TRIGGER devices_updated_version AFTER UPDATE OF mac, account_id, blocked ON devices BEGIN UPDATE authentication_data_version SET version = version + 1; END;
        CREATE TRIGGER logon_tokens_inserted_version AFTER INSERT ON logon_tokens BEGIN UPDATE authentication_data_version SET version = version + 1; END;
        CREATE TRIGGER logon_tokens_deleted_version AFTER DELETE ON logon_tokens BEGIN UPDATE authentication_data_version SET version = version + 1; END;
        CREATE TRIGGER logon_tokens_updated_version AFTER UPDATE ON logon_tokens BEGIN UPDATE authentication_data_version SET version = version + 1; END;
        """,

        // 5: a device's validity shortened (by hand: renewals only extend it) also moves the counter, so that every
        // change that can turn an accept into a reject is seen at the next request; extensions by another controller
        // are found by the view's re-read of a device that looks expired.
        """
        CREATE TRIGGER devices_shortened_version AFTER UPDATE OF expires_unix_ms ON devices WHEN NEW.expires_unix_ms < OLD.expires_unix_ms
        BEGIN UPDATE authentication_data_version SET version = version + 1; END;
        """,

        // 6: account ids are never reused. Without AUTOINCREMENT, SQLite gives a new row the largest id + 1, so deleting
        // the newest account handed its id to the next one, and the Class (alpi:<id>:…) a terminal still echoed for the
        // old account's sessions named the new one. SQLite cannot add AUTOINCREMENT in place: the table is rebuilt
        // (SQLite's "12-step" ALTER TABLE procedure; foreign keys are off for the migration, see SqliteDialect, and
        // checked before its commit, so devices keep their account and nothing cascades), with its triggers. Ids
        // freed above the largest remaining one before this migration can still be given once more: accounting checks
        // the Class's account against the User-Name and MAC anyway (AccountingRequestHandler).
        RebuildAccounts(" COLLATE NOCASE", ""),

        // 7: logins compared byte for byte (BINARY), no longer with NOCASE, which folds ASCII letters only (É and é were
        // two accounts): the stores now write and look up each login's canonical form (AccountLogins.Canonical: width,
        // case and NFC mapped as RFC 8265 §3.3 says), the same on PostgreSQL. The table is rebuilt as in version 6, its
        // AUTOINCREMENT counter carried over (DROP TABLE forgets it, and ids would be given again); AccountLoginMigration
        // then canonicalises the existing logins, in the same transaction.
        RebuildAccounts("", """
            DELETE FROM sqlite_sequence WHERE name = 'accounts_rebuilt';
            INSERT INTO sqlite_sequence (name, seq) SELECT 'accounts_rebuilt', seq FROM sqlite_sequence WHERE name = 'accounts';
            """),
    ];

    /// <summary>
    /// The accounts table rebuilt (SQLite's "12-step" ALTER TABLE procedure: a new table, the rows copied, the old one
    /// dropped, the new one renamed) with ids never reused, its login column compared under <paramref name="loginCollation"/>
    /// (<c>" COLLATE NOCASE"</c>, or empty for BINARY), and its version triggers made again. <paramref name="afterCopy"/>
    /// runs between the copy and the drop (the AUTOINCREMENT counter carried over, for instance).
    /// </summary>
    private static string RebuildAccounts(string loginCollation, string afterCopy) => $"""
        CREATE TABLE accounts_rebuilt (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            login TEXT NOT NULL UNIQUE{loginCollation},
            email TEXT,
            password_hash TEXT NOT NULL,
            email_verified INTEGER NOT NULL DEFAULT 0,
            blocked INTEGER NOT NULL DEFAULT 0,
            terms_accepted_unix_ms INTEGER,
            created_unix_ms INTEGER NOT NULL,
            last_active_unix_ms INTEGER NOT NULL);
        INSERT INTO accounts_rebuilt (id, login, email, password_hash, email_verified, blocked, terms_accepted_unix_ms, created_unix_ms, last_active_unix_ms)
            SELECT id, login, email, password_hash, email_verified, blocked, terms_accepted_unix_ms, created_unix_ms, last_active_unix_ms FROM accounts;
        {afterCopy}
        DROP TABLE accounts;
        ALTER TABLE accounts_rebuilt RENAME TO accounts;
        CREATE TRIGGER accounts_inserted_version AFTER INSERT ON accounts BEGIN UPDATE authentication_data_version SET version = version + 1; END;
        CREATE TRIGGER accounts_deleted_version AFTER DELETE ON accounts BEGIN UPDATE authentication_data_version SET version = version + 1; END;
        CREATE TRIGGER accounts_updated_version AFTER UPDATE OF id, login, password_hash, blocked ON accounts BEGIN UPDATE authentication_data_version SET version = version + 1; END;
        UPDATE authentication_data_version SET version = version + 1;
        """;
}
