using System.Text.Json.Serialization;

namespace Alpi.Collector.Traps;

/// <summary>
/// One received notification (SNMPv1 Trap, SNMPv2-Trap or InformRequest), as stored in <c>trap_events</c>, returned
/// by <c>GET /api/events</c> and published as JSON on <c>alpi/&lt;tenant&gt;/&lt;device&gt;/events</c>.
/// </summary>
/// <param name="Id">Store identifier, increasing with arrival (0 before storing).</param>
/// <param name="Time">When the collector received it (UTC).</param>
/// <param name="Tenant">The member body, from <see cref="TrapReceiverOptions.Sources"/>.</param>
/// <param name="Device">The device name, from <see cref="TrapReceiverOptions.Sources"/> or the source IP.</param>
/// <param name="Source">The datagram's source IP address.</param>
/// <param name="Version"><c>v1</c>, <c>v2c</c> or <c>v3</c>.</param>
/// <param name="Pdu"><c>trap</c> or <c>inform</c>.</param>
/// <param name="TrapOid">snmpTrapOID.0 (RFC 3416 §4.2.6), or for SNMPv1 its RFC 3584 §3.1 conversion; numeric, no leading dot.</param>
/// <param name="TrapName">coldStart, warmStart, linkDown, linkUp, authenticationFailure or egpNeighborLoss; null otherwise.</param>
/// <param name="Uptime">The sender's sysUpTime.0 (SNMPv1 time-stamp), hundredths of a second, or null when absent.</param>
/// <param name="Varbinds">The other variable bindings, in PDU order (sysUpTime.0 and snmpTrapOID.0 are in the fields above).</param>
/// <remarks>Sources: RFC 3416 §4.2.6, §4.2.7; RFC 1157 §4.1.6; RFC 3584 §3.1.</remarks>
public sealed record TrapEvent(
    long Id,
    DateTimeOffset Time,
    string Tenant,
    string Device,
    string Source,
    string Version,
    string Pdu,
    string TrapOid,
    string? TrapName,
    long? Uptime,
    IReadOnlyList<TrapVarbind> Varbinds)
{
    /// <summary>The event kind, always <c>snmp_trap</c>, so consumers of the events topic can tell traps from other events.</summary>
    public string Kind => "snmp_trap";
}

/// <summary>A variable binding of a trap, as text.</summary>
/// <param name="Oid">Numeric OID, no leading dot.</param>
/// <param name="Type">The SNMP type: Integer32, OctetString, ObjectIdentifier, IpAddress, Counter32, Gauge32, TimeTicks, Opaque, Counter64, Null…</param>
/// <param name="Value">The value as net-snmp prints it after its type prefix (<c>3</c>, <c>"text"</c>, <c>.1.3.6.1…</c>).</param>
public sealed record TrapVarbind(string Oid, string Type, string Value);

/// <summary>Source-generated JSON of trap events (camelCase), for the store, the API and MQTT.</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TrapEvent))]
[JsonSerializable(typeof(IReadOnlyList<TrapEvent>))]
[JsonSerializable(typeof(List<TrapVarbind>))]
[JsonSerializable(typeof(TrapStatisticsDto))]
internal sealed partial class TrapJsonContext : JsonSerializerContext;
