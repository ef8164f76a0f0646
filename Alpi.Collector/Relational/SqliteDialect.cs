using System.Data;
using System.Data.Common;

namespace Alpi.Collector.Relational;

/// <summary>The <see cref="SqlDialect"/> of SQLite (3.35 or later, as bundled with Microsoft.Data.Sqlite).</summary>
internal sealed class SqliteDialect : SqlDialect
{
    /// <inheritdoc />
    public override string Name => StateOptions.Sqlite;

    /// <inheritdoc />
    public override string SkipLocked => "";

    /// <inheritdoc />
    public override string Greatest(string left, string right) => $"MAX({left}, {right})";

    /// <inheritdoc />
    public override string Least(string left, string right) => $"MIN({left}, {right})";

    /// <inheritdoc />
    internal override async ValueTask<DbTransaction> BeginMigrationAsync(DbConnection connection, string? schema, CancellationToken cancellationToken)
    {
        // The journal mode cannot change inside a transaction; both statements are idempotent.
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL);";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // Microsoft.Data.Sqlite begins a non-deferred transaction with BEGIN IMMEDIATE: the write lock at once.
        return await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
    }
}
