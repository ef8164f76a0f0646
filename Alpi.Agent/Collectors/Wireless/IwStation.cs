namespace Alpi.Agent.Collectors.Wireless;

/// <summary>
/// One station (a client of an AP, or the AP a managed interface is associated with) as <c>iw dev IF station dump</c>
/// prints it (iw <c>station.c</c> <c>print_sta_handler</c>). A value the driver does not report (the line is absent) is
/// null: drivers differ widely (brcmfmac in AP mode gives neither signal nor rates).
/// </summary>
internal sealed class IwStation
{
    /// <summary>The station's MAC address as iw prints it (<c>3c:22:fb:0a:1b:2c</c>).</summary>
    public required string Mac { get; init; }

    /// <summary>The interface named in <c>(on wlan0)</c>.</summary>
    public required string Interface { get; init; }

    /// <summary><c>inactive time</c>: milliseconds since the station was last heard.</summary>
    public long? InactiveMs { get; set; }

    /// <summary><c>rx bytes</c>: octets received from the station.</summary>
    public ulong? RxBytes { get; set; }

    /// <summary><c>tx bytes</c>: octets sent to the station.</summary>
    public ulong? TxBytes { get; set; }

    /// <summary><c>rx packets</c>.</summary>
    public ulong? RxPackets { get; set; }

    /// <summary><c>tx packets</c>.</summary>
    public ulong? TxPackets { get; set; }

    /// <summary><c>tx retries</c>.</summary>
    public ulong? TxRetries { get; set; }

    /// <summary><c>tx failed</c>.</summary>
    public ulong? TxFailed { get; set; }

    /// <summary><c>signal</c>: the last frame's signal in dBm (the per-chain values in brackets are not kept).</summary>
    public int? SignalDbm { get; set; }

    /// <summary><c>signal avg</c>: the driver's running average in dBm.</summary>
    public int? SignalAvgDbm { get; set; }

    /// <summary><c>tx bitrate</c> in Mbit/s (<c>866.7 MBit/s VHT-MCS 9 …</c>); null for <c>(unknown)</c>.</summary>
    public double? TxBitrateMbps { get; set; }

    /// <summary><c>rx bitrate</c> in Mbit/s.</summary>
    public double? RxBitrateMbps { get; set; }

    /// <summary><c>authorized</c>: 802.1X/WPA port authorized (yes/no).</summary>
    public bool? Authorized { get; set; }

    /// <summary><c>authenticated</c> (yes/no).</summary>
    public bool? Authenticated { get; set; }

    /// <summary><c>associated</c> (yes/no).</summary>
    public bool? Associated { get; set; }

    /// <summary><c>connected time</c> in seconds.</summary>
    public long? ConnectedSeconds { get; set; }

    /// <summary>The signal to report: the average when the driver gives one, else the last frame's.</summary>
    public int? Signal => SignalAvgDbm ?? SignalDbm;
}
