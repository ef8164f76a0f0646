namespace Alpi.Collector.Storage;

/// <summary>
/// Where time series are kept (<c>Collector:Storage</c>): the embedded DuckDB file (default), InfluxDB 1.x through
/// its HTTP API, or InfluxDB 2.x/3.x through <c>InfluxDB.Client</c>.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The embedded DuckDB store (<see cref="Kind"/> value).</summary>
    public const string KindDuckDb = "duckdb";

    /// <summary>InfluxDB 1.x, HTTP <c>/write</c> and InfluxQL <c>/query</c> (<see cref="Kind"/> value).</summary>
    public const string KindInfluxDb1 = "influxdb1";

    /// <summary>InfluxDB 2.x or 3.x, v2 write API and Flux (<see cref="Kind"/> value).</summary>
    public const string KindInfluxDb2 = "influxdb2";

    /// <summary><c>duckdb</c> (default), <c>influxdb1</c> or <c>influxdb2</c>, case-insensitive.</summary>
    public string Kind { get; set; } = KindDuckDb;

    /// <summary>The embedded DuckDB store's settings, read when <see cref="Kind"/> is <c>duckdb</c>.</summary>
    public DuckDb.DuckDbOptions DuckDb { get; set; } = new();

    /// <summary>InfluxDB 1.x settings, read when <see cref="Kind"/> is <c>influxdb1</c>.</summary>
    public InfluxDb1Options InfluxDb1 { get; set; } = new();

    /// <summary>InfluxDB 2.x/3.x settings, read when <see cref="Kind"/> is <c>influxdb2</c>.</summary>
    public InfluxDb2Options InfluxDb2 { get; set; } = new();
}

/// <summary>What InfluxDB stores share: request time-out, batching and retries of writes.</summary>
public abstract class InfluxWriteOptions
{
    /// <summary>Server base URL (<c>http://127.0.0.1:8086</c>).</summary>
    public string Url { get; set; } = "http://127.0.0.1:8086";

    /// <summary>Time-out of one HTTP request; a timed-out write is retried. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most lines sent in one write request. Default 5,000 (InfluxData recommends 5,000 to 10,000).</summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>
    /// Attempts of one write request on 5xx answers, time-outs and refused connections before the store reports the
    /// failure (the ingest writer then retries the whole batch later, acknowledging nothing meanwhile). Default 5.
    /// </summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry, doubled at each further one up to <see cref="MaxRetryDelay"/>. Default 0.5 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest delay between two attempts. Default 10 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>InfluxDB 1.x (<c>Collector:Storage:InfluxDb1</c>). Source: InfluxDB 1.x HTTP API documentation.</summary>
public sealed class InfluxDb1Options : InfluxWriteOptions
{
    /// <summary>Database name (<c>db=</c>). Default <c>alpi</c>.</summary>
    public string Database { get; set; } = "alpi";

    /// <summary>
    /// Retention policy written to and read from (<c>rp=</c>), or null: the database's default policy, or <c>alpi_raw</c>
    /// when retention is enabled (<c>Collector:Storage:Retention</c>), which then creates it when missing with
    /// <c>RawRetentionDays</c> as its duration.
    /// </summary>
    public string? RetentionPolicy { get; set; }

    /// <summary>
    /// Retention policy of the 5-minute aggregates, created when missing with <c>RollupRetentionDays</c> as its duration
    /// (read only when retention is enabled). Default <c>rollup_5m</c>.
    /// </summary>
    public string RollupRetentionPolicy { get; set; } = "rollup_5m";

    /// <summary>User for HTTP basic authentication, or null when InfluxDB runs without <c>auth-enabled</c>.</summary>
    public string? Username { get; set; }

    /// <summary>Password for basic authentication (never logged).</summary>
    public string? Password { get; set; }

    /// <summary>Send <c>CREATE DATABASE</c> at start (idempotent; needs an admin user when auth is on). Default true.</summary>
    public bool CreateDatabase { get; set; } = true;
}

/// <summary>InfluxDB 2.x/3.x (<c>Collector:Storage:InfluxDb2</c>) through InfluxDB.Client 5.1.</summary>
public sealed class InfluxDb2Options : InfluxWriteOptions
{
    /// <summary>Organisation name.</summary>
    public string? Org { get; set; }

    /// <summary>Bucket name.</summary>
    public string? Bucket { get; set; }

    /// <summary>
    /// Bucket of the 5-minute aggregates, created when missing with <c>RollupRetentionDays</c> as its retention (read only
    /// when retention is enabled, <c>Collector:Storage:Retention</c>). Default: <see cref="Bucket"/> followed by <c>_rollup_5m</c>.
    /// </summary>
    public string? RollupBucket { get; set; }

    /// <summary>API token with write and read access to the bucket (never logged).</summary>
    public string? Token { get; set; }
}
