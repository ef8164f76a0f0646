namespace Alpi.Protocols.Snmp;

/// <summary>A ScopedPDU: the PDU with the context it applies to.</summary>
/// <param name="ContextEngineId">contextEngineID.</param>
/// <param name="ContextName">contextName (empty for the default context).</param>
/// <param name="Pdu">The PDU (SNMPv3 carries no SNMPv1 Trap-PDU).</param>
/// <remarks>Source: RFC 3412 §6, <c>ScopedPDU ::= SEQUENCE { contextEngineID OCTET STRING, contextName OCTET STRING, data ANY }</c>.</remarks>
public sealed record SnmpScopedPdu(ReadOnlyMemory<byte> ContextEngineId, ReadOnlyMemory<byte> ContextName, SnmpPdu Pdu);
