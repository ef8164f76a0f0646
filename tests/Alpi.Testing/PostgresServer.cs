using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

namespace Alpi.Testing;

/// <summary>
/// A real PostgreSQL server (Debian package <c>postgresql</c>, the newest <c>/usr/lib/postgresql/N/bin</c>) made by
/// <c>initdb</c> in a temp folder and started by <c>pg_ctl -w start</c> on a free 127.0.0.1 port, its Unix socket in
/// that folder. Superuser <see cref="User"/> with <c>trust</c> authentication (no password). As root, the folder is
/// given to the <c>postgres</c> user and the tools run as it through <c>runuser</c> (initdb refuses root). Settings for
/// tests: <c>fsync=off</c>, <c>full_page_writes=off</c> (a crash of the machine may lose the data — it is thrown away
/// anyway) plus the caller's. Start one per fixture or assembly (about 2 s: <see cref="SharedPostgresServer"/>), and a
/// fresh database per test with <see cref="CreateDatabaseAsync"/> (about 0.2 s). See ../shared/PEERS.md.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    /// <summary>Where Debian installs the server's versions, one <c>N/bin</c> each.</summary>
    public const string InstallRoot = "/usr/lib/postgresql";

    /// <summary>The superuser <c>initdb</c> creates, used by <see cref="ConnectionString"/>.</summary>
    public const string User = "postgres";

    private static int s_databases;
    private readonly TempDirectory _folder;
    private readonly string _bin;
    private readonly bool _asPostgresUser;
    private NpgsqlDataSource? _admin;

    private PostgresServer(TempDirectory folder, string bin, int major, bool asPostgresUser, int port)
    {
        _folder = folder;
        _bin = bin;
        MajorVersion = major;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    /// <summary>The server's TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The server's major version (15 on Debian 12).</summary>
    public int MajorVersion { get; }

    /// <summary>The data directory (<c>PGDATA</c>).</summary>
    public string DataDirectory => Path.Combine(_folder.Path, "data");

    /// <summary>The folder of the server's Unix socket (<c>.s.PGSQL.PORT</c>).</summary>
    public string SocketDirectory => _folder.Path;

    /// <summary>The server's log file (<c>pg_ctl -l</c>), for a failing test's message.</summary>
    public string LogFile => Path.Combine(_folder.Path, "postgres.log");

    /// <summary>The newest installed server's <c>bin</c> folder, or null when none is installed.</summary>
    public static string? FindBinDirectory() =>
        Directory.Exists(InstallRoot)
            ? Directory.EnumerateDirectories(InstallRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Major: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : -1))
                .Where(v => v.Major > 0 && File.Exists(Path.Combine(v.Dir, "initdb")))
                .OrderByDescending(v => v.Major)
                .Select(v => v.Dir)
                .FirstOrDefault()
            : null;

    /// <summary>Creates a cluster and starts it; waits until it accepts connections (<c>pg_ctl -w</c>, at most 60 s).</summary>
    /// <param name="settings">Server settings added to <c>postgresql.conf</c> (<c>synchronous_commit</c> → <c>off</c>), or null.</param>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed or did not start; the message says which, with the tools' output or the server log.</exception>
    public static async Task<PostgresServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var bin = FindBinDirectory()
            ?? throw new InvalidOperationException($"No {InstallRoot}/*/bin/initdb: install the Debian package postgresql (test.sh does).");
        var major = int.Parse(Path.GetFileName(Path.GetDirectoryName(bin))!, CultureInfo.InvariantCulture);
        var asPostgresUser = Environment.UserName == "root";
        var folder = new TempDirectory("alpi-postgres");
        var server = new PostgresServer(folder, bin, major, asPostgresUser, FreePort.Tcp());
        try
        {
            if (asPostgresUser)
            {
                await RunAsync("chown", ["-R", User + ":", folder.Path]);
            }

            await server.RunToolAsync("initdb", ["-D", server.DataDirectory, "-U", User, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"]);
            var conf = new StringBuilder();
            var all = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["listen_addresses"] = "127.0.0.1",
                ["port"] = server.Port.ToString(CultureInfo.InvariantCulture),
                ["unix_socket_directories"] = server.SocketDirectory,
                ["fsync"] = "off",
                ["full_page_writes"] = "off",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                all[key] = value;
            }

            foreach (var (key, value) in all)
            {
                conf.Append(CultureInfo.InvariantCulture, $"{key} = '{value.Replace("'", "''", StringComparison.Ordinal)}'\n");
            }

            await File.AppendAllTextAsync(Path.Combine(server.DataDirectory, "postgresql.conf"), conf.ToString());
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A connection string to <paramref name="database"/> as <see cref="User"/> over TCP, without pooling options (the
    /// caller's data source decides), e.g. <c>Host=127.0.0.1;Port=54321;Username=postgres;Database=postgres</c>.
    /// </summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = User,
        Database = database,
    }.ConnectionString;

    /// <summary>Creates a fresh, empty database (from <c>template1</c>) named <c>alpi_test_N</c>.</summary>
    /// <returns>Its connection string (<see cref="ConnectionString"/>).</returns>
    /// <exception cref="NpgsqlException">The server refused.</exception>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "alpi_test_" + Interlocked.Increment(ref s_databases).ToString(CultureInfo.InvariantCulture);
        await ExecuteAsync($"CREATE DATABASE {name}");
        return ConnectionString(name);
    }

    /// <summary>Runs one statement in the <c>postgres</c> database as the superuser (not in a transaction, so <c>CREATE DATABASE</c> works).</summary>
    /// <exception cref="NpgsqlException">The server refused.</exception>
    public async Task ExecuteAsync(string sql)
    {
        _admin ??= NpgsqlDataSource.Create(ConnectionString());
        await using var command = _admin.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Starts the server again after <see cref="Stop"/>, with the same port and data; waits until it accepts connections.</summary>
    /// <exception cref="InvalidOperationException">It did not start; the message holds the end of its log.</exception>
    public async Task StartAgainAsync()
    {
        try
        {
            await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start"]);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(e.Message + "\nserver log:\n" + ReadLogTail(), e);
        }
    }

    /// <summary>
    /// Stops the server at once (<c>pg_ctl -m immediate</c>: no checkpoint, as a crash of the server would; the data
    /// stays), closing the connections this object opened. Clients see their connections broken.
    /// </summary>
    public void Stop()
    {
        _admin?.Dispose();
        _admin = null;
        if (!File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            return;
        }

        try
        {
            RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"]).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            KillPostmaster();
        }
    }

    /// <summary>Stops the server and deletes its folder.</summary>
    public void Dispose()
    {
        Stop();
        _folder.Dispose();
    }

    private void KillPostmaster()
    {
        // postmaster.pid's first line is the postmaster's PID; its backends exit when it dies.
        try
        {
            var pid = int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (Exception e) when (e is IOException or FormatException or ArgumentException or InvalidOperationException)
        {
            // No pid file, or the process is already gone.
        }
    }

    private string ReadLogTail()
    {
        try
        {
            var lines = File.ReadAllLines(LogFile);
            return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 20)));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private Task RunToolAsync(string tool, string[] arguments) =>
        _asPostgresUser
            ? RunAsync("runuser", ["-u", User, "--", Path.Combine(_bin, tool), .. arguments])
            : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string executable, string[] arguments)
    {
        var info = new ProcessStartInfo(executable, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{executable} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{executable} {string.Join(' ', arguments)} exited with code {process.ExitCode}:\n{await output}{await error}");
        }
    }
}
