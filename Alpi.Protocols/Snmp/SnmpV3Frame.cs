namespace Alpi.Protocols.Snmp;

/// <summary>
/// A decoded SNMPv3 message and where its msgAuthenticationParameters lie in the octets it was decoded from, so the
/// USM code can zero them in a copy and compute or verify the HMAC over the whole message.
/// </summary>
/// <param name="Message">The decoded message.</param>
/// <param name="AuthenticationParametersOffset">0-based offset of the first content octet of msgAuthenticationParameters.</param>
/// <param name="AuthenticationParametersLength">Its length in octets (12 for HMAC-MD5-96 and HMAC-SHA-96).</param>
/// <param name="MessageLength">Length of the whole message (the outer SEQUENCE), over which the HMAC is computed.</param>
/// <remarks>Sources: RFC 3412 §6 (message layout); RFC 3414 §6.3.2 and §7.3.2 (the HMAC covers wholeMsg with msgAuthenticationParameters set to zeros).</remarks>
public sealed record SnmpV3Frame(
    SnmpV3Message Message,
    int AuthenticationParametersOffset,
    int AuthenticationParametersLength,
    int MessageLength);
