namespace Alpi.Protocols.Snmp.V3;

/// <summary>
/// The expected failures of the USM security checks, returned as values: each maps to the RFC 3414 statistics
/// counter (and Report PDU) that an agent increments for it.
/// </summary>
/// <remarks>Source: RFC 3414 §3.2 (processing an incoming message), §6.3.2, §7.3.2, §8.3.2; RFC 3826 §3.3.2.</remarks>
public enum UsmError
{
    /// <summary>The check passed.</summary>
    None,

    /// <summary>
    /// <c>msgAuthenticationParameters</c> is not the length the protocol truncates to (12, 16, 24, 32 or 48 octets):
    /// RFC 3414 §6.3.2 step 1 / §7.3.2 step 1, counted as <c>usmStatsWrongDigests</c>.
    /// </summary>
    WrongAuthenticationParametersLength,

    /// <summary>The MAC does not match the message: RFC 3414 §3.2 step 6, <c>usmStatsWrongDigests</c>.</summary>
    WrongDigest,

    /// <summary>
    /// <c>msgPrivacyParameters</c> is not 8 octets: RFC 3414 §8.3.2 step 1 / RFC 3826 §3.3.2 step 1,
    /// <c>usmStatsDecryptionErrors</c>.
    /// </summary>
    WrongPrivacyParametersLength,

    /// <summary>
    /// A DES ciphertext whose length is not a multiple of 8 octets: RFC 3414 §8.3.2 step 2,
    /// <c>usmStatsDecryptionErrors</c>.
    /// </summary>
    CiphertextNotMultipleOf8,

    /// <summary>The message is outside the time window: RFC 3414 §3.2 step 7, <c>usmStatsNotInTimeWindows</c>.</summary>
    NotInTimeWindow,
}
