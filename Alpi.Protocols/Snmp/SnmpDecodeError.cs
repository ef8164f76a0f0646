namespace Alpi.Protocols.Snmp;

/// <summary>Why a datagram could not be decoded as an SNMP message, and where.</summary>
/// <param name="Reason">What was wrong, in words a technician understands.</param>
/// <param name="Offset">0-based offset of the offending octet (usually the tag of the element) in the decoded buffer.</param>
/// <remarks>Source: X.690 §8.1 (the TLV structure the offset points into); RFC 3417 §8 (BER as used by SNMP).</remarks>
public sealed record SnmpDecodeError(string Reason, int Offset)
{
    /// <inheritdoc />
    public override string ToString() => $"at byte {Offset}: {Reason}";
}
