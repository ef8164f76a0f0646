using System.Net;

namespace Alpi.Protocols.Snmp;

/// <summary>An SNMPv1 Trap-PDU.</summary>
/// <param name="Enterprise">enterprise: the sysObjectID of the sending entity.</param>
/// <param name="AgentAddress">agent-addr: the IPv4 address of the sending agent (NetworkAddress, an IpAddress).</param>
/// <param name="Generic">generic-trap.</param>
/// <param name="SpecificTrap">specific-trap, meaningful when <paramref name="Generic"/> is enterpriseSpecific.</param>
/// <param name="TimeStamp">time-stamp: sysUpTime of the agent when the trap was sent, in hundredths of a second.</param>
/// <param name="Varbinds">The variable bindings.</param>
/// <remarks>Source: RFC 1157 §4.1.6, <c>Trap-PDU ::= [4] IMPLICIT SEQUENCE { enterprise, agent-addr, generic-trap, specific-trap, time-stamp, variable-bindings }</c>.</remarks>
public sealed record TrapV1Pdu(
    Oid Enterprise,
    IPAddress AgentAddress,
    GenericTrap Generic,
    int SpecificTrap,
    uint TimeStamp,
    IReadOnlyList<Varbind> Varbinds) : ISnmpPdu
{
    /// <summary>Always <see cref="SnmpPduType.TrapV1"/>.</summary>
    public SnmpPduType Type => SnmpPduType.TrapV1;
}
