using System.Data.Common;

namespace Alpi.HotspotController.Storage;

/// <summary>
/// What differs between the two databases the controller's stores run on, SQLite and PostgreSQL: the stores hold one
/// text of each statement and ask this object only for the fragments that cannot be written once. Written once,
/// because both accept it: upserts (<c>INSERT … ON CONFLICT … DO UPDATE/DO NOTHING</c>, SQLite 3.24, PostgreSQL 9.5),
/// <c>RETURNING</c> (SQLite 3.35), the literals <c>TRUE</c>/<c>FALSE</c> (SQLite 3.23 reads them as 1/0; PostgreSQL
/// columns are <c>boolean</c>), times as Unix milliseconds in 64-bit integers (SQLite <c>INTEGER</c>, PostgreSQL
/// <c>bigint</c>), row values (<c>(a, b) IN (SELECT …)</c>), and case-insensitive comparison spelt
/// <c>COLLATE NOCASE</c>: SQLite's built-in collation, and in PostgreSQL the ICU collation <c>nocase</c> that the first
/// migration creates (unquoted names fold to lower case). Different, hence here: the two-argument maximum, a list
/// parameter, a read snapshot, and how migrations are serialised.
/// </summary>
public abstract class SqlDialect
{
    private protected SqlDialect()
    {
    }

    /// <summary>SQLite (Microsoft.Data.Sqlite).</summary>
    public static SqlDialect Sqlite { get; } = new SqliteDialect();

    /// <summary>PostgreSQL 12 or later (Npgsql).</summary>
    public static SqlDialect PostgreSql { get; } = new PostgreSqlDialect();

    /// <summary>The provider's name as configured: <c>sqlite</c> or <c>postgresql</c>.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// The schema migrations, in order: version N is element N − 1, recorded in <c>schema_version</c> once applied.
    /// Both providers have as many, version N of each doing the same thing.
    /// </summary>
    public abstract IReadOnlyList<string> Migrations { get; }

    /// <summary>
    /// The larger of two non-null values: SQLite's scalar <c>MAX(a, b)</c>, PostgreSQL's <c>GREATEST(a, b)</c>
    /// (PostgreSQL's <c>MAX</c> is only an aggregate).
    /// </summary>
    /// <param name="left">An SQL expression.</param>
    /// <param name="right">Another.</param>
    /// <returns>The SQL expression.</returns>
    public abstract string Greatest(string left, string right);

    /// <summary>
    /// <c>column</c> equals one of the values of the Dapper list parameter <paramref name="parameter"/>: for SQLite
    /// <c>column IN @p</c>, which Dapper expands to one parameter per value; for PostgreSQL <c>column = ANY(@p)</c>,
    /// as Dapper passes the list as one array there. An empty list matches nothing on both. Pass the values as an array.
    /// </summary>
    /// <param name="column">An SQL expression.</param>
    /// <param name="parameter">The parameter's name with its <c>@</c>.</param>
    /// <returns>The SQL condition.</returns>
    public abstract string InList(string column, string parameter);

    /// <summary>
    /// Begins a transaction whose reads all see one snapshot of the database, without holding up writers elsewhere:
    /// SQLite's deferred transaction (its snapshot is taken at the first read; WAL lets other connections write
    /// meanwhile), PostgreSQL's <c>REPEATABLE READ</c>. For a count and a stream of rows that must agree.
    /// </summary>
    /// <param name="connection">An open connection of this provider.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="DbException">The database refused.</exception>
    public abstract ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Begins the migration transaction, once no other process can be migrating the same database and
    /// <c>schema_version (version INTEGER NOT NULL)</c> exists. SQLite: WAL mode on, then <c>BEGIN IMMEDIATE</c> (the
    /// write lock, waited for up to the busy time-out). PostgreSQL: <c>pg_advisory_xact_lock</c> on a key of the
    /// controller's own, held until the transaction ends, so that controllers starting together apply each migration once.
    /// </summary>
    /// <param name="connection">An open connection of this provider.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="DbException">The database refused or the wait timed out.</exception>
    internal abstract ValueTask<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Checks, inside the migration transaction and before its commit, what the migrations could not (SQLite: the
    /// foreign keys, off while migrating). Nothing by default.
    /// </summary>
    /// <exception cref="DbException">A check failed: roll back.</exception>
    internal virtual ValueTask CheckMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Restores the connection's settings after the migration transaction ended, committed or not. Nothing by default.</summary>
    /// <exception cref="DbException">The database refused.</exception>
    internal virtual ValueTask EndMigrationAsync(DbConnection connection) => ValueTask.CompletedTask;
}
