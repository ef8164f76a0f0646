namespace Alpi.Testing;

/// <summary>
/// One <see cref="PostgresServer"/> for a whole test assembly (each runs in its own process), started on first use so
/// that a run that needs none starts none. Stop it from the assembly's <c>[SetUpFixture]</c>:
/// <code>[OneTimeTearDown] public void StopPostgres() => SharedPostgresServer.Stop();</code>
/// Give each test its own database (<see cref="PostgresServer.CreateDatabaseAsync"/>).
/// </summary>
public static class SharedPostgresServer
{
    private static readonly Lock s_gate = new();
    private static Task<PostgresServer>? s_server;
    private static IReadOnlyDictionary<string, string>? s_settings;

    /// <summary>
    /// Server settings for the shared server (see <see cref="PostgresServer.StartAsync"/>); call before the first
    /// <see cref="GetAsync"/>, from the same <c>[SetUpFixture]</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server has already started.</exception>
    public static void Configure(IReadOnlyDictionary<string, string> settings)
    {
        lock (s_gate)
        {
            if (s_server is not null)
            {
                throw new InvalidOperationException("The shared PostgreSQL server has already started: configure it before the first GetAsync.");
            }

            s_settings = settings;
        }
    }

    /// <summary>The shared server, started by the first call (later calls wait for the same start).</summary>
    /// <exception cref="InvalidOperationException">It could not start (every call then rethrows the same error).</exception>
    public static Task<PostgresServer> GetAsync()
    {
        lock (s_gate)
        {
            return s_server ??= PostgresServer.StartAsync(s_settings);
        }
    }

    /// <summary>Stops and deletes the shared server, if it was started.</summary>
    public static void Stop()
    {
        Task<PostgresServer>? server;
        lock (s_gate)
        {
            server = s_server;
            s_server = null;
        }

        if (server is { IsCompletedSuccessfully: true })
        {
            server.Result.Dispose();
        }
    }
}
