using System.Data.Common;

namespace Alpi.Collector.Relational;

/// <summary>
/// What differs between the two databases the collector's state runs on, SQLite and PostgreSQL: the stores hold one
/// text of each statement and ask this object only for the fragments that cannot be written once. Written once,
/// because both accept it: named parameters spelt <c>@name</c>, upserts (<c>INSERT … ON CONFLICT … DO UPDATE</c>,
/// SQLite 3.24, PostgreSQL 9.5) with the target table's columns qualified by its name, <c>RETURNING</c> (SQLite 3.35),
/// times as Unix milliseconds in 64-bit integers, flags as booleans written and read through ADO.NET's
/// <see cref="bool"/> (SQLite stores 0/1, PostgreSQL columns are <c>boolean</c>). Different, hence here: the
/// two-argument maximum and minimum, and how migrations are serialised. Modelled on the hotspot controller's own
/// <c>Alpi.HotspotController.Storage.SqlDialect</c>, kept separate so that each daemon migrates under its own lock.
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

    /// <summary>True for PostgreSQL.</summary>
    public bool IsPostgreSql => ReferenceEquals(this, PostgreSql);

    /// <summary>
    /// The larger of two non-null values: SQLite's scalar <c>MAX(a, b)</c>, PostgreSQL's <c>GREATEST(a, b)</c>
    /// (PostgreSQL's <c>MAX</c> is only an aggregate).
    /// </summary>
    /// <param name="left">An SQL expression.</param>
    /// <param name="right">Another.</param>
    /// <returns>The SQL expression.</returns>
    public abstract string Greatest(string left, string right);

    /// <summary>The smaller of two non-null values: SQLite's scalar <c>MIN(a, b)</c>, PostgreSQL's <c>LEAST(a, b)</c>.</summary>
    /// <param name="left">An SQL expression.</param>
    /// <param name="right">Another.</param>
    /// <returns>The SQL expression.</returns>
    public abstract string Least(string left, string right);

    /// <summary>
    /// What ends a <c>SELECT</c> that picks rows to claim so that concurrent claimers skip each other's rows instead of
    /// waiting: PostgreSQL's <c> FOR UPDATE SKIP LOCKED</c>; nothing for SQLite, whose writers take turns anyway. The
    /// claiming <c>UPDATE</c> repeats the claim's condition in its own <c>WHERE</c>, so that a row claimed meanwhile is
    /// not claimed twice.
    /// </summary>
    public abstract string SkipLocked { get; }

    /// <summary>
    /// Begins the migration transaction, once no other process can be migrating the same database, and once
    /// <c>schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL)</c> exists. SQLite: WAL mode on, then
    /// <c>BEGIN IMMEDIATE</c> (the write lock, waited for up to the busy time-out). PostgreSQL:
    /// <c>pg_advisory_xact_lock</c> on the collector's own key (<see cref="PostgreSqlDialect.MigrationLockKey"/>), held
    /// until the transaction ends, so that collectors starting together apply each migration once; then the schema is
    /// created if it does not exist.
    /// </summary>
    /// <param name="connection">An open connection of this provider.</param>
    /// <param name="schema">The PostgreSQL schema of the collector's tables; null for SQLite.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="DbException">The database refused (no right to create the schema, say) or the wait timed out.</exception>
    internal abstract ValueTask<DbTransaction> BeginMigrationAsync(DbConnection connection, string? schema, CancellationToken cancellationToken);
}
