using System.Data.Common;
using System.Globalization;

namespace Alpi.HotspotController.Storage;

/// <summary>
/// Reads <c>authentication_data_version</c>, the counter that the schema's triggers (migration 4) move in the same
/// transaction as every change of what decides an Access-Request: accounts inserted, deleted, or their login, password
/// hash or block changed; devices inserted, deleted, moved to another account or (un)blocked; logon tokens issued or
/// used. Whoever writes — this controller, the CLI, another controller on the same PostgreSQL database, an
/// administrator's SQL — moves it, and a reader that sees a change also sees the new version, never one before the
/// other. A device's validity shortened moves it too (migration 5); the activity times (<c>last_active_unix_ms</c>,
/// <c>last_seen_unix_ms</c>, and <c>expires_unix_ms</c> when extended, as renewals do) do not.
/// <para>
/// Cost: SQLite keeps one connection of its own and one prepared statement, read under a lock (a few microseconds, no
/// parsing); PostgreSQL reads it on a pooled connection (one round trip), concurrently. Thread-safe.
/// </para>
/// </summary>
public sealed class AuthenticationDataVersion(HotspotDatabase database) : IAsyncDisposable, IDisposable
{
    private const string Query = "SELECT version FROM authentication_data_version WHERE id = 1";
    private readonly Lock _gate = new();
    private DbConnection? _connection;
    private DbCommand? _command;
    private bool _disposed;

    /// <summary>The counter now: an integer that only grows while the database is the same one.</summary>
    /// <param name="cancellationToken">Cancels the wait for a PostgreSQL connection.</param>
    /// <returns>The version.</returns>
    /// <exception cref="DbException">The database cannot be read, or it has no version 4 of the schema yet.</exception>
    /// <exception cref="InvalidDataException">The table has no row (removed by hand).</exception>
    /// <exception cref="ObjectDisposedException">After <see cref="Dispose"/> or <see cref="DisposeAsync"/>.</exception>
    public async ValueTask<long> ReadAsync(CancellationToken cancellationToken)
    {
        if (database.Dialect != SqlDialect.Sqlite)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = Query;
            return ToVersion(await command.ExecuteScalarAsync(cancellationToken));
        }

        // Microsoft.Data.Sqlite runs synchronously whatever the method's name: its own connection, kept open and used by
        // one caller at a time, saves the pool round and the statement's compilation per request.
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                if (_command is null)
                {
                    _connection = database.Open();
                    _command = _connection.CreateCommand();
                    _command.CommandText = Query;
                    _command.Prepare();
                }

                return ToVersion(_command.ExecuteScalar());
            }
            catch (DbException)
            {
                // The next read starts again from a new connection.
                DropConnection();
                throw;
            }
        }
    }

    /// <summary>Closes the connection kept for SQLite.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            DropConnection();
        }
    }

    /// <summary>Closes the connection kept for SQLite.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void DropConnection()
    {
        _command?.Dispose();
        _connection?.Dispose();
        _command = null;
        _connection = null;
    }

    private static long ToVersion(object? value) =>
        value is null or DBNull ? throw new InvalidDataException("authentication_data_version has no row: the schema was changed by hand.")
            : Convert.ToInt64(value, CultureInfo.InvariantCulture);
}
