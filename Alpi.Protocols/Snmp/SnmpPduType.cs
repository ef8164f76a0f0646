namespace Alpi.Protocols.Snmp;

/// <summary>The PDU types, as their context-specific constructed BER tags.</summary>
/// <remarks>Sources: RFC 3416 §3 (PDUs ::= CHOICE, tags [0]..[8]); RFC 1157 §4.1.6 (Trap-PDU [4]).</remarks>
public enum SnmpPduType
{
    /// <summary>GetRequest-PDU, [0] (RFC 3416 §4.2.1).</summary>
    GetRequest = 0xA0,

    /// <summary>GetNextRequest-PDU, [1] (RFC 3416 §4.2.2).</summary>
    GetNextRequest = 0xA1,

    /// <summary>Response-PDU, [2] (RFC 3416 §4.2.4); GetResponse in SNMPv1.</summary>
    Response = 0xA2,

    /// <summary>SetRequest-PDU, [3] (RFC 3416 §4.2.5).</summary>
    SetRequest = 0xA3,

    /// <summary>SNMPv1 Trap-PDU, [4] (RFC 1157 §4.1.6); see <see cref="TrapV1Pdu"/>.</summary>
    TrapV1 = 0xA4,

    /// <summary>GetBulkRequest-PDU, [5] (RFC 3416 §4.2.3).</summary>
    GetBulkRequest = 0xA5,

    /// <summary>InformRequest-PDU, [6] (RFC 3416 §4.2.7).</summary>
    InformRequest = 0xA6,

    /// <summary>SNMPv2-Trap-PDU, [7] (RFC 3416 §4.2.6).</summary>
    SNMPv2Trap = 0xA7,

    /// <summary>Report-PDU, [8] (RFC 3416 §4.2.8, RFC 3412 §7.1).</summary>
    Report = 0xA8,
}
