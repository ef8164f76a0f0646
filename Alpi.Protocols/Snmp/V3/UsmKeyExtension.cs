namespace Alpi.Protocols.Snmp.V3;

/// <summary>
/// How a localised privacy key shorter than the cipher needs (an MD5 or SHA-1 key for AES-192/256) is lengthened.
/// The two drafts give different keys from the same password: the agent's choice must be matched.
/// </summary>
/// <remarks>Sources: draft-blumenthal-aes-usm-04 §3.1.2.1; draft-reeder-snmpv3-usm-3desede-00 §2.1.</remarks>
public enum UsmKeyExtension
{
    /// <summary>
    /// draft-blumenthal-aes-usm-04 §3.1.2.1: <c>Kul' = Kul ‖ H(Kul)</c>, repeated over the whole key so far until
    /// long enough, then truncated. net-snmp's <c>-x AES-192|AES-256</c> (its default).
    /// </summary>
    Blumenthal,

    /// <summary>
    /// draft-reeder-snmpv3-usm-3desede-00 §2.1: the key so far is taken as a password, turned into a key (RFC 3414 A.2)
    /// and localised again; the result is appended until long enough, then truncated. Cisco's <c>AES-192-C/256-C</c>
    /// (pysnmp's <c>usmAesCfb192Protocol</c>/<c>usmAesCfb256Protocol</c>).
    /// </summary>
    Reeder,
}
