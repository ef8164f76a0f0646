using System.Collections.Concurrent;
using DuckDB.NET.Data;

namespace Alpi.Collector.Storage.DuckDb;

/// <summary>
/// A fixed set of DuckDB connections used only for reads, so that several queries run side by side instead of one
/// after the other. Every connection is opened on the same <c>Data Source</c> as the store's writer: DuckDB.NET keeps
/// one database instance per data source in the process (its <c>ConnectionManager</c>, reference-counted) and opens each
/// <see cref="DuckDBConnection"/> as a new <c>duckdb_connect</c> on it, so the pool shares the writer's buffer manager,
/// settings (<c>memory_limit</c>, <c>threads</c>) and committed data. A statement run in auto-commit mode on any of
/// them sees every transaction committed before it started (DuckDB's MVCC: each statement is its own transaction, with
/// the snapshot of its start). A <see cref="DuckDBConnection"/> must not be used by two threads at once: a connection
/// is lent to one caller at a time by <see cref="RentAsync"/> and comes back when its <see cref="Lease"/> is disposed.
/// Source: DuckDB documentation, "Concurrency" (several connections of one process; optimistic MVCC) and
/// "Transaction management"; DuckDB.NET source, <c>DuckDB.NET.Data/Connection/ConnectionManager.cs</c>.
/// </summary>
internal sealed class DuckDbReaderPool : IDisposable
{
    private readonly DuckDBConnection[] _all;
    private readonly ConcurrentStack<DuckDBConnection> _idle;
    private readonly SemaphoreSlim _available;
    private int _disposed;

    private DuckDbReaderPool(DuckDBConnection[] connections)
    {
        _all = connections;
        _idle = new ConcurrentStack<DuckDBConnection>(connections);
        _available = new SemaphoreSlim(connections.Length, connections.Length);
    }

    /// <summary>Number of connections in the pool: the most reads that run at once.</summary>
    public int Size => _all.Length;

    /// <summary>
    /// Opens <paramref name="size"/> connections on <paramref name="dataSource"/> (a database file path, or
    /// <c>:memory:</c> forms as DuckDB.NET accepts them).
    /// </summary>
    /// <param name="dataSource">The <c>Data Source</c> of the connection string, as the writer's.</param>
    /// <param name="size">Connections to open, at least 1.</param>
    /// <param name="cancellationToken">Stops between two openings; those already opened are closed.</param>
    /// <returns>The pool, every connection open.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is less than 1.</exception>
    /// <exception cref="DuckDBException">DuckDB could not open a connection; those already opened are closed.</exception>
    public static async Task<DuckDbReaderPool> OpenAsync(string dataSource, int size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var connections = new List<DuckDBConnection>(size);
        try
        {
            for (var i = 0; i < size; i++)
            {
                var connection = new DuckDBConnection($"Data Source={dataSource}");
                connections.Add(connection);
                await connection.OpenAsync(cancellationToken);
            }
        }
        catch
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }

            throw;
        }

        return new DuckDbReaderPool([.. connections]);
    }

    /// <summary>
    /// Waits for an idle connection and lends it until the returned lease is disposed. The caller runs its statements
    /// on <see cref="Lease.Connection"/> from one thread at a time and disposes the lease once its readers are closed.
    /// </summary>
    /// <param name="cancellationToken">Stops the wait; nothing is lent then.</param>
    /// <returns>The lease of one connection.</returns>
    /// <exception cref="ObjectDisposedException">The pool is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public async ValueTask<Lease> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _available.WaitAsync(cancellationToken);
        if (!_idle.TryPop(out var connection))
        {
            // The semaphore counts the idle connections: one is always there once it is entered.
            _available.Release();
            throw new InvalidOperationException("The DuckDB reader pool lent more connections than it holds.");
        }

        return new Lease(this, connection);
    }

    /// <summary>
    /// Runs <paramref name="read"/> on a lent connection and gives the connection back, whatever the outcome.
    /// </summary>
    /// <typeparam name="T">What the read returns.</typeparam>
    /// <param name="read">Statements on the connection; it must close its readers before it returns.</param>
    /// <param name="cancellationToken">Stops the wait for a connection (not a statement already running).</param>
    /// <returns>What <paramref name="read"/> returned.</returns>
    /// <exception cref="ObjectDisposedException">The pool is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    /// <exception cref="DuckDBException">A statement failed (the connection is given back and stays usable).</exception>
    public async ValueTask<T> ReadAsync<T>(Func<DuckDBConnection, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        using var lease = await RentAsync(cancellationToken);
        return read(lease.Connection);
    }

    /// <summary>Closes every connection, lent or not; a read still running on a lent one fails.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var connection in _all)
        {
            connection.Dispose();
        }

        _available.Dispose();
    }

    private void Return(DuckDBConnection connection)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return; // closed with the pool
        }

        _idle.Push(connection);
        try
        {
            _available.Release();
        }
        catch (ObjectDisposedException)
        {
            // The pool was disposed between the check above and here: the connection is closed with it.
        }
    }

    /// <summary>One connection lent by <see cref="RentAsync"/>; disposing it gives the connection back (once).</summary>
    public sealed class Lease : IDisposable
    {
        private DuckDbReaderPool? _pool;

        internal Lease(DuckDbReaderPool pool, DuckDBConnection connection)
        {
            _pool = pool;
            Connection = connection;
        }

        /// <summary>The connection lent: for this caller only until the lease is disposed.</summary>
        public DuckDBConnection Connection { get; }

        /// <summary>Gives the connection back to the pool; a second call does nothing.</summary>
        public void Dispose() => Interlocked.Exchange(ref _pool, null)?.Return(Connection);
    }
}
