using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Alpi.Collector.Relational;

/// <summary>
/// One database of the collector's state: an SQLite file (WAL; the collector keeps two, <c>state.db</c> and
/// <c>alerts.db</c>, so that alert evaluation never waits on trap or inventory writes), or the collector's schema in a
/// PostgreSQL database, which several collectors may share. The stores write one SQL text for both and ask
/// <see cref="Dialect"/> for the few fragments that differ. Each component's schema is created or migrated by
/// <see cref="MigrateAsync"/>: each version once, in a transaction, recorded in <c>schema_versions</c>; several
/// processes may migrate the same database at once.
/// </summary>
public sealed class StateDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>The <c>application_name</c> PostgreSQL shows in <c>pg_stat_activity</c> unless the connection string names one.</summary>
    public const string ApplicationName = "alpi-collector";

    private readonly DbDataSource _dataSource;
    private readonly string? _sqlitePath;

    private StateDatabase(SqlDialect dialect, DbDataSource dataSource, string description, string? sqlitePath, string? schema)
    {
        Dialect = dialect;
        _dataSource = dataSource;
        Description = description;
        _sqlitePath = sqlitePath;
        Schema = schema;
    }

    /// <summary>What differs in SQL between the provider in use and the other.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>For messages: <c>SQLite file /var/lib/alpi/alerts.db</c> or <c>PostgreSQL schema alpi_collector of database alpi on db.example:5432</c>; never a password.</summary>
    public string Description { get; }

    /// <summary>The PostgreSQL schema of the collector's tables; null for SQLite.</summary>
    public string? Schema { get; }

    /// <summary>Opens (lazily, without pooling: a connection per operation, as the collector always did) the SQLite file at <paramref name="path"/>.</summary>
    /// <param name="path">The file; its directory is created by <see cref="MigrateAsync"/>.</param>
    public static StateDatabase Sqlite(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = fullPath, Pooling = false }.ToString();
        return new StateDatabase(SqlDialect.Sqlite, SqliteFactory.Instance.CreateDataSource(connectionString), "SQLite file " + fullPath, fullPath, null);
    }

    /// <summary>
    /// Opens (lazily) the collector's schema in a PostgreSQL database, through a pooled Npgsql data source. The
    /// connections' <c>search_path</c> is <paramref name="schema"/>; unless the connection string's <c>Options</c>
    /// already set <c>synchronous_commit</c>, each session runs with <c>synchronous_commit=on</c>, so that a commit is on
    /// disk (and on the synchronous standbys) when it returns, whatever the server's default: an SNMP inform is
    /// acknowledged only after that. Unless it names one, the <c>application_name</c> is <see cref="ApplicationName"/>.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="schema">The schema (checked by <see cref="StateOptionsValidator"/>).</param>
    /// <exception cref="ArgumentException">The connection string cannot be read.</exception>
    public static StateDatabase PostgreSql(string connectionString, string schema = StateOptions.DefaultSchema)
    {
        var builder = Builder(connectionString, schema);
        var description = $"PostgreSQL schema {schema} of database {builder.Database ?? builder.Username} on {builder.Host}:{builder.Port}";
        return new StateDatabase(SqlDialect.PostgreSql, NpgsqlDataSource.Create(builder), description, null, schema);
    }

    /// <summary>
    /// <paramref name="connectionString"/> as the collector's connections use it (see <see cref="PostgreSql"/>): its
    /// <c>Search Path</c> <paramref name="schema"/>, <c>synchronous_commit=on</c> unless set, and the application name.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string cannot be read.</exception>
    public static string PostgreSqlConnectionString(string connectionString, string schema) => Builder(connectionString, schema).ConnectionString;

    private static NpgsqlConnectionStringBuilder Builder(string connectionString, string schema)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("synchronous_commit", StringComparison.OrdinalIgnoreCase) != true)
        {
            builder.Options = ((builder.Options ?? "") + " -c synchronous_commit=on").Trim();
        }

        builder.ApplicationName ??= ApplicationName;
        builder.SearchPath = schema;
        return builder;
    }

    /// <summary>
    /// Creates or migrates the schema of one component: applies each of its steps not yet recorded, in one transaction
    /// taken once no other process is migrating the same database (<see cref="SqlDialect"/>). For SQLite, first creates
    /// the file's directory.
    /// </summary>
    /// <param name="migrations">The component's steps.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="DbException">The database cannot be reached, opened or written; nothing was applied.</exception>
    /// <exception cref="InvalidOperationException">The database holds a later version of the component than this collector knows (a newer collector migrated it); nothing was changed.</exception>
    public async Task MigrateAsync(SchemaMigrations migrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        if (_sqlitePath is not null)
        {
            Alpi.Protocols.IO.PrivateDirectory.Create(Path.GetDirectoryName(_sqlitePath)!);
        }

        var steps = migrations.For(Dialect);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await Dialect.BeginMigrationAsync(connection, Schema, cancellationToken);
        var applied = Convert.ToInt32(await ScalarAsync(connection, transaction,
            "SELECT COALESCE(MAX(version), 0) FROM schema_versions WHERE component = @component", migrations.Component, cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
        if (applied > steps.Count)
        {
            throw new InvalidOperationException(
                $"{Description}: the {migrations.Component} schema is at version {applied}, and this collector knows versions up to {steps.Count} only: a newer collector migrated it. Run the newer collector.");
        }

        for (var version = applied; version < steps.Count; version++)
        {
            var step = steps[version];
            if (step.SkipWhen is not null && Convert.ToInt64(await ScalarAsync(connection, transaction, step.SkipWhen, null, cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                continue;
            }

            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
#pragma warning disable CA2100 // the migrations are constants of the collector
            command.CommandText = step.Sql;
#pragma warning restore CA2100
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var record = connection.CreateCommand())
        {
            record.Transaction = transaction;
            record.CommandText = """
                INSERT INTO schema_versions (component, version) VALUES (@component, @version)
                ON CONFLICT (component) DO UPDATE SET version = excluded.version
                """;
            record.AddParameter("@component", migrations.Component);
            record.AddParameter("@version", steps.Count);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Opens a connection (pooled for PostgreSQL). SQLite: a locked database is retried by Microsoft.Data.Sqlite for up
    /// to its command time-out; durability is SQLite's default <c>synchronous = FULL</c> in WAL mode. The caller
    /// disposes the connection.
    /// </summary>
    /// <exception cref="DbException">The database cannot be opened or reached.</exception>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>Closes the idle pooled connections.</summary>
    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();

    /// <summary>Closes the idle pooled connections.</summary>
    public void Dispose() => _dataSource.Dispose();

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, string? component, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // constants of the collector
        command.CommandText = sql;
#pragma warning restore CA2100
        if (component is not null)
        {
            command.AddParameter("@component", component);
        }

        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
