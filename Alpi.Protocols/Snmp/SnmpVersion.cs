namespace Alpi.Protocols.Snmp;

/// <summary>The msgVersion / version field of an SNMP message.</summary>
/// <remarks>Sources: RFC 1157 §4 (version-1 = 0); RFC 1901 §3 (SNMPv2c = 1); RFC 3412 §6 (snmpv3 = 3).</remarks>
public enum SnmpVersion
{
    /// <summary>SNMPv1, community-based (RFC 1157).</summary>
    V1 = 0,

    /// <summary>SNMPv2c, community-based (RFC 1901).</summary>
    V2c = 1,

    /// <summary>SNMPv3 (RFC 3412), see <see cref="SnmpV3Message"/>.</summary>
    V3 = 3,
}
