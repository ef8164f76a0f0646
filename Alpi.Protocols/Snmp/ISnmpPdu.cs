namespace Alpi.Protocols.Snmp;

/// <summary>What every PDU has: its type and its variable bindings. Either an <see cref="SnmpPdu"/> or a <see cref="TrapV1Pdu"/>.</summary>
/// <remarks>Sources: RFC 3416 §3 (PDUs); RFC 1157 §4.1 (SNMPv1 PDUs, including Trap-PDU).</remarks>
public interface ISnmpPdu
{
    /// <summary>The PDU type (its BER tag).</summary>
    SnmpPduType Type { get; }

    /// <summary>The variable bindings, in PDU order.</summary>
    IReadOnlyList<Varbind> Varbinds { get; }
}
