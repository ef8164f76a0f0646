using Alpi.Collector.Relational;
using Alpi.Testing;

namespace Alpi.Collector.Tests;

/// <summary>
/// The collector's state for one test: the SQLite files in a temporary data directory, or a fresh database on the
/// assembly's PostgreSQL server (<see cref="SharedPostgresServer"/>), with the options that point stores or a whole
/// collector at it. <see cref="Open"/> gives a new <see cref="CollectorDatabases"/> over it, as a restart would.
/// </summary>
internal sealed class StateTestDatabase : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("alpi-state");
    private readonly List<CollectorDatabases> _opened = [];

    private StateTestDatabase(string provider, string? connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
    }

    /// <summary><see cref="StateOptions.Sqlite"/> or <see cref="StateOptions.PostgreSql"/>.</summary>
    public string Provider { get; }

    /// <summary>The PostgreSQL database's connection string, or null for SQLite.</summary>
    public string? ConnectionString { get; }

    /// <summary>The data directory (the SQLite files' folder; with PostgreSQL, a free folder for files).</summary>
    public string DataDirectory => _directory.Path;

    /// <summary>The configuration that points a collector at this state: <c>Collector:DataDirectory</c> and <c>Collector:State:*</c>.</summary>
    public IReadOnlyDictionary<string, string?> Settings => ConnectionString is null
        ? new Dictionary<string, string?> { ["Collector:DataDirectory"] = DataDirectory }
        : new Dictionary<string, string?>
        {
            ["Collector:DataDirectory"] = DataDirectory,
            ["Collector:State:Provider"] = Provider,
            ["Collector:State:ConnectionString"] = ConnectionString,
        };

    /// <summary>Creates the state of <paramref name="provider"/>: a temporary folder, or a fresh PostgreSQL database (not migrated: the stores do it).</summary>
    public static async Task<StateTestDatabase> CreateAsync(string provider)
    {
        var connectionString = provider switch
        {
            StateOptions.Sqlite => null,
            StateOptions.PostgreSql => await (await SharedPostgresServer.GetAsync()).CreateDatabaseAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "sqlite or postgresql"),
        };
        return new StateTestDatabase(provider, connectionString);
    }

    /// <summary>Options pointing at this state (data directory and <c>Collector:State</c>), for the caller to complete.</summary>
    public CollectorOptions Options()
    {
        var options = new CollectorOptions { DataDirectory = DataDirectory };
        Apply(options);
        return options;
    }

    /// <summary>Points <paramref name="options"/> at this state.</summary>
    public void Apply(CollectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DataDirectory = DataDirectory;
        if (ConnectionString is not null)
        {
            options.State.Provider = StateOptions.PostgreSql;
            options.State.ConnectionString = ConnectionString;
        }
    }

    /// <summary>New databases over this state, disposed with it.</summary>
    public CollectorDatabases Open()
    {
        var databases = new CollectorDatabases(Options());
        _opened.Add(databases);
        return databases;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var databases in _opened)
        {
            await databases.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
