using Dapper;
using Microsoft.Data.Sqlite;

namespace Alpi.Collector.Security.Storage;

/// <summary>
/// The collector's security state — accounts and the audit log — in its own SQLite file
/// (<c>&lt;DataDirectory&gt;/security.db</c>, WAL, busy timeout 5 s), apart from <c>state.db</c>, so that the daemon and
/// the CLI (<c>users add …</c>) can use it at the same time. The schema is created or migrated by
/// <see cref="MigrateAsync"/>: each version once, in a transaction, recorded in <c>schema_version</c>.
/// When the collector's state moves to PostgreSQL, these two tables should move with it.
/// </summary>
public sealed class SecurityDatabase
{
    /// <summary>The file's name in the data directory.</summary>
    public const string FileName = "security.db";

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE accounts (
            name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            security_stamp TEXT NOT NULL,
            created_unix_ms INTEGER NOT NULL,
            password_changed_unix_ms INTEGER NOT NULL,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            locked_until_unix_ms INTEGER,
            last_login_unix_ms INTEGER);
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at_unix_ms INTEGER NOT NULL,
            actor TEXT NOT NULL,
            address TEXT,
            category TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT,
            outcome TEXT NOT NULL,
            details TEXT);
        CREATE INDEX audit_log_at ON audit_log (at_unix_ms);
        """,
        // 2: an administrator may disable an account (it keeps its name in the history) rather than delete it.
        """
        ALTER TABLE accounts ADD COLUMN disabled_unix_ms INTEGER;
        """,
    ];

    private readonly string _connectionString;

    /// <summary>Uses <c>security.db</c> in <paramref name="dataDirectory"/> (created by <see cref="MigrateAsync"/> if missing).</summary>
    /// <exception cref="ArgumentException"><paramref name="dataDirectory"/> is empty.</exception>
    public SecurityDatabase(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Path = System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDirectory), FileName);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false, DefaultTimeout = 5 }.ToString();
    }

    /// <summary>The file's absolute path.</summary>
    public string Path { get; }

    /// <summary>Creates the directory and the file if needed, switches to WAL and applies the missing schema versions.</summary>
    /// <exception cref="SqliteException">The file cannot be created, opened or written.</exception>
    /// <exception cref="IOException">The directory cannot be created.</exception>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        Alpi.Protocols.IO.PrivateDirectory.Create(System.IO.Path.GetDirectoryName(Path)!);
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)");
        // Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE: a second process migrating at the same time waits (busy timeout).
        await using var transaction = connection.BeginTransaction();
        var applied = await connection.ExecuteScalarAsync<long?>("SELECT MAX(version) FROM schema_version", transaction: transaction) ?? 0;
        for (var version = (int)applied; version < Migrations.Length; version++)
        {
            await connection.ExecuteAsync(Migrations[version], transaction: transaction);
            await connection.ExecuteAsync("INSERT INTO schema_version (version) VALUES (@v)", new { v = version + 1 }, transaction);
        }

        transaction.Commit();
    }

    /// <summary>Opens a connection (foreign keys on, 5 s busy timeout).</summary>
    /// <exception cref="SqliteException">The file cannot be opened.</exception>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;");
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
