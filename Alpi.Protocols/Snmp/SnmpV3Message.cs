namespace Alpi.Protocols.Snmp;

/// <summary>
/// An SNMPv3 message with the User-based Security Model: header data, security parameters, and either a plaintext
/// <see cref="ScopedPdu"/> or the <see cref="EncryptedPdu"/> octets (exactly one of them). Cryptography is not done
/// here: the USM code signs and encrypts around <see cref="SnmpMessageCodec"/>.
/// </summary>
/// <param name="MessageId">msgID, matching a response to its request (0..2147483647).</param>
/// <param name="MaxSize">msgMaxSize: the largest message the sender can receive (484..2147483647).</param>
/// <param name="Flags">msgFlags.</param>
/// <param name="SecurityParameters">msgSecurityParameters, decoded as USM parameters.</param>
/// <param name="ScopedPdu">The plaintext ScopedPDU, or null when <see cref="EncryptedPdu"/> holds it.</param>
/// <param name="EncryptedPdu">The encryptedPDU octets when privacy is used, else empty.</param>
/// <remarks>
/// Source: RFC 3412 §6, <c>SNMPv3Message ::= SEQUENCE { msgVersion INTEGER (3), msgGlobalData HeaderData,
/// msgSecurityParameters OCTET STRING, msgData ScopedPduData }</c>; msgSecurityModel is always 3, USM (RFC 3414).
/// </remarks>
public sealed record SnmpV3Message(
    int MessageId,
    int MaxSize,
    SnmpV3MessageFlags Flags,
    UsmSecurityParameters SecurityParameters,
    SnmpScopedPdu? ScopedPdu,
    ReadOnlyMemory<byte> EncryptedPdu)
{
    /// <summary>msgSecurityModel of the User-based Security Model (RFC 3411 §5, SnmpSecurityModel 3).</summary>
    public const int UsmSecurityModel = 3;
}
