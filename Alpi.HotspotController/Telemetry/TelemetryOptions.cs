namespace Alpi.HotspotController.Telemetry;

/// <summary>
/// The controller's telemetry (<c>Hotspot:Telemetry</c>): like an agent, it publishes InfluxDB line protocol over
/// MQTT 5 to the collector's broker (../shared/ARCHITECTURE.md, "Wire conventions"): one <c>hotspot_terminal</c> point
/// per terminal on <c>alpi/&lt;tenant&gt;/&lt;terminal&gt;/metrics</c>, the terminal's presence on the retained
/// <c>alpi/&lt;tenant&gt;/&lt;terminal&gt;/status</c>, and its own <c>alpi_hotspot</c> point on
/// <c>alpi/&lt;Tenant&gt;/&lt;Host&gt;/metrics</c>.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>False to publish nothing (the RADIUS counters are still kept). Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The member body the controller itself belongs to: the tenant level of its own topics. Default <c>default</c>.</summary>
    public string Tenant { get; set; } = "default";

    /// <summary>
    /// The controller's own host name in its topics (the <c>alpi_hotspot</c> point and its status); default
    /// <c>&lt;machine name in lower case&gt;-hotspot</c>, so that it never shares a status topic with the agent of the
    /// same machine (whose birth message and last will would otherwise overwrite each other's).
    /// </summary>
    public string Host { get; set; } = Environment.MachineName.ToLowerInvariant() + "-hotspot";

    /// <summary>Time between two publications of every terminal's point. Default 10 seconds; 1 second to 1 hour.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// MQTT messages kept in memory while the broker is away (one per terminal and one for the controller each
    /// interval); when full, the oldest is dropped and counted (<c>telemetry_dropped</c>). Default 10,000.
    /// </summary>
    public int QueueLimit { get; set; } = 10_000;

    /// <summary>The MQTT broker (<c>Hotspot:Telemetry:Broker</c>).</summary>
    public TelemetryBrokerOptions Broker { get; set; } = new();
}

/// <summary>Where and how the controller connects to its MQTT 5 broker (<c>Hotspot:Telemetry:Broker</c>).</summary>
public sealed class TelemetryBrokerOptions
{
    /// <summary>Broker host name or address. Default <c>127.0.0.1</c> (the collector's embedded broker).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Broker TCP port. Default 1883.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>MQTT user name, or null for an anonymous connection.</summary>
    public string? Username { get; set; }

    /// <summary>MQTT password (never logged).</summary>
    public string? Password { get; set; }

    /// <summary>Connect with TLS.</summary>
    public bool UseTls { get; set; }

    /// <summary>MQTT client identifier; default <c>alpi-hotspot-&lt;tenant&gt;-&lt;host&gt;</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>Longest wait between two reconnection attempts (the wait doubles from 1 second). Default 30 seconds.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);
}
