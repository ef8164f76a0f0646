using System.Diagnostics.CodeAnalysis;

namespace Alpi.Protocols.Snmp;

/// <summary>The msgFlags octet of an SNMPv3 message.</summary>
/// <remarks>Source: RFC 3412 §6.4 (authFlag 0x01, privFlag 0x02, reportableFlag 0x04).</remarks>
[Flags]
[SuppressMessage("Naming", "CA1711", Justification = "RFC 3412 §6 names the field msgFlags.")]
public enum SnmpV3MessageFlags : byte
{
    /// <summary>noAuthNoPriv, not reportable.</summary>
    None = 0,

    /// <summary>authFlag: the message is authenticated.</summary>
    Authentication = 0x01,

    /// <summary>privFlag: the scoped PDU is encrypted (requires <see cref="Authentication"/>).</summary>
    Privacy = 0x02,

    /// <summary>reportableFlag: a Report-PDU may be sent back on error.</summary>
    Reportable = 0x04,
}
