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
        // The journal mode cannot change inside a transaction; both statements are idempotent.
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);");
        return await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
    }
}
