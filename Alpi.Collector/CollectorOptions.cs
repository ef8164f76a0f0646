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

    /// <summary>The dashboard's settings (<c>Collector:Dashboard</c>).</summary>
    public CollectorDashboardOptions Dashboard { get; set; } = new();

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

    /// <summary>
    /// MQTT client identifier of the collector's ingest session, which the broker keeps between connections (see
    /// <see cref="SessionExpiry"/>): it must stay the same across restarts of one collector and differ between
    /// collectors. Default <c>alpi-collector-&lt;machine&gt;</c>; the collector's other clients add a suffix.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// MQTT 5 shared subscription group: when set, the collector subscribes to
    /// <c>$share/&lt;group&gt;/alpi/+/+/metrics</c> so that N collectors share the load (MQTT 5 §4.8.2); status
    /// messages stay a plain subscription, as every collector keeps the whole host inventory. Null for a plain
    /// subscription.
    /// </summary>
    public string? SharedSubscriptionGroup { get; set; }

    /// <summary>
    /// How long the broker keeps the ingest session (its subscriptions and the QoS 1 messages not yet acknowledged or
    /// not yet sent) after the collector disconnects: MQTT 5 Session Expiry Interval (§3.1.2.11.2), whole seconds.
    /// Default 1 day. Zero: no persistent session, a clean start at each connection (what arrives while the collector
    /// is away is not kept for it). At most <see cref="uint.MaxValue"/> seconds, which MQTT defines as "never expires".
    /// </summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// On stop, unsubscribe, store and acknowledge what the broker had already sent, then disconnect ending the session
    /// (Session Expiry Interval 0, MQTT 5 §3.14.2.2.2), so that the broker keeps nothing for this collector and, in a
    /// shared group, hands its share to the other members. For taking a collector out of service or out of a group; a
    /// plain restart must keep the session (default false).
    /// </summary>
    public bool EndSessionOnStop { get; set; }

    /// <summary>Connect to an external broker over TLS (MQTT over TLS, usually port 8883). Default false.</summary>
    public bool UseTls { get; set; }

    /// <summary>
    /// PEM file of the certificate authority that signed the broker's certificate, for a private CA; the broker's
    /// certificate must then chain to it and carry the name in <see cref="Host"/>. Null: the system's trusted roots.
    /// Requires <see cref="UseTls"/>.
    /// </summary>
    public string? CaFile { get; set; }

    /// <summary>Largest MQTT payload accepted, octets. Default 16 MiB.</summary>
    public int MaxPayloadBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Authentication and ACL of the embedded broker (<c>Collector:Broker:Authentication</c>).</summary>
    public Broker.Authentication.BrokerAuthenticationOptions Authentication { get; set; } = new();

    /// <summary>
    /// Port of the embedded broker's MQTT over TLS listener (8883 is IANA's), beside the plain one on <see cref="Port"/>;
    /// null (default) for none. Needs <see cref="CertificateFile"/> and <see cref="KeyFile"/>. TLS 1.2 and 1.3 only.
    /// </summary>
    public int? TlsPort { get; set; }

    /// <summary>
    /// Address the TLS listener binds to (<c>0.0.0.0</c> for every IPv4 interface, <c>::</c> for every IPv6 one); default
    /// <see cref="Host"/>. Keep <see cref="Host"/> on <c>127.0.0.1</c> so that plain MQTT stays on this machine.
    /// </summary>
    public string? TlsHost { get; set; }

    /// <summary>
    /// PEM file of the TLS listener's certificate (the first certificate of the file is used: the server's own), as
    /// Mosquitto's <c>certfile</c>; its name (subject alternative name) must be the one clients connect to.
    /// </summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM file of the certificate's private key, unencrypted (PKCS #8, PKCS #1 or SEC 1), as Mosquitto's <c>keyfile</c>.</summary>
    public string? KeyFile { get; set; }
}

/// <summary>Where the HTTP API and dashboard listen.</summary>
public sealed class CollectorHttpOptions
{
    /// <summary>Listening URL. Default <c>http://127.0.0.1:8080</c>.</summary>
    public string Url { get; set; } = "http://127.0.0.1:8080";

    /// <summary>
    /// Largest request body accepted, in octets (Kestrel's <c>MaxRequestBodySize</c>); larger gets 413 with a JSON error.
    /// Default 1,048,576 (1 MiB); at least 1,024.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Largest body of the endpoints whose bodies are small — <c>POST /login</c>, <c>/logout</c>,
    /// <c>/api/alerts/{id}/ack</c>, <c>/api/silences</c>, <c>/api/maintenance</c> — in octets. Default 16,384; at least 1,024
    /// and at most <see cref="MaxRequestBodyBytes"/>.
    /// </summary>
    public long MaxSmallRequestBodyBytes { get; set; } = 16 * 1024;
}

/// <summary>
/// The dashboard's settings (<c>Collector:Dashboard</c>). The Wi-Fi view's map draws the terminals on a plain background
/// unless a tile server is given: by default the page asks no other server for anything, so it works without internet.
/// </summary>
public sealed class CollectorDashboardOptions
{
    /// <summary>
    /// Raster tiles behind the Wi-Fi map, as a URL template with <c>{z}</c>, <c>{x}</c>, <c>{y}</c> (and optionally
    /// <c>{s}</c>, <c>{r}</c>) as Leaflet's <c>L.tileLayer</c> reads it, e.g.
    /// <c>https://tiles.example.org/{z}/{x}/{y}.png</c>; its origin is then allowed in the page's
    /// Content-Security-Policy <c>img-src</c>. Null or empty (default): no tiles, no request to any tile server.
    /// </summary>
    public string? MapTilesUrl { get; set; }

    /// <summary>The attribution the tile server's licence asks for (plain text, shown under the map), or null.</summary>
    public string? MapAttribution { get; set; }

    /// <summary>
    /// The Content-Security-Policy source of <see cref="MapTilesUrl"/>: its scheme and authority as written
    /// (<c>https://tiles.example.org</c>, a leading <c>{s}.</c> subdomain becoming <c>*.</c>), or null when there is no
    /// URL or it is not an absolute http(s) URL.
    /// </summary>
    public string? MapTilesOrigin
    {
        get
        {
            if (string.IsNullOrWhiteSpace(MapTilesUrl)
                || !Uri.TryCreate(MapTilesUrl.Replace("{s}", "a", StringComparison.Ordinal).Replace("{r}", "", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                return null;
            }

            var start = MapTilesUrl.IndexOf("//", StringComparison.Ordinal) + 2;
            var end = MapTilesUrl.IndexOf('/', start);
            var authority = MapTilesUrl[start..(end < 0 ? MapTilesUrl.Length : end)];
            return authority.StartsWith("{s}.", StringComparison.Ordinal) ? $"{uri.Scheme}://*.{authority[4..]}"
                : authority.Contains('{', StringComparison.Ordinal) ? null
                : $"{uri.Scheme}://{authority}";
        }
    }
}

/// <summary>How received points are batched into the store.</summary>
public sealed class IngestOptions
{
    /// <summary>Most points written in one store transaction. Default 100,000.</summary>
    public int MaxBatchPoints { get; set; } = 100_000;

    /// <summary>Payloads waiting for the store before the MQTT client stops reading (back-pressure). Default 1024.</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>
    /// Longest line-protocol line read, in octets (the newline not counted). A longer line is rejected unread with its
    /// line number and topic, and counted; the other lines of its message are stored. Default 65,536 (64 KiB, the
    /// <c>max_line_size</c> of Telegraf's InfluxDB listener); at least 256.
    /// </summary>
    public int MaxLineBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Most series (measurement + tag set + field) one host (<c>tenant/host</c>) may have. Points of a new series beyond
    /// it are refused, counted and reported in <c>/healthz</c> (<c>seriesLimit</c>) and the collector's
    /// <c>alpi_series_limit</c> metric; the host's existing series keep flowing. Default 10,000; at least 1.
    /// </summary>
    public int MaxSeriesPerHost { get; set; } = 10_000;

    /// <summary>
    /// Acknowledge a metrics message published to the embedded broker once it is written and fsync'ed to the ingest
    /// journal (<c>&lt;DataDirectory&gt;/ingest-journal</c>, see <see cref="Alpi.Collector.Ingest.Journal.IngestJournal"/>) rather than once the
    /// DuckDB store committed it, as influxd acknowledges <c>/write</c> after its WAL. Has effect only with the embedded
    /// broker and the DuckDB store: with InfluxDB or an external broker a message is acknowledged once the store
    /// committed it, whatever this says. Default true.
    /// </summary>
    public bool Journal { get; set; } = true;

    /// <summary>
    /// Most points acknowledged by the journal and not yet committed to the store (back-pressure): beyond it the embedded
    /// broker delays the next PUBACKs (nothing is refused) until the store catches up. Default 500,000 (a few hundred MiB
    /// of parsed points at most); at least 1.
    /// </summary>
    public int JournalMaxUnstoredPoints { get; set; } = 500_000;

    /// <summary>Size, in octets, beyond which the journal starts a new segment file. Default 64 MiB; at least 4,096.</summary>
    public long JournalSegmentBytes { get; set; } = 64L * 1024 * 1024;
}
