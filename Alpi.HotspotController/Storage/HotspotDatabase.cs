using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Alpi.HotspotController.Storage;

/// <summary>
/// The controller's relational state: accounts, registered devices, NAS clients, sessions (the legal connection log),
/// portal logon tokens and the audit log — in SQLite (<c>&lt;DataDirectory&gt;/hotspot.db</c>, WAL, foreign keys on;
/// the default) or in PostgreSQL (<c>Hotspot:Storage</c>), which several controllers may share. The stores write one
/// SQL text for both and ask <see cref="Dialect"/> for the few fragments that differ. The schema is created or migrated
/// by <see cref="MigrateAsync"/>; each version is applied once, in a transaction, and recorded in <c>schema_version</c>.
/// Several processes (daemons and the CLI) may use one database at once.
/// </summary>
public sealed class HotspotDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>The <c>application_name</c> PostgreSQL shows in <c>pg_stat_activity</c> unless the connection string names one.</summary>
    public const string ApplicationName = "alpi-hotspot";

    private readonly DbDataSource _dataSource;
    private readonly string? _sqlitePath;
    private readonly ILogger _logger;

    /// <summary>Opens (lazily) the database configured in <c>Hotspot:Storage</c>: <c>hotspot.db</c> in the data directory, or PostgreSQL.</summary>
    /// <param name="options">The controller's options.</param>
    /// <param name="logger">Receives what a migration reports (logins it could not canonicalise); none when null.</param>
    /// <exception cref="ArgumentException">The PostgreSQL connection string cannot be read (reported first by <see cref="StorageOptionsValidator"/>).</exception>
    public HotspotDatabase(IOptions<HotspotOptions> options, ILogger<HotspotDatabase>? logger = null)
        : this(FromOptions((options ?? throw new ArgumentNullException(nameof(options))).Value), logger)
    {
    }

    /// <summary>Opens (lazily) the SQLite file at <paramref name="path"/>.</summary>
    /// <param name="path">The file; created by <see cref="MigrateAsync"/> with its folder.</param>
    /// <param name="logger">Receives what a migration reports; none when null.</param>
    public HotspotDatabase(string path, ILogger? logger = null)
        : this(SqliteParts(path), logger)
    {
    }

    private HotspotDatabase(Parts parts, ILogger? logger)
    {
        Dialect = parts.Dialect;
        Description = parts.Description;
        _dataSource = parts.DataSource;
        _sqlitePath = parts.SqlitePath;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>What differs in SQL between the provider in use and the other.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>For messages: <c>SQLite file /var/lib/alpi/hotspot.db</c> or <c>PostgreSQL database alpi_hotspot on db.example:5432</c>; never a password.</summary>
    public string Description { get; }

    /// <summary>
    /// Opens (lazily) a PostgreSQL database through a pooled Npgsql data source. Unless the connection string's
    /// <c>Options</c> already set <c>synchronous_commit</c>, each session runs with <c>synchronous_commit=on</c>, so that a
    /// commit is on disk (and on the synchronous standbys, if any) when it returns, whatever the server's default: an
    /// Accounting-Response is sent only after that. Unless it names one, the <c>application_name</c> is
    /// <see cref="ApplicationName"/>.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="logger">Receives what a migration reports; none when null.</param>
    /// <exception cref="ArgumentException">The connection string cannot be read.</exception>
    public static HotspotDatabase PostgreSql(string connectionString, ILogger? logger = null) => new(PostgreSqlParts(connectionString), logger);

    /// <summary>
    /// Creates the schema, applying each migration not yet recorded, in one transaction taken once no other process is
    /// migrating the same database (<see cref="SqlDialect"/>); version 7 is followed by its code part,
    /// <see cref="AccountLoginMigration"/> (logins rewritten in canonical form; collisions logged as warnings). For
    /// SQLite, first creates the file's directory and switches to WAL.
    /// </summary>
    /// <exception cref="DbException">The database cannot be reached, opened or written; nothing was applied.</exception>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (_sqlitePath is not null)
        {
            // The file holds accounts and the legal connection log: its folder, when created here, is the service
            // user's alone (0700), as install.sh's /var/lib/alpi/hotspot (0750).
            var directory = Path.GetDirectoryName(_sqlitePath)!;
            Alpi.Protocols.IO.PrivateDirectory.Create(directory);
        }

        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            await using var transaction = await Dialect.BeginMigrationAsync(connection, cancellationToken);
            var applied = await connection.ExecuteScalarAsync<long?>("SELECT MAX(version) FROM schema_version", transaction: transaction) ?? 0;
            var migrations = Dialect.Migrations;
            for (var version = (int)applied; version < migrations.Count; version++)
            {
                await connection.ExecuteAsync(migrations[version], transaction: transaction);
                if (version + 1 == AccountLoginMigration.Version)
                {
                    await AccountLoginMigration.ApplyAsync(connection, transaction, _logger, cancellationToken);
                }

                await connection.ExecuteAsync("INSERT INTO schema_version (version) VALUES (@v)", new { v = version + 1 }, transaction);
            }

            await Dialect.CheckMigrationAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            // The connection goes back to the pool: its settings as every other connection has them.
            await Dialect.EndMigrationAsync(connection);
        }
    }

    /// <summary>
    /// Opens a pooled connection. SQLite: foreign keys on; durability is SQLite's default <c>synchronous = FULL</c> (a
    /// commit is on disk, even across a power cut, when it returns; a test pins it), and a locked database is retried
    /// by Microsoft.Data.Sqlite for up to 5 s (<c>DefaultTimeout</c>) — no per-open PRAGMA, which would cost a round
    /// trip on every RADIUS request. PostgreSQL: see <see cref="PostgreSql"/>. The caller disposes the connection.
    /// </summary>
    /// <exception cref="DbException">The database cannot be opened or reached.</exception>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// Opens a pooled connection without awaiting, as <see cref="OpenAsync"/> does otherwise: for callers that hold a
    /// lock, with SQLite, whose provider opens synchronously anyway. The caller disposes the connection.
    /// </summary>
    /// <exception cref="DbException">The database cannot be opened or reached.</exception>
    public DbConnection Open() => _dataSource.OpenConnection();

    /// <summary>
    /// Deletes the rows of <paramref name="table"/> that <paramref name="condition"/> selects, at most
    /// <paramref name="batchSize"/> per DELETE statement, each on its own connection and so in its own short transaction,
    /// until a statement deletes fewer: a purge of a year's rows never holds the database's write lock for long (SQLite
    /// has one writer; the accounting server writes every few seconds). Cancellation is checked between batches; the
    /// batches already deleted stay deleted. The retention purges' loop: <see cref="LegalLog.ConnectionLogPurge"/>'s
    /// sessions and <see cref="Audit.AuditLog.PurgeAsync"/>'s entries.
    /// </summary>
    /// <param name="table">The table, an SQL identifier written in the code (never from input).</param>
    /// <param name="key">The table's primary key, written in the code: a column (<c>id</c>) or columns separated by commas
    /// (<c>nas, acct_session_id</c>, compared as a row: SQLite 3.15 and PostgreSQL do).</param>
    /// <param name="condition">The rows to delete, an SQL condition written in the code, on the parameter <c>@cutoff</c>.</param>
    /// <param name="cutoff">The value of <c>@cutoff</c> (a time in Unix milliseconds, for the purges).</param>
    /// <param name="batchSize">Rows per statement, at least 1.</param>
    /// <param name="cancellationToken">Stops before the next batch.</param>
    /// <returns>The number of rows deleted.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is less than 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="table"/>, <paramref name="key"/> or <paramref name="condition"/> is empty.</exception>
    /// <exception cref="DbException">The database cannot be written; the batches before stay deleted.</exception>
    public async Task<long> DeleteInBatchesAsync(string table, string key, string condition, long cutoff, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(condition);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var sql = $"DELETE FROM {table} WHERE ({key}) IN (SELECT {key} FROM {table} WHERE {condition} LIMIT @batch)";
        var total = 0L;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var connection = await OpenAsync(cancellationToken);
            var deleted = await connection.ExecuteAsync(sql, new { cutoff, batch = batchSize });
            total += deleted;
            if (deleted < batchSize)
            {
                return total;
            }
        }
    }

    /// <summary>Closes the idle pooled connections.</summary>
    public async ValueTask DisposeAsync()
    {
        ClearSqlitePool();
        await _dataSource.DisposeAsync();
    }

    /// <summary>Closes the idle pooled connections.</summary>
    public void Dispose()
    {
        ClearSqlitePool();
        _dataSource.Dispose();
    }

    private void ClearSqlitePool()
    {
        if (_sqlitePath is not null)
        {
            using var connection = new SqliteConnection(_dataSource.ConnectionString);
            SqliteConnection.ClearPool(connection);
        }
    }

    private static Parts FromOptions(HotspotOptions options) => options.Storage.IsPostgreSql
        ? PostgreSqlParts(options.Storage.ConnectionString ?? "")
        : SqliteParts(Path.Combine(options.DataDirectoryFullPath, "hotspot.db"));

    private static Parts SqliteParts(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 5,
        }.ToString();
        return new Parts(SqlDialect.Sqlite, SqliteFactory.Instance.CreateDataSource(connectionString), "SQLite file " + fullPath, fullPath);
    }

    private static Parts PostgreSqlParts(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("synchronous_commit", StringComparison.OrdinalIgnoreCase) != true)
        {
            builder.Options = ((builder.Options ?? "") + " -c synchronous_commit=on").Trim();
        }

        builder.ApplicationName ??= ApplicationName;
        var description = $"PostgreSQL database {builder.Database ?? builder.Username} on {builder.Host}:{builder.Port}";
        return new Parts(SqlDialect.PostgreSql, NpgsqlDataSource.Create(builder), description, null);
    }

    private readonly record struct Parts(SqlDialect Dialect, DbDataSource DataSource, string Description, string? SqlitePath);
}
