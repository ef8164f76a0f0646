namespace Alpi.Agent.Collectors.Snmp;

/// <summary>
/// Configuration of SNMP device polling, bound from the <c>Snmp</c> section inside the agent's section
/// (<c>Agent:Snmp</c>): the devices to poll and how many are
/// polled at once. Devices are queried with GET and GETBULK walks (RFC 3416), v1, v2c or v3 (RFC 3414 USM).
/// </summary>
public sealed class SnmpPollingOptions
{
    /// <summary>The configuration section name, below the agent's section.</summary>
    public const string SectionName = "Snmp";

    /// <summary>The devices to poll; polling is registered only when there is at least one.</summary>
    public IList<SnmpDeviceOptions> Devices { get; } = [];

    /// <summary>Most devices polled at the same time. Default 8.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>A directory of extra profile files (<c>*.json</c>) added to the embedded ones; a file whose name equals an embedded profile's replaces it.</summary>
    public string? ProfilesDirectory { get; set; }
}

/// <summary>One SNMP device to poll: where, with which credentials, how often, and optionally which profile.</summary>
public sealed class SnmpDeviceOptions
{
    /// <summary>The device's name: its <c>device</c> and <c>host</c> tags.</summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// <c>host[:port]</c>: an IP address (IPv6 in brackets when a port follows) or a DNS name; port 161 by default. A name
    /// is resolved when the device is polled and the answer kept 5 minutes (sooner again when the device stops answering);
    /// a name that does not resolve makes the device down for that poll (<c>snmp_poll up=false</c>), as a silent one.
    /// </summary>
    public string Address { get; set; } = "";

    /// <summary>SNMP version: <c>1</c>, <c>2c</c> (default) or <c>3</c>.</summary>
    public string Version { get; set; } = "2c";

    /// <summary>The community for v1 and v2c (RFC 1157 §3.2.5). Default <c>public</c>.</summary>
    public string Community { get; set; } = "public";

    /// <summary>v3: the USM user name (RFC 3414 §2.1).</summary>
    public string? User { get; set; }

    /// <summary>v3: MD5, SHA, SHA-224, SHA-256, SHA-384 or SHA-512; none means noAuthNoPriv.</summary>
    public string? AuthProtocol { get; set; }

    /// <summary>v3: the authentication pass phrase, at least 8 characters (never logged).</summary>
    public string? AuthPassword { get; set; }

    /// <summary>v3: DES, AES, AES-192, AES-256, AES-192-C or AES-256-C; none means authNoPriv.</summary>
    public string? PrivProtocol { get; set; }

    /// <summary>v3: the privacy pass phrase, at least 8 characters (never logged).</summary>
    public string? PrivPassword { get; set; }

    /// <summary>Time between two polls of this device. Default 60 seconds; at least 1 second.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Wait for each request attempt. Default 2 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts after the first. Default 1.</summary>
    public int Retries { get; set; } = 1;

    /// <summary>A profile name to use instead of choosing one by sysObjectID.</summary>
    public string? Profile { get; set; }

    /// <summary>
    /// The site of the member body this device stands on (<c>Salle des fêtes</c>, <c>école Jaurès</c>) when it is not
    /// the polling agent's own <see cref="AgentOptions.Site"/>: a central agent polling the switches and printers of many
    /// sites. Sent as the <c>site</c> tag of the device's <c>snmp_poll</c> series only (its other series keep their
    /// tags), from which the dashboard counts the device, and its problems, on that site's tile. Null or empty (the
    /// default): the device stands on the polling agent's site. Same rule as <see cref="AgentOptions.Site"/>: at most
    /// <see cref="AgentOptions.MaxSiteLength"/> characters, letters (accented ones too), digits, spaces, <c>-</c>,
    /// <c>_</c>, <c>.</c>, <c>'</c> and <c>’</c>, beginning and ending with a letter or a digit.
    /// </summary>
    public string? Site { get; set; }
}
