namespace Alpi.Collector;

/// <summary>
/// Configuration of the collector, bound from the <c>Collector</c> section of <c>collector.json</c> and from
/// environment variables (<c>ALPI_Collector__Broker__Port=1884</c>) or command-line switches
/// (<c>--Collector:Http:Url=http://127.0.0.1:9090</c>).
/// </summary>
public sealed class CollectorOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Collector";

    /// <summary>Where the embedded stores keep their files (and the SQLite state files); relative paths are resolved against the current directory. Default <c>data</c>.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary><see cref="DataDirectory"/> as an absolute path.</summary>
    public string DataDirectoryFullPath => Path.GetFullPath(DataDirectory);

    /// <summary>The relational state: SQLite files (default) or PostgreSQL (<c>Collector:State</c>).</summary>
    public Relational.StateOptions State { get; set; } = new();

    /// <summary>Several collectors as one: Quartz.NET's clustered job store (<c>Collector:Cluster</c>).</summary>
    public Scheduling.ClusterOptions Cluster { get; set; } = new();

    /// <summary>The time-series store: embedded DuckDB (default) or InfluxDB (<c>Collector:Storage</c>).</summary>
    public Storage.StorageOptions Storage { get; set; } = new();

    /// <summary>The MQTT broker: embedded or external.</summary>
    public CollectorBrokerOptions Broker { get; set; } = new();

    /// <summary>The HTTP API and dashboard.</summary>
    public CollectorHttpOptions Http { get; set; } = new();

    /// <summary>Ingest batching.</summary>
    public IngestOptions Ingest { get; set; } = new();

    /// <summary>The SNMP trap receiver (<c>Collector:Traps</c>).</summary>
    public Traps.TrapReceiverOptions Traps { get; set; } = new();

    /// <summary>The alert engine and its notification channels (<c>Collector:Alerting</c>).</summary>
    public Alerting.AlertingOptions Alerting { get; set; } = new();
}

/// <summary>The MQTT broker the collector subscribes to, and the embedded broker it may run.</summary>
public sealed class CollectorBrokerOptions
{
    /// <summary>Run the embedded MQTTnet broker on <see cref="Host"/>:<see cref="Port"/> (default true); false to use an external broker there.</summary>
    public bool Embedded { get; set; } = true;

    /// <summary>Broker address; for the embedded broker, the address it listens on. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Broker TCP port. Default 1883.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>MQTT user name of the collector on an external broker, or null.</summary>
    public string? Username { get; set; }

    /// <summary>MQTT password (never logged).</summary>
    public string? Password { get; set; }

    /// <summary>MQTT client identifier of the collector. Default <c>alpi-collector-&lt;machine&gt;</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// MQTT 5 shared subscription group: when set, the collector subscribes to
    /// <c>$share/&lt;group&gt;/alpi/+/+/metrics</c> so that N collectors share the load. Null for a plain subscription.
    /// </summary>
    public string? SharedSubscriptionGroup { get; set; }

    /// <summary>Largest MQTT payload accepted, octets. Default 16 MiB.</summary>
    public int MaxPayloadBytes { get; set; } = 16 * 1024 * 1024;
}

/// <summary>Where the HTTP API and dashboard listen.</summary>
public sealed class CollectorHttpOptions
{
    /// <summary>Listening URL. Default <c>http://127.0.0.1:8080</c>.</summary>
    public string Url { get; set; } = "http://127.0.0.1:8080";
}

/// <summary>How received points are batched into the store.</summary>
public sealed class IngestOptions
{
    /// <summary>Most points written in one store transaction. Default 100,000.</summary>
    public int MaxBatchPoints { get; set; } = 100_000;

    /// <summary>Payloads waiting for the store before the MQTT client stops reading (back-pressure). Default 1024.</summary>
    public int QueueCapacity { get; set; } = 1024;
}
