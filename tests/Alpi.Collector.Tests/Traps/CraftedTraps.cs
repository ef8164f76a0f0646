namespace Alpi.Collector.Tests.Traps;

/// <summary>
/// SNMPv2c trap datagrams written octet by octet (BER, X.690 §8; RFC 3416 §3 PDU layout), for encodings our encoder
/// never produces but devices send.
/// </summary>
internal static class CraftedTraps
{
    /// <summary>sysUpTime.0, 1.3.6.1.2.1.1.3.0, content octets.</summary>
    private static readonly byte[] SysUpTime0 = [0x2B, 0x06, 0x01, 0x02, 0x01, 0x01, 0x03, 0x00];

    /// <summary>snmpTrapOID.0, 1.3.6.1.6.3.1.1.4.1.0, content octets.</summary>
    private static readonly byte[] SnmpTrapOid0 = [0x2B, 0x06, 0x01, 0x06, 0x03, 0x01, 0x01, 0x04, 0x01, 0x00];

    /// <summary>
    /// A v2c SNMPv2-Trap (community <paramref name="community"/>, trap OID <c>1.3.6.1.4.1.8072.2.3.0.&lt;trapArc&gt;</c>)
    /// whose request-id 42 is encoded on two octets, <c>02 02 00 2A</c>, with a redundant leading zero (X.690 §8.3.2):
    /// what agents that write INTEGERs at a fixed width send.
    /// </summary>
    public static byte[] V2cTrapWithNonMinimalRequestId(string community, byte trapArc) =>
        V2cTrap(community, requestId: [0x00, 0x2A], uptime: [0x64], trapArc);

    /// <summary>
    /// A v2c SNMPv2-Trap whose sysUpTime.0 (TimeTicks, unsigned) is <c>43 01 C8</c>: 200 without the leading zero octet,
    /// which read as two's complement would be −56 (RFC 2578 §7.1.8 makes TimeTicks unsigned): what agents that encode
    /// unsigned types as plain C integers send.
    /// </summary>
    public static byte[] V2cTrapWithUnsignedWithoutLeadingZero(string community, byte trapArc) =>
        V2cTrap(community, requestId: [0x2A], uptime: [0xC8], trapArc);

    private static byte[] V2cTrap(string community, byte[] requestId, byte[] uptime, byte trapArc) =>
        Tlv(0x30,
            Tlv(0x02, [0x01]), // version: 1 = v2c
            Tlv(0x04, System.Text.Encoding.ASCII.GetBytes(community)),
            Tlv(0xA7, // SNMPv2-Trap-PDU
                Tlv(0x02, requestId),
                Tlv(0x02, [0x00]), // error-status
                Tlv(0x02, [0x00]), // error-index
                Tlv(0x30,
                    Tlv(0x30, Tlv(0x06, SysUpTime0), Tlv(0x43, uptime)),
                    Tlv(0x30, Tlv(0x06, SnmpTrapOid0), Tlv(0x06, [0x2B, 0x06, 0x01, 0x04, 0x01, 0xBF, 0x08, 0x02, 0x03, 0x00, trapArc])))));

    /// <summary>A tag, a short-form length (contents under 128 octets here) and the contents.</summary>
    private static byte[] Tlv(byte tag, params byte[][] contents)
    {
        var content = contents.SelectMany(c => c).ToArray();
        return [tag, checked((byte)content.Length), .. content];
    }
}
