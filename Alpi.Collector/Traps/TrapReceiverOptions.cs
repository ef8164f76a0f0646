namespace Alpi.Collector.Traps;

/// <summary>
/// The SNMP trap receiver, section <c>Collector:Traps</c>: where it listens, which communities and SNMPv3 users it
/// accepts, and how a source address maps to a tenant and a device name.
/// </summary>
/// <remarks>Sources: RFC 3416 §4.2.6 (SNMPv2-Trap), §4.2.7 (InformRequest); RFC 1157 §4.1.6 (Trap-PDU); RFC 3414 (USM).</remarks>
public sealed class TrapReceiverOptions
{
    /// <summary>Run the receiver (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Address the UDP socket binds to. Default <c>0.0.0.0</c>.</summary>
    public string Host { get; set; } = "0.0.0.0";

    /// <summary>UDP port. Default 162 (the snmptrap port, RFC 3417 §3, which needs root or CAP_NET_BIND_SERVICE).</summary>
    public int Port { get; set; } = 162;

    /// <summary>The communities accepted when <see cref="Communities"/> is not configured: <c>public</c>.</summary>
    public static IReadOnlyList<string> DefaultCommunities { get; } = ["public"];

    /// <summary>
    /// Accepted SNMPv1/v2c communities as configured (<c>Collector:Traps:Communities:0</c>, …), replacing the default;
    /// null when not configured, then <see cref="DefaultCommunities"/> apply. An empty list accepts any community. No
    /// default is set here: the configuration binder appends configured items to an initialised list, so a default
    /// list would stay accepted beside the configured ones.
    /// </summary>
    public IList<string>? Communities { get; set; }

    /// <summary>The communities in force: <see cref="Communities"/> when configured, else <see cref="DefaultCommunities"/>.</summary>
    public IReadOnlyList<string> AcceptedCommunities => Communities is null ? DefaultCommunities : [.. Communities];

    /// <summary>SNMPv3 USM users, each for one authoritative engine (the sender's, for traps: RFC 3414 §3.2).</summary>
    public IList<TrapUserOptions> Users { get; set; } = [];

    /// <summary>Source address ranges mapped to a tenant and device; the first match wins.</summary>
    public IList<TrapSourceOptions> Sources { get; set; } = [];

    /// <summary>Tenant of sources that no <see cref="Sources"/> entry matches. Default <c>default</c>.</summary>
    public string DefaultTenant { get; set; } = "default";

    /// <summary>Largest datagram read, octets; longer datagrams are dropped as malformed. Default 65,507 (the UDP maximum over IPv4).</summary>
    public int MaxDatagramBytes { get; set; } = 65_507;

    /// <summary>
    /// This receiver's own snmpEngineID, hex (<c>0x80…</c>), authoritative for SNMPv3 informs (RFC 3414 §3.2);
    /// null to derive one from the machine name (RFC 3411 §5 format 4, text).
    /// </summary>
    public string? EngineId { get; set; }

    /// <summary>
    /// Stored trap events older than this many days are deleted (default 90, at least 1). Applies whether or not the
    /// receiver is enabled, to the events already stored; an event is deleted even when it was never published.
    /// </summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>At most this many events are kept; the oldest beyond it are deleted (default 1,000,000, at least 1).</summary>
    public int MaxEvents { get; set; } = 1_000_000;

    /// <summary>Time between two purges by <see cref="TrapRetentionService"/> (default 1 hour; 1 minute to 1 day). The first runs at start.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>An SNMPv3 USM user accepted by the trap receiver (net-snmp's <c>createUser -e ENGINEID</c>).</summary>
/// <remarks>Source: RFC 3414 §2.1 (usmUser: engineID, userName, protocols and secrets); RFC 3826, RFC 7860 (AES, SHA-2).</remarks>
public sealed class TrapUserOptions
{
    /// <summary>
    /// The authoritative engine's snmpEngineID, hex (<c>0x8000000001020304</c> or <c>8000000001020304</c>): the
    /// sender's for traps, this receiver's for informs. Null or empty: any engine (keys localised per engine on first use).
    /// </summary>
    public string? EngineId { get; set; }

    /// <summary>The USM user name (1 to 32 octets).</summary>
    public string UserName { get; set; } = "";

    /// <summary><c>None</c>, <c>MD5</c>, <c>SHA</c>, <c>SHA-224</c>, <c>SHA-256</c>, <c>SHA-384</c> or <c>SHA-512</c> (net-snmp's names). Default <c>None</c>.</summary>
    public string AuthProtocol { get; set; } = "None";

    /// <summary>The authentication password, at least 8 characters (never logged).</summary>
    public string? AuthPassword { get; set; }

    /// <summary><c>None</c>, <c>DES</c>, <c>AES</c>, <c>AES-192</c> or <c>AES-256</c> (net-snmp's names). Default <c>None</c>.</summary>
    public string PrivProtocol { get; set; } = "None";

    /// <summary>The privacy password, at least 8 characters (never logged).</summary>
    public string? PrivPassword { get; set; }

    /// <summary>AES-192/256 key extension: <c>Blumenthal</c> (net-snmp <c>AES-256</c>, default) or <c>Reeder</c> (net-snmp <c>AES-256-C</c>, Cisco).</summary>
    public string KeyExtension { get; set; } = "Blumenthal";
}

/// <summary>A range of source addresses and the tenant and device its traps belong to.</summary>
public sealed class TrapSourceOptions
{
    /// <summary>The range, CIDR (<c>10.1.0.0/16</c>, <c>192.0.2.7/32</c>, <c>2001:db8::/32</c>).</summary>
    public string Cidr { get; set; } = "";

    /// <summary>The tenant (member body) of traps from this range.</summary>
    public string Tenant { get; set; } = "";

    /// <summary>The device name, or null to use the source IP address.</summary>
    public string? Device { get; set; }
}
