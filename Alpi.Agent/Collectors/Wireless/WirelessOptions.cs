namespace Alpi.Agent.Collectors.Wireless;

/// <summary>
/// Configuration of the <c>wireless</c> collector (Wi-Fi terminals running Linux), bound from <c>Agent:Wireless</c>
/// (<c>ALPI_Agent__Wireless__Enabled=true</c>). Sample: <c>wireless.sample.json</c> beside this file.
/// </summary>
public sealed class WirelessOptions
{
    /// <summary>The configuration section, from the configuration root.</summary>
    public const string SectionPath = "Agent:Wireless";

    /// <summary>
    /// <c>true</c> always collects, <c>false</c> never; unset (the default) collects while the host has a wireless
    /// interface (a <c>/sys/class/net/IF/phy80211</c> or <c>/sys/class/net/IF/wireless</c> entry, or a line in
    /// <c>/proc/net/wireless</c>), so that servers publish nothing.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>The <c>iw</c> executable: a name looked up on <c>PATH</c> then in the sbin directories, or a path. Default <c>iw</c>.</summary>
    public string IwCommand { get; set; } = "iw";

    /// <summary>Longest run of one <c>iw</c> command before it is killed and counted as timed out. Default 5 s (0.1 s to 60 s).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Also publish one <c>wifi_station</c> point per associated station, tagged with its MAC address. Off by default: a
    /// MAC address is personal data (RGPD; CNIL) and every new device becomes a new series, so turn it on only for a
    /// diagnosis, on chosen terminals, with the retention of the time-series store in mind.
    /// </summary>
    public bool PerStation { get; set; }
}
