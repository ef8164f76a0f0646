using System.Text;

namespace Alpi.Protocols.Snmp;

/// <summary>A community-based SNMPv1 or SNMPv2c message.</summary>
/// <param name="Version"><see cref="SnmpVersion.V1"/> or <see cref="SnmpVersion.V2c"/>.</param>
/// <param name="Community">The community octets (not necessarily text).</param>
/// <param name="Pdu">An <see cref="SnmpPdu"/>, or a <see cref="TrapV1Pdu"/> in SNMPv1.</param>
/// <remarks>Sources: RFC 1157 §4 (<c>Message ::= SEQUENCE { version, community, data }</c>); RFC 1901 §3 (SNMPv2c).</remarks>
public sealed record SnmpMessage(SnmpVersion Version, ReadOnlyMemory<byte> Community, ISnmpPdu Pdu)
{
    /// <summary>A message whose community is UTF-8 text, as net-snmp's tools send it.</summary>
    /// <param name="version">SNMPv1 or SNMPv2c.</param>
    /// <param name="community">The community.</param>
    /// <param name="pdu">The PDU.</param>
    public SnmpMessage(SnmpVersion version, string community, ISnmpPdu pdu)
        : this(version, Encoding.UTF8.GetBytes(community ?? throw new ArgumentNullException(nameof(community))), pdu)
    {
    }

    /// <summary>The community read as UTF-8 text.</summary>
    public string CommunityText => Encoding.UTF8.GetString(Community.Span);
}
