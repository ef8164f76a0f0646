namespace Alpi.Protocols.Snmp;

/// <summary>The generic-trap field of an SNMPv1 Trap-PDU.</summary>
/// <remarks>Source: RFC 1157 §4.1.6; the SNMPv2 equivalents are the snmpTraps OIDs of RFC 3418 and RFC 3584 §3.1.</remarks>
public enum GenericTrap
{
    /// <summary>coldStart (0).</summary>
    ColdStart = 0,

    /// <summary>warmStart (1).</summary>
    WarmStart = 1,

    /// <summary>linkDown (2).</summary>
    LinkDown = 2,

    /// <summary>linkUp (3).</summary>
    LinkUp = 3,

    /// <summary>authenticationFailure (4).</summary>
    AuthenticationFailure = 4,

    /// <summary>egpNeighborLoss (5).</summary>
    EgpNeighborLoss = 5,

    /// <summary>enterpriseSpecific (6): see the specific-trap field.</summary>
    EnterpriseSpecific = 6,
}
