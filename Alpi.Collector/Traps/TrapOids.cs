using Alpi.Protocols.Snmp;

namespace Alpi.Collector.Traps;

/// <summary>
/// The notification OIDs the receiver knows: snmpTrapOID.0 and sysUpTime.0 (the first two varbinds of an
/// SNMPv2-Trap or InformRequest), the generic traps of SNMPv2-MIB, and the SNMPv1 → SNMPv2 trap OID conversion.
/// </summary>
/// <remarks>
/// Sources: RFC 3416 §4.2.6 (sysUpTime.0 and snmpTrapOID.0 first); RFC 3418 (snmpTrapOID 1.3.6.1.6.3.1.1.4.1,
/// snmpTraps 1.3.6.1.6.3.1.1.5: coldStart .1, warmStart .2, authenticationFailure .5); RFC 2863 (linkDown .3,
/// linkUp .4); RFC 1907 (egpNeighborLoss .6); RFC 3584 §3.1 (SNMPv1 to SNMPv2 notification parameters).
/// </remarks>
public static class TrapOids
{
    /// <summary>sysUpTime.0, 1.3.6.1.2.1.1.3.0 (RFC 3418).</summary>
    public static readonly Oid SysUpTime0 = new(1, 3, 6, 1, 2, 1, 1, 3, 0);

    /// <summary>snmpTrapOID.0, 1.3.6.1.6.3.1.1.4.1.0 (RFC 3418).</summary>
    public static readonly Oid SnmpTrapOid0 = new(1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0);

    /// <summary>usmStatsUnknownEngineIDs.0, 1.3.6.1.6.3.15.1.1.4.0: the varbind of the engine-discovery Report (RFC 3414 §3.2 step 3, §4).</summary>
    public static readonly Oid UsmStatsUnknownEngineIds0 = new(1, 3, 6, 1, 6, 3, 15, 1, 1, 4, 0);

    /// <summary>usmStatsNotInTimeWindows.0, 1.3.6.1.6.3.15.1.1.2.0: the varbind of the time-synchronisation Report (RFC 3414 §3.2 step 7a).</summary>
    public static readonly Oid UsmStatsNotInTimeWindows0 = new(1, 3, 6, 1, 6, 3, 15, 1, 1, 2, 0);

    /// <summary>snmpTraps, 1.3.6.1.6.3.1.1.5: the generic traps are its children 1 to 6.</summary>
    public static readonly Oid SnmpTraps = new(1, 3, 6, 1, 6, 3, 1, 1, 5);

    private static readonly string[] GenericNames = ["coldStart", "warmStart", "linkDown", "linkUp", "authenticationFailure", "egpNeighborLoss"];

    /// <summary>
    /// The SNMPv2 snmpTrapOID of an SNMPv1 trap, RFC 3584 §3.1 (2): a generic trap 0–5 becomes
    /// <c>1.3.6.1.6.3.1.1.5.(generic + 1)</c>; an enterpriseSpecific trap becomes <c>enterprise.0.specific</c>.
    /// </summary>
    /// <param name="enterprise">The Trap-PDU's enterprise field.</param>
    /// <param name="generic">generic-trap.</param>
    /// <param name="specific">specific-trap.</param>
    /// <returns>The trap OID.</returns>
    public static Oid FromV1(Oid enterprise, GenericTrap generic, int specific) =>
        generic is >= GenericTrap.ColdStart and <= GenericTrap.EgpNeighborLoss
            ? SnmpTraps.Append((uint)generic + 1)
            : enterprise.Append(0, unchecked((uint)specific));

    /// <summary>The SNMPv2-MIB name of a generic trap OID (coldStart, warmStart, linkDown, linkUp, authenticationFailure, egpNeighborLoss), or null.</summary>
    /// <param name="trapOid">The snmpTrapOID value.</param>
    /// <returns>The name, or null for any other OID.</returns>
    public static string? WellKnownName(Oid trapOid) =>
        trapOid.Length == SnmpTraps.Length + 1 && trapOid.StartsWith(SnmpTraps) && trapOid[^1] is >= 1 and <= 6
            ? GenericNames[trapOid[^1] - 1]
            : null;
}
