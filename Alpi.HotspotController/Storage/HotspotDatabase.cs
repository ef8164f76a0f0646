using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Storage;

/// <summary>
/// The controller's relational state in SQLite (<c>&lt;DataDirectory&gt;/hotspot.db</c>, WAL, foreign keys on):
/// accounts, registered devices, NAS clients, sessions (the legal connection log), portal logon tokens and the
/// audit log. The schema is created or migrated by <see cref="MigrateAsync"/>; each version is applied once, in a
/// transaction, and recorded in <c>schema_version</c>. Several processes (the daemon and the CLI) may open it at once.
/// </summary>
public sealed class HotspotDatabase
{
    private static readonly string[] Migrations =
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
    ];

    private readonly string _connectionString;

    /// <summary>Opens (lazily) <c>hotspot.db</c> in the configured data directory.</summary>
    public HotspotDatabase(IOptions<HotspotOptions> options)
        : this(System.IO.Path.Combine((options ?? throw new ArgumentNullException(nameof(options))).Value.DataDirectoryFullPath, "hotspot.db"))
    {
    }

    /// <summary>Opens (lazily) the database file at <paramref name="path"/>.</summary>
    public HotspotDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 5,
        }.ToString();
    }

    /// <summary>The database file's absolute path.</summary>
    public string Path { get; }

    /// <summary>
    /// Creates the directory and the schema, applying each migration not yet recorded, and switches to WAL.
    /// </summary>
    /// <exception cref="SqliteException">The file cannot be opened or written.</exception>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);");
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        var applied = await connection.ExecuteScalarAsync<long?>("SELECT MAX(version) FROM schema_version", transaction: transaction) ?? 0;
        for (var version = (int)applied; version < Migrations.Length; version++)
        {
            await connection.ExecuteAsync(Migrations[version], transaction: transaction);
            await connection.ExecuteAsync("INSERT INTO schema_version (version) VALUES (@v)", new { v = version + 1 }, transaction);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Opens a pooled connection with foreign keys on. Durability is SQLite's default <c>synchronous = FULL</c> (a
    /// commit is on disk, even across a power cut, when it returns; a test pins it), and a locked database is retried
    /// by Microsoft.Data.Sqlite for up to 5 s (<c>DefaultTimeout</c>) — no per-open PRAGMA, which would cost a round
    /// trip on every RADIUS request. The caller disposes the connection.
    /// </summary>
    /// <exception cref="SqliteException">The file cannot be opened.</exception>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
