using Microsoft.Extensions.Options;

namespace Alpi.Collector.Relational;

/// <summary>
/// The databases of the collector's state as configured in <c>Collector:State</c>: with SQLite two files in the data
/// directory, <see cref="State"/> (<c>state.db</c>: host inventory, trap events) and <see cref="Alerts"/>
/// (<c>alerts.db</c>: alert state and history, the notification outbox, silences and API maintenance windows); with
/// PostgreSQL both are the one database, the collector's tables in its own schema.
/// </summary>
public sealed class CollectorDatabases : IAsyncDisposable, IDisposable
{
    /// <summary>Opens (lazily) the databases of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The PostgreSQL connection string cannot be read (reported first by <see cref="StateOptionsValidator"/>).</exception>
    public CollectorDatabases(IOptions<CollectorOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value)
    {
    }

    /// <summary>Opens (lazily) the databases of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The PostgreSQL connection string cannot be read.</exception>
    public CollectorDatabases(CollectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.State.IsPostgreSql)
        {
            State = Alerts = StateDatabase.PostgreSql(options.State.ConnectionString ?? "", options.State.Schema);
        }
        else
        {
            State = StateDatabase.Sqlite(Path.Combine(options.DataDirectoryFullPath, "state.db"));
            Alerts = StateDatabase.Sqlite(Path.Combine(options.DataDirectoryFullPath, "alerts.db"));
        }
    }

    /// <summary>Host inventory and trap events: <c>state.db</c>, or the PostgreSQL database.</summary>
    public StateDatabase State { get; }

    /// <summary>Alert state, history, outbox and silences: <c>alerts.db</c>, or the PostgreSQL database.</summary>
    public StateDatabase Alerts { get; }

    /// <summary>Closes the idle pooled connections.</summary>
    public async ValueTask DisposeAsync()
    {
        await State.DisposeAsync();
        if (!ReferenceEquals(State, Alerts))
        {
            await Alerts.DisposeAsync();
        }
    }

    /// <summary>Closes the idle pooled connections.</summary>
    public void Dispose()
    {
        State.Dispose();
        if (!ReferenceEquals(State, Alerts))
        {
            Alerts.Dispose();
        }
    }
}
