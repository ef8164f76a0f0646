namespace Alpi.Collector.Relational;

/// <summary>
/// Where the collector keeps its relational state (<c>Collector:State</c>): host inventory, alert state and history,
/// the notification outbox, silences and API maintenance windows, trap events. SQLite files in
/// <c>Collector:DataDirectory</c> (the default: <c>state.db</c> and <c>alerts.db</c>), or one PostgreSQL database,
/// which several collectors may share, the collector's tables in their own PostgreSQL schema (<see cref="Schema"/>).
/// </summary>
public sealed class StateOptions
{
    /// <summary>The <see cref="Provider"/> value of the SQLite files (default).</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The <see cref="Provider"/> value of a PostgreSQL database.</summary>
    public const string PostgreSql = "postgresql";

    /// <summary>The default <see cref="Schema"/>.</summary>
    public const string DefaultSchema = "alpi_collector";

    /// <summary><c>sqlite</c> (default) or <c>postgresql</c>, in any letter case.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// The PostgreSQL database, as an Npgsql connection string
    /// (<c>Host=db.example;Port=5432;Database=alpi;Username=alpi_collector;Password=…</c>); required with
    /// <c>postgresql</c>, not allowed with <c>sqlite</c>. Its <c>Search Path</c> is replaced by <see cref="Schema"/>. The
    /// password is never logged nor printed.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The PostgreSQL schema holding the collector's tables, Quartz.NET's included (<c>qrtz_*</c>); created by the first
    /// start (the role needs <c>CREATE</c> on the database, or the schema made beforehand and owned by it). Default
    /// <c>alpi_collector</c>, so that the hotspot controller's tables (schema <c>public</c>) and the collector's never
    /// meet in one database. Lower-case letters, digits and <c>_</c>, starting with a letter, at most 63 characters.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>True when <see cref="Provider"/> names PostgreSQL.</summary>
    public bool IsPostgreSql => string.Equals(Provider?.Trim(), PostgreSql, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <see cref="Provider"/> names SQLite.</summary>
    public bool IsSqlite => string.Equals(Provider?.Trim(), Sqlite, StringComparison.OrdinalIgnoreCase);
}
