using System.Net;
using Alpi.Protocols.Snmp.V3;

namespace Alpi.Protocols.Snmp.Manager;

/// <summary>An SNMP agent to query and how: address, version, community or USM user, time-out and retries.</summary>
/// <param name="EndPoint">The agent's UDP address (port 161 by default on real devices).</param>
/// <param name="Version">v1, v2c or v3.</param>
/// <param name="Community">The community for v1 and v2c (RFC 1157 §3.2.5); ignored for v3.</param>
/// <param name="User">The USM user for v3, or null.</param>
/// <param name="Timeout">How long to wait for each attempt. net-snmp's default is 1 second.</param>
/// <param name="Retries">Attempts after the first. net-snmp's default is 5.</param>
public sealed record SnmpTarget(IPEndPoint EndPoint, SnmpVersion Version, string Community, SnmpV3User? User, TimeSpan Timeout, int Retries)
{
    /// <summary>A v2c target with net-snmp's defaults (1 s, 5 retries).</summary>
    public static SnmpTarget V2c(IPEndPoint endPoint, string community) => new(endPoint, SnmpVersion.V2c, community, null, TimeSpan.FromSeconds(1), 5);
}

/// <summary>The USM security level of a v3 user (RFC 3411 §3.4.3).</summary>
public enum SnmpSecurityLevel
{
    /// <summary>Neither authentication nor privacy.</summary>
    NoAuthNoPriv,

    /// <summary>Authentication, no privacy.</summary>
    AuthNoPriv,

    /// <summary>Authentication and privacy.</summary>
    AuthPriv,
}

/// <summary>An SNMPv3 USM user (RFC 3414 §2.1) as net-snmp's <c>-u -l -a -A -x -X</c> give it.</summary>
/// <param name="UserName">msgUserName.</param>
/// <param name="Level">Security level.</param>
/// <param name="AuthProtocol">Authentication protocol (None for noAuthNoPriv).</param>
/// <param name="AuthPassword">Authentication pass phrase, at least 8 octets.</param>
/// <param name="PrivProtocol">Privacy protocol (None unless authPriv).</param>
/// <param name="PrivPassword">Privacy pass phrase, at least 8 octets.</param>
/// <param name="KeyExtension">How AES-192/256 keys are lengthened: Blumenthal (net-snmp's AES-192/AES-256) or Reeder (Cisco's, net-snmp's AES-192-C/AES-256-C).</param>
public sealed record SnmpV3User(
    string UserName,
    SnmpSecurityLevel Level,
    SnmpAuthProtocol AuthProtocol = SnmpAuthProtocol.None,
    string? AuthPassword = null,
    SnmpPrivProtocol PrivProtocol = SnmpPrivProtocol.None,
    string? PrivPassword = null,
    UsmKeyExtension KeyExtension = UsmKeyExtension.Blumenthal)
{
    /// <summary>Hides the pass phrases: they are secrets and never logged.</summary>
    public override string ToString() => $"SnmpV3User {{ UserName = {UserName}, Level = {Level}, AuthProtocol = {AuthProtocol}, PrivProtocol = {PrivProtocol} }}";
}
