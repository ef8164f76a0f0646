using System.Data.Common;
using Dapper;

namespace Alpi.HotspotController.Storage;

/// <summary>The <see cref="SqlDialect"/> of PostgreSQL 12 or later (ICU nondeterministic collations), through Npgsql.</summary>
internal sealed class PostgreSqlDialect : SqlDialect
{
    /// <summary>
    /// The advisory lock key (a <c>bigint</c>, "alpiHSP1" in ASCII) held while migrating. Advisory locks are per
    /// database: another daemon migrating its own tables in the same database must use another key.
    /// </summary>
    public const long MigrationLockKey = 0x616C_7069_4853_5031;

    /// <inheritdoc />
    public override string Name => StorageOptions.PostgreSql;

    /// <inheritdoc />
    public override IReadOnlyList<string> Migrations => PostgreSqlMigrations.All;

    /// <inheritdoc />
    public override string Greatest(string left, string right) => $"GREATEST({left}, {right})";

    /// <inheritdoc />
    public override string InList(string column, string parameter) => $"{column} = ANY({parameter})";

    /// <inheritdoc />
    public override async ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

    /// <inheritdoc />
    internal override async ValueTask<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // READ COMMITTED (the default), not a snapshot level: each statement after the lock sees what the process that
        // held it before committed. The table is created under the lock, as two concurrent CREATE TABLE IF NOT EXISTS
        // can both try to create it and one fail.
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(
                "SELECT pg_advisory_xact_lock(@key); CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);",
                new { key = MigrationLockKey }, transaction);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }
}
