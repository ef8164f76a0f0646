namespace Alpi.Agent;

/// <summary>
/// Configuration of the agent, bound from the <c>Agent</c> section of <c>agent.json</c> (or of the collector's
/// <c>collector.json</c> for the collector's local agent) and from environment variables (<c>ALPI_Agent__Tenant</c>).
/// </summary>
public sealed class AgentOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Agent";

    /// <summary>Set false to register the agent without running it (the collector's local agent can be switched off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The member body this host belongs to: the second level of its topics. Default <c>default</c>.</summary>
    public string Tenant { get; set; } = "default";

    /// <summary>Longest <see cref="Site"/>, in characters.</summary>
    public const int MaxSiteLength = 64;

    /// <summary>
    /// The site of the member body this host stands on (<c>Médiathèque</c>, <c>mairie-annexe</c>), sent in the birth
    /// message and shown as its own tile on the dashboard's overview; the SNMP devices this agent polls are counted on
    /// the same site, except those given one of their own (<see cref="Collectors.Snmp.SnmpDeviceOptions.Site"/>). Null or
    /// empty (the default): no site. At most <see cref="MaxSiteLength"/> characters: letters
    /// (accented ones too), digits, spaces, <c>-</c>, <c>_</c>, <c>.</c>, <c>'</c> and <c>’</c>, beginning and ending with a
    /// letter or a digit.
    /// </summary>
    public string? Site { get; set; }

    /// <summary>This host's name in topics and tags; default the machine name in lower case.</summary>
    public string Host { get; set; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>Time between two collections. Default 10 seconds; at least 1 second.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The MQTT broker the agent publishes to.</summary>
    public AgentBrokerOptions Broker { get; set; } = new();

    /// <summary>
    /// Most batches kept while the broker is away (besides <see cref="AgentBufferOptions.MaxMiB"/>, whichever is
    /// reached first); beyond it the oldest batch is dropped and counted. Default 8640 (24 hours at 10 seconds).
    /// </summary>
    public int QueueLimit { get; set; } = 8640;

    /// <summary>
    /// The agent's own files (its disk buffer), relative to the current directory unless absolute. Default
    /// <c>data</c>, the collector's default too, so that one machine keeps everything under <c>./data</c>.
    /// </summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Where batches wait while the broker is away or slow (store-and-forward).</summary>
    public AgentBufferOptions Buffer { get; set; } = new();
}

/// <summary>Where the agent keeps the batches not yet acknowledged by the broker.</summary>
public enum AgentBufferKind
{
    /// <summary>
    /// Every batch written to a SQLite file before it is published: it survives a power cut even while the broker is
    /// reachable, at the price of a disk write every round and SQLite loaded for good (about 2 MiB more resident).
    /// </summary>
    Disk,

    /// <summary>Memory only, as before the disk buffer: lost when the agent stops.</summary>
    Memory,

    /// <summary>
    /// The default. In memory while the broker acknowledges every batch, in the SQLite file as soon as it is away (a
    /// failed connection or publish, or batches piling up), and at a stop with batches unsent; back in memory once the
    /// file is replayed (the file is then deleted). No disk write every round (flash storage of the terminals), and
    /// SQLite is not even loaded while all is well (about 2 MiB less resident, bench/README.md "Agent footprint"). The
    /// price: at a power cut or a crash, the one or two rounds not yet acknowledged are lost.
    /// </summary>
    DiskWhenAway,
}

/// <summary>
/// The agent's store-and-forward buffer (<c>Agent:Buffer</c> section): every collected batch is written here first
/// and removed only once the broker acknowledged it (MQTT 5 PUBACK, QoS 1).
/// </summary>
public sealed class AgentBufferOptions
{
    /// <summary>Bytes in one MiB.</summary>
    public const long BytesPerMiB = 1024 * 1024;

    /// <summary><see cref="AgentBufferKind.DiskWhenAway"/> (default), <see cref="AgentBufferKind.Disk"/> or <see cref="AgentBufferKind.Memory"/>.</summary>
    public AgentBufferKind Kind { get; set; } = AgentBufferKind.DiskWhenAway;

    /// <summary>
    /// The folder of the buffer file <c>&lt;tenant&gt;.&lt;host&gt;.db</c>; null or empty for <c>&lt;DataDirectory&gt;/agent-buffer</c>.
    /// Relative to the current directory unless absolute.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>
    /// Most payload bytes kept, in MiB (fractions allowed: 0.5 is 512 KiB). Beyond it the oldest batches are dropped
    /// and counted. Default 64. The file itself is larger by SQLite's page overhead and its write-ahead log (at most
    /// about 4 MiB).
    /// </summary>
    public double MaxMiB { get; set; } = 64;

    /// <summary><see cref="MaxMiB"/> in bytes (octets), rounded down.</summary>
    public long MaxBytes => (long)(MaxMiB * BytesPerMiB);

    /// <summary>The buffer's folder as an absolute path: <see cref="Directory"/>, else <c>&lt;DataDirectory&gt;/agent-buffer</c>.</summary>
    /// <param name="dataDirectory">The agent's <see cref="AgentOptions.DataDirectory"/>.</param>
    public string ResolveDirectory(string dataDirectory) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(Directory) ? Path.Combine(dataDirectory, "agent-buffer") : Directory);
}

/// <summary>Where and how the agent connects to its MQTT 5 broker.</summary>
public sealed class AgentBrokerOptions
{
    /// <summary>Broker host name or address. Default <c>127.0.0.1</c> (the collector's embedded broker).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Broker TCP port. Default 1883.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>MQTT user name, or null for an anonymous connection.</summary>
    public string? Username { get; set; }

    /// <summary>MQTT password (never logged).</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Connect with TLS (MQTT over TLS, usually port 8883): the broker's certificate must chain to a trusted root (the
    /// system's, or <see cref="CaFile"/>) and carry the name in <see cref="Host"/>. Default false.
    /// </summary>
    public bool UseTls { get; set; }

    /// <summary>
    /// PEM file of the private certificate authority that signed the broker's certificate (<c>alpi-ca.crt</c>); it is then
    /// the only root trusted. Null: the system's trusted roots. Requires <see cref="UseTls"/>.
    /// </summary>
    public string? CaFile { get; set; }

    /// <summary>
    /// PEM file of a client certificate to present to the broker (for a broker with Mosquitto's
    /// <c>require_certificate true</c>); null for none. Requires <see cref="UseTls"/> and <see cref="KeyFile"/>.
    /// </summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM file of the client certificate's private key, unencrypted (PKCS #8, PKCS #1 or SEC 1).</summary>
    public string? KeyFile { get; set; }

    /// <summary>MQTT client identifier; default <c>alpi-agent-&lt;tenant&gt;-&lt;host&gt;</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>Longest wait between two reconnection attempts (back-off doubles from 1 second). Default 30 seconds.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);
}
