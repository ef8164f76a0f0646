namespace Alpi.Protocols.Snmp;

/// <summary>The User-based Security Model parameters carried in msgSecurityParameters.</summary>
/// <param name="AuthoritativeEngineId">msgAuthoritativeEngineID (empty in discovery requests).</param>
/// <param name="EngineBoots">msgAuthoritativeEngineBoots (0..2147483647).</param>
/// <param name="EngineTime">msgAuthoritativeEngineTime, seconds since the last boot (0..2147483647).</param>
/// <param name="UserName">msgUserName (0..32 octets).</param>
/// <param name="AuthenticationParameters">msgAuthenticationParameters: the truncated HMAC, or empty.</param>
/// <param name="PrivacyParameters">msgPrivacyParameters: the salt, or empty.</param>
/// <remarks>Source: RFC 3414 §2.4, <c>UsmSecurityParameters ::= SEQUENCE { ... }</c>, BER-encoded inside an OCTET STRING.</remarks>
public sealed record UsmSecurityParameters(
    ReadOnlyMemory<byte> AuthoritativeEngineId,
    int EngineBoots,
    int EngineTime,
    ReadOnlyMemory<byte> UserName,
    ReadOnlyMemory<byte> AuthenticationParameters,
    ReadOnlyMemory<byte> PrivacyParameters)
{
    /// <summary>Empty parameters, as in an engine-discovery request (RFC 3414 §4).</summary>
    public static UsmSecurityParameters Empty { get; } = new(default, 0, 0, default, default, default);
}
