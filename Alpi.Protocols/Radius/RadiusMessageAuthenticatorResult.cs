namespace Alpi.Protocols.Radius;

/// <summary>The outcome of checking a packet's Message-Authenticator (RFC 3579 §3.2).</summary>
public enum RadiusMessageAuthenticatorResult
{
    /// <summary>The attribute is present once and its HMAC-MD5 matches.</summary>
    Valid,

    /// <summary>The packet has no Message-Authenticator (required in Access-Request by CVE-2024-3596 policy).</summary>
    Missing,

    /// <summary>The HMAC-MD5 does not match: wrong secret or altered packet; the packet is silently discarded.</summary>
    Invalid,

    /// <summary>The attribute is not 16 octets, appears more than once, or the packet framing is broken.</summary>
    Malformed,
}
