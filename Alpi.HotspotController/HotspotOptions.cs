namespace Alpi.HotspotController;

/// <summary>
/// Configuration of the hotspot controller, bound from the <c>Hotspot</c> section of <c>hotspot.json</c>, environment
/// variables (<c>ALPI_Hotspot__Radius__AuthPort=11812</c>) or command-line switches
/// (<c>--Hotspot:Portal:Url=http://0.0.0.0:8082</c>).
/// </summary>
public sealed class HotspotOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Hotspot";

    /// <summary>Where the SQLite state (<c>hotspot.db</c>) lives, when <see cref="Storage"/> is SQLite; relative paths are resolved against the current directory. Default <c>data</c>.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary><see cref="DataDirectory"/> as an absolute path.</summary>
    public string DataDirectoryFullPath => Path.GetFullPath(DataDirectory);

    /// <summary>The relational state: SQLite (default) or PostgreSQL (<c>Hotspot:Storage</c>).</summary>
    public Storage.StorageOptions Storage { get; set; } = new();

    /// <summary>The RADIUS authentication and accounting servers (<c>Hotspot:Radius</c>).</summary>
    public Radius.RadiusServerOptions Radius { get; set; } = new();

    /// <summary>
    /// Access policies per terminal group (<c>Hotspot:Policies:&lt;group&gt;</c>), sent in Access-Accept; the
    /// <c>default</c> entry, or built-in defaults, apply to groups without one. Group names ignore case.
    /// </summary>
    public IDictionary<string, Authentication.AccessPolicyOptions> Policies { get; set; } =
        new Dictionary<string, Authentication.AccessPolicyOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How far accounting times reported by the NAS are trusted (<c>Hotspot:Accounting</c>).</summary>
    public Accounting.AccountingOptions Accounting { get; set; } = new();

    /// <summary>Registered devices and their roaming recognition (<c>Hotspot:Devices</c>).</summary>
    public Devices.DeviceOptions Devices { get; set; } = new();

    /// <summary>The captive portal (<c>Hotspot:Portal</c>).</summary>
    public Portal.PortalOptions Portal { get; set; } = new();

    /// <summary>The legal connection log and personal-data retention (<c>Hotspot:LegalLog</c>).</summary>
    public LegalLog.LegalLogOptions LegalLog { get; set; } = new();

    /// <summary>Disconnect and CoA requests sent to the terminals (<c>Hotspot:Coa</c>).</summary>
    public Coa.CoaOptions Coa { get; set; } = new();

    /// <summary>The administration API (<c>Hotspot:Admin</c>).</summary>
    public Admin.AdminOptions Admin { get; set; } = new();

    /// <summary>Line protocol over MQTT for the collector: per-terminal points and presence, the controller's own figures (<c>Hotspot:Telemetry</c>).</summary>
    public Telemetry.TelemetryOptions Telemetry { get; set; } = new();
}
