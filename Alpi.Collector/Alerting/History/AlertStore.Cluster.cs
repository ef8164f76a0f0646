using System.Data.Common;
using System.Globalization;
using Alpi.Collector.Relational;

namespace Alpi.Collector.Alerting.History;

/// <summary>
/// The engine's turns across the collectors of a cluster (PostgreSQL only): a step of the alert engine (a tick, an
/// acknowledgement, a trap) is taken under a PostgreSQL advisory lock, and the generation in <c>alert_engine</c>, which
/// every save advances, tells the collector taking it whether another changed the state since it last read it.
/// </summary>
public sealed partial class AlertStore
{
    /// <summary>
    /// The advisory lock key of the engine's turns (a <c>bigint</c>, "alpiALR1" in ASCII): distinct from the
    /// collector's migration key ("alpiCOL1") and the hotspot controller's ("alpiHSP1").
    /// </summary>
    public const long EngineTurnLockKey = 0x616C_7069_414C_5231;

    /// <summary>The engine's generation: advanced by every save of a step and every silence or window created or deleted.</summary>
    /// <exception cref="DbException">The database cannot be reached.</exception>
    public async Task<long> GenerationAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT generation FROM alert_engine WHERE id = 1";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Waits for this collector's turn at the engine: opens a connection, begins a transaction and takes the
    /// transaction-scoped advisory lock <see cref="EngineTurnLockKey"/>, held until the turn is disposed (or the
    /// connection breaks, as when the collector dies), then reads the generation. The saves of the turn use their own
    /// connections.
    /// </summary>
    /// <returns>The turn; dispose it once the step is saved.</returns>
    /// <exception cref="InvalidOperationException">The database is not PostgreSQL.</exception>
    /// <exception cref="DbException">The database cannot be reached.</exception>
    public async Task<EngineTurn> BeginTurnAsync(CancellationToken cancellationToken)
    {
        if (!_database.Dialect.IsPostgreSql)
        {
            throw new InvalidOperationException("Engine turns are taken on PostgreSQL only: one collector has the SQLite files to itself.");
        }

        var connection = await _database.OpenAsync(cancellationToken);
        DbTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT pg_advisory_xact_lock(@key); SELECT generation FROM alert_engine WHERE id = 1;";
            command.AddParameter("@key", EngineTurnLockKey);
            long generation;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                await reader.NextResultAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                generation = reader.GetInt64(0);
            }

            return new EngineTurn(connection, transaction, generation);
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }

            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<long> AdvanceGenerationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE alert_engine SET generation = generation + 1 WHERE id = 1 RETURNING generation";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// One collector's turn at the alert engine (<see cref="AlertStore.BeginTurnAsync"/>): holds the cluster-wide advisory
/// lock until disposed.
/// </summary>
public sealed class EngineTurn : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;

    internal EngineTurn(DbConnection connection, DbTransaction transaction, long generation)
    {
        _connection = connection;
        _transaction = transaction;
        Generation = generation;
    }

    /// <summary>The engine's generation when the turn began.</summary>
    public long Generation { get; }

    /// <summary>Ends the turn: releases the lock (the transaction wrote nothing) and the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
