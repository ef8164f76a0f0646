using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Alpi.HotspotController.Storage;

/// <summary>The <see cref="SqlDialect"/> of SQLite (3.35 or later, as bundled with Microsoft.Data.Sqlite).</summary>
internal sealed class SqliteDialect : SqlDialect
{
    /// <inheritdoc />
    public override string Name => StorageOptions.Sqlite;

    /// <inheritdoc />
    public override IReadOnlyList<string> Migrations => SqliteMigrations.All;

    /// <inheritdoc />
    public override string Greatest(string left, string right) => $"MAX({left}, {right})";

    /// <inheritdoc />
    public override string InList(string column, string parameter) => $"{column} IN {parameter}";

    /// <inheritdoc />
    public override ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    /// <inheritdoc />
    internal override async ValueTask<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // The journal mode and foreign keys cannot change inside a transaction; the statements are idempotent. Foreign
        // keys are off so that a table rebuilt by a migration (DROP then RENAME, SQLite's documented procedure) neither
        // cascades to the rows referring to it nor breaks; CheckMigrationAsync checks them before the commit.
        await connection.ExecuteAsync("PRAGMA foreign_keys = OFF; PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);");
        return await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
    }

    /// <inheritdoc />
    internal override async ValueTask CheckMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var broken = (await connection.QueryAsync<string>("SELECT \"table\" FROM pragma_foreign_key_check", transaction: transaction)).AsList();
        if (broken.Count > 0)
        {
            throw new SqliteException($"The migration left {broken.Count} row(s) whose foreign key refers to nothing (tables {string.Join(", ", broken.Distinct())}); nothing was applied.", 19);
        }
    }

    /// <inheritdoc />
    internal override async ValueTask EndMigrationAsync(DbConnection connection) =>
        await connection.ExecuteAsync("PRAGMA foreign_keys = ON");
}
