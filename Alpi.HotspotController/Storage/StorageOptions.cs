namespace Alpi.HotspotController.Storage;

/// <summary>
/// Where the controller keeps its relational state (<c>Hotspot:Storage</c>): an SQLite file (the default,
/// <c>&lt;DataDirectory&gt;/hotspot.db</c>) or a PostgreSQL database, which several controllers may share.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The <see cref="Provider"/> value of the SQLite file (default).</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The <see cref="Provider"/> value of a PostgreSQL database.</summary>
    public const string PostgreSql = "postgresql";

    /// <summary><c>sqlite</c> (default) or <c>postgresql</c>, in any letter case.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// The PostgreSQL database, as an Npgsql connection string
    /// (<c>Host=db.example;Port=5432;Database=alpi_hotspot;Username=alpi;Password=…</c>); required with
    /// <c>postgresql</c>, not allowed with <c>sqlite</c> (whose file is <c>&lt;DataDirectory&gt;/hotspot.db</c>).
    /// The password is never logged nor printed.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>True when <see cref="Provider"/> names PostgreSQL.</summary>
    public bool IsPostgreSql => string.Equals(Provider?.Trim(), PostgreSql, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <see cref="Provider"/> names SQLite.</summary>
    public bool IsSqlite => string.Equals(Provider?.Trim(), Sqlite, StringComparison.OrdinalIgnoreCase);
}
