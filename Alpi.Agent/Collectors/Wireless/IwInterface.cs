namespace Alpi.Agent.Collectors.Wireless;

/// <summary>One wireless interface as <c>iw dev</c> lists it (iw <c>interface.c</c>, <c>print_iface_handler</c>).</summary>
/// <param name="Name">The network interface name (<c>wlan0</c>).</param>
/// <param name="Phy">The radio, the N of the <c>phy#N</c> line above it; null when iw printed none.</param>
/// <param name="Ssid">The SSID, unescaped; null when not operating (an AP that is down, a station not associated).</param>
/// <param name="Type">iw's interface type: <c>AP</c>, <c>managed</c>, <c>monitor</c>, <c>mesh point</c>, <c>AP/VLAN</c>, <c>P2P-GO</c>…</param>
/// <param name="Channel">The IEEE channel number, null when the interface has no channel.</param>
/// <param name="FrequencyMhz">The control channel's centre frequency in MHz.</param>
/// <param name="ChannelWidthMhz">The channel width in MHz (<c>width: 80 MHz</c>, or <c>HT40+</c> = 40 in old iw).</param>
/// <param name="TxPowerDbm">The transmit power in dBm (<c>txpower 20.00 dBm</c>).</param>
internal sealed record IwInterface(
    string Name,
    int? Phy,
    string? Ssid,
    string? Type,
    int? Channel,
    int? FrequencyMhz,
    int? ChannelWidthMhz,
    double? TxPowerDbm);
