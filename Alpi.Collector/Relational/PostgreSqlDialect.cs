using System.Data.Common;

namespace Alpi.Collector.Relational;

/// <summary>The <see cref="SqlDialect"/> of PostgreSQL 12 or later, through Npgsql.</summary>
internal sealed class PostgreSqlDialect : SqlDialect
{
    /// <summary>
    /// The advisory lock key (a <c>bigint</c>, "alpiCOL1" in ASCII) held while migrating. Advisory locks are per
    /// database: the hotspot controller migrates its own tables under another key ("alpiHSP1", 0x616C706948535031), so
    /// that neither waits for the other nor takes the other's lock for its own.
    /// </summary>
    public const long MigrationLockKey = 0x616C_7069_434F_4C31;

    /// <inheritdoc />
    public override string Name => StateOptions.PostgreSql;

    /// <inheritdoc />
    public override string SkipLocked => " FOR UPDATE SKIP LOCKED";

    /// <inheritdoc />
    public override string Greatest(string left, string right) => $"GREATEST({left}, {right})";

    /// <inheritdoc />
    public override string Least(string left, string right) => $"LEAST({left}, {right})";

    /// <inheritdoc />
    internal override async ValueTask<DbTransaction> BeginMigrationAsync(DbConnection connection, string? schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        // READ COMMITTED (the default): each statement after the lock sees what the process that held it before
        // committed. The schema and the version table are created under the lock, as two concurrent CREATE … IF NOT
        // EXISTS can both try and one fail. The schema is looked up first: CREATE SCHEMA checks the right to create
        // one in the database even when it exists, which a role given a schema made by the DBA does not have.
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            bool exists;
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "SELECT pg_advisory_xact_lock(@key); SELECT COUNT(*) FROM pg_namespace WHERE nspname = @schema;";
                command.AddParameter("@key", MigrationLockKey);
                command.AddParameter("@schema", schema);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.NextResultAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                exists = reader.GetInt64(0) > 0;
            }

            if (!exists)
            {
                await using var create = connection.CreateCommand();
                create.Transaction = transaction;
#pragma warning disable CA2100 // the schema name is checked by StateOptionsValidator (lower-case letters, digits, _)
                create.CommandText = $"CREATE SCHEMA {schema}";
#pragma warning restore CA2100
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
#pragma warning disable CA2100 // as above
                command.CommandText = $"CREATE TABLE IF NOT EXISTS {schema}.schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL)";
#pragma warning restore CA2100
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }
}
