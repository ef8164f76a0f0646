using System.Buffers;
using Alpi.Protocols.Snmp.Ber;

namespace Alpi.Protocols.Snmp;

/// <summary>SNMPv3 message framing and ScopedPDU encoding and decoding, without cryptography.</summary>
/// <remarks>Sources: RFC 3412 §6 (SNMPv3Message, HeaderData, ScopedPduData, ScopedPDU); RFC 3414 §2.4 (UsmSecurityParameters).</remarks>
public static partial class SnmpMessageCodec
{
    /// <summary>
    /// Decodes an SNMPv3 message (RFC 3412 §6) with USM security parameters (RFC 3414 §2.4), and reports where
    /// msgAuthenticationParameters lie so the USM code can verify the HMAC. An encrypted scoped PDU is returned as
    /// octets; decrypt it and call <see cref="DecodeScopedPdu"/>. A negative msgID, msgMaxSize, engine boots or engine
    /// time (each <c>INTEGER (0..2147483647)</c>) is malformed.
    /// </summary>
    /// <param name="datagram">The message octets (one UDP datagram).</param>
    /// <returns>The frame, or the reason it is malformed and where.</returns>
    public static SnmpDecodeResult<SnmpV3Frame> DecodeV3(ReadOnlySpan<byte> datagram)
    {
        var reader = new BerReader(datagram);
        if (!reader.TryEnter(BerTag.Sequence, out var outerEnd))
        {
            return Failed<SnmpV3Frame>(ref reader);
        }

        var versionOffset = reader.Position;
        if (!reader.TryReadInteger32(out var version))
        {
            return Failed<SnmpV3Frame>(ref reader);
        }

        if (version != (int)SnmpVersion.V3)
        {
            reader.ReportError(versionOffset, $"msgVersion {version} is not 3 (RFC 3412 §6)");
            return Failed<SnmpV3Frame>(ref reader);
        }

        if (!TryReadHeaderData(ref reader, out var messageId, out var maxSize, out var flags)
            || !TryReadUsmParameters(ref reader, out var security, out var authOffset))
        {
            return Failed<SnmpV3Frame>(ref reader);
        }

        SnmpScopedPdu? scopedPdu = null;
        ReadOnlyMemory<byte> encrypted = default;
        var dataOffset = reader.Position;
        if (!reader.TryPeekTag(out var dataTag))
        {
            return Failed<SnmpV3Frame>(ref reader);
        }

        if (dataTag == BerTag.OctetString)
        {
            if (!reader.TryReadOctetString(out var octets))
            {
                return Failed<SnmpV3Frame>(ref reader);
            }

            encrypted = octets.ToArray();
        }
        else if (dataTag == BerTag.Sequence)
        {
            if (!TryReadScopedPdu(ref reader, out scopedPdu))
            {
                return Failed<SnmpV3Frame>(ref reader);
            }
        }
        else
        {
            reader.ReportError(dataOffset, $"msgData is neither a plaintext ScopedPDU (SEQUENCE) nor an encryptedPDU (OCTET STRING), found tag 0x{dataTag:X2} (RFC 3412 §6)");
            return Failed<SnmpV3Frame>(ref reader);
        }

        reader.Exit(outerEnd);
        var messageLength = reader.Position;
        reader.SkipRemaining();
        var message = new SnmpV3Message(messageId, maxSize, flags, security, scopedPdu, encrypted);
        return new(new SnmpV3Frame(message, authOffset, security.AuthenticationParameters.Length, messageLength), null, reader.Leniencies);
    }

    /// <summary>
    /// Decodes a ScopedPDU (RFC 3412 §6), typically the plaintext of a decrypted encryptedPDU. Octets after the
    /// ScopedPDU are ignored: they are the cipher's padding (RFC 3414 §8.1.1.3).
    /// </summary>
    /// <param name="plaintext">The ScopedPDU octets.</param>
    /// <returns>The ScopedPDU, or the reason it is malformed and where.</returns>
    public static SnmpDecodeResult<SnmpScopedPdu> DecodeScopedPdu(ReadOnlySpan<byte> plaintext)
    {
        var reader = new BerReader(plaintext);
        return TryReadScopedPdu(ref reader, out var scopedPdu)
            ? new(scopedPdu, null, reader.Leniencies)
            : Failed<SnmpScopedPdu>(ref reader);
    }

    /// <summary>
    /// Encodes an SNMPv3 message. With <paramref name="authenticationPlaceholderLength"/> above zero,
    /// msgAuthenticationParameters is written as that many zero octets for the USM code to overwrite with the HMAC
    /// computed over the written message (RFC 3414 §6.3.1); otherwise the message's own parameters are written.
    /// </summary>
    /// <param name="message">The message; exactly one of ScopedPdu and EncryptedPdu is used.</param>
    /// <param name="authenticationPlaceholderLength">0, or the truncated HMAC length (12 for HMAC-MD5-96 and HMAC-SHA-96).</param>
    /// <param name="destination">The buffer.</param>
    /// <param name="written">The number of octets written, or 0 when the buffer is too small.</param>
    /// <param name="authenticationParametersOffset">Offset of the first content octet of msgAuthenticationParameters.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    /// <exception cref="ArgumentException">The message cannot be encoded.</exception>
    public static bool TryEncodeV3(
        SnmpV3Message message,
        int authenticationPlaceholderLength,
        Span<byte> destination,
        out int written,
        out int authenticationParametersOffset)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfNegative(authenticationPlaceholderLength);
        if (message.ScopedPdu is not null && !message.EncryptedPdu.IsEmpty)
        {
            throw new ArgumentException("An SNMPv3 message carries either a plaintext ScopedPdu or an EncryptedPdu, not both (RFC 3412 §6).", nameof(message));
        }

        var writer = new BerWriter(destination);
        var outer = writer.BeginConstructed(BerTag.Sequence);
        writer.WriteInteger((int)SnmpVersion.V3);

        var header = writer.BeginConstructed(BerTag.Sequence);
        writer.WriteInteger(message.MessageId);
        writer.WriteInteger(message.MaxSize);
        writer.WriteOctetString([(byte)message.Flags]);
        writer.WriteInteger(SnmpV3Message.UsmSecurityModel);
        writer.EndConstructed(header);

        var security = message.SecurityParameters;
        var wrapper = writer.BeginConstructed(BerTag.OctetString);
        var usm = writer.BeginConstructed(BerTag.Sequence);
        writer.WriteOctetString(security.AuthoritativeEngineId.Span);
        writer.WriteInteger(security.EngineBoots);
        writer.WriteInteger(security.EngineTime);
        writer.WriteOctetString(security.UserName.Span);
        if (authenticationPlaceholderLength > 0)
        {
            writer.WriteTrackedZeros(authenticationPlaceholderLength);
        }
        else
        {
            writer.WriteTrackedOctetString(security.AuthenticationParameters.Span);
        }

        writer.WriteOctetString(security.PrivacyParameters.Span);
        writer.EndConstructed(usm);
        writer.EndConstructed(wrapper);

        if (message.ScopedPdu is { } scopedPdu)
        {
            WriteScopedPdu(ref writer, scopedPdu);
        }
        else
        {
            writer.WriteOctetString(message.EncryptedPdu.Span);
        }

        writer.EndConstructed(outer);
        written = writer.Overflowed ? 0 : writer.Position;
        authenticationParametersOffset = writer.Overflowed ? -1 : writer.TrackedPosition;
        return !writer.Overflowed;
    }

    /// <summary>Encodes an SNMPv3 message into <paramref name="output"/>; see <see cref="TryEncodeV3"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="authenticationPlaceholderLength">0, or the number of zero octets to reserve for the HMAC.</param>
    /// <param name="output">The destination.</param>
    /// <param name="authenticationParametersOffset">Offset of msgAuthenticationParameters' content from the start of what was written.</param>
    /// <returns>The number of octets written.</returns>
    /// <exception cref="ArgumentException">The message cannot be encoded, or is larger than <see cref="MaxEncodedSize"/>.</exception>
    public static int EncodeV3(SnmpV3Message message, int authenticationPlaceholderLength, IBufferWriter<byte> output, out int authenticationParametersOffset)
    {
        ArgumentNullException.ThrowIfNull(output);
        for (var sizeHint = InitialSizeHint; ; sizeHint *= 2)
        {
            var span = output.GetSpan(sizeHint);
            if (TryEncodeV3(message, authenticationPlaceholderLength, span, out var written, out authenticationParametersOffset))
            {
                output.Advance(written);
                return written;
            }

            ThrowIfTooLarge(span.Length);
        }
    }

    /// <summary>Encodes a ScopedPDU (RFC 3412 §6), the plaintext the USM code encrypts.</summary>
    /// <param name="scopedPdu">The ScopedPDU.</param>
    /// <param name="destination">The buffer.</param>
    /// <param name="written">The number of octets written, or 0 when the buffer is too small.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public static bool TryEncodeScopedPdu(SnmpScopedPdu scopedPdu, Span<byte> destination, out int written)
    {
        ArgumentNullException.ThrowIfNull(scopedPdu);
        var writer = new BerWriter(destination);
        WriteScopedPdu(ref writer, scopedPdu);
        written = writer.Overflowed ? 0 : writer.Position;
        return !writer.Overflowed;
    }

    /// <summary>Encodes a ScopedPDU (RFC 3412 §6) into <paramref name="output"/>.</summary>
    /// <param name="scopedPdu">The ScopedPDU.</param>
    /// <param name="output">The destination.</param>
    /// <returns>The number of octets written.</returns>
    public static int EncodeScopedPdu(SnmpScopedPdu scopedPdu, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        for (var sizeHint = InitialSizeHint; ; sizeHint *= 2)
        {
            var span = output.GetSpan(sizeHint);
            if (TryEncodeScopedPdu(scopedPdu, span, out var written))
            {
                output.Advance(written);
                return written;
            }

            ThrowIfTooLarge(span.Length);
        }
    }

    /// <summary>HeaderData ::= SEQUENCE { msgID, msgMaxSize, msgFlags OCTET STRING (SIZE(1)), msgSecurityModel } (RFC 3412 §6).</summary>
    private static bool TryReadHeaderData(ref BerReader reader, out int messageId, out int maxSize, out SnmpV3MessageFlags flags)
    {
        messageId = maxSize = 0;
        flags = default;
        if (!reader.TryEnter(BerTag.Sequence, out var outerEnd)
            || !TryReadNonNegative(ref reader, "msgID", out messageId)
            || !TryReadNonNegative(ref reader, "msgMaxSize", out maxSize))
        {
            return false;
        }

        var flagsOffset = reader.Position;
        if (!reader.TryReadOctetString(out var flagOctets))
        {
            return false;
        }

        if (flagOctets.Length != 1)
        {
            return reader.ReportError(flagsOffset, $"msgFlags is {flagOctets.Length} octets, not 1 (RFC 3412 §6)");
        }

        flags = (SnmpV3MessageFlags)flagOctets[0];
        var modelOffset = reader.Position;
        if (!reader.TryReadInteger32(out var securityModel))
        {
            return false;
        }

        if (securityModel != SnmpV3Message.UsmSecurityModel)
        {
            return reader.ReportError(modelOffset, $"msgSecurityModel {securityModel} is not USM (3, RFC 3414)");
        }

        reader.Exit(outerEnd);
        return true;
    }

    /// <summary>msgSecurityParameters: an OCTET STRING wrapping UsmSecurityParameters (RFC 3414 §2.4).</summary>
    private static bool TryReadUsmParameters(ref BerReader reader, out UsmSecurityParameters security, out int authOffset)
    {
        security = null!;
        authOffset = -1;
        if (!reader.TryEnter(BerTag.OctetString, out var wrapperEnd)
            || !reader.TryEnter(BerTag.Sequence, out var sequenceEnd)
            || !reader.TryReadOctetString(out var engineId)
            || !TryReadNonNegative(ref reader, "msgAuthoritativeEngineBoots", out var boots)
            || !TryReadNonNegative(ref reader, "msgAuthoritativeEngineTime", out var time)
            || !reader.TryReadOctetString(out var userName)
            || !reader.TryReadOctetString(out var authParameters))
        {
            return false;
        }

        authOffset = reader.Position - authParameters.Length;
        if (!reader.TryReadOctetString(out var privParameters))
        {
            return false;
        }

        reader.Exit(sequenceEnd);
        reader.Exit(wrapperEnd);
        security = new UsmSecurityParameters(engineId.ToArray(), boots, time, userName.ToArray(), authParameters.ToArray(), privParameters.ToArray());
        return true;
    }

    /// <summary>
    /// An <c>INTEGER (0..2147483647)</c> of the v3 header or of UsmSecurityParameters (RFC 3412 §6, RFC 3414 §2.4): a
    /// negative value is malformed (the engine boots and time also feed the AES IV, RFC 3826 §3.1.2.1).
    /// </summary>
    private static bool TryReadNonNegative(ref BerReader reader, string field, out int value)
    {
        var offset = reader.Position;
        if (!reader.TryReadInteger32(out value))
        {
            return false;
        }

        return value >= 0 || reader.ReportError(offset, $"{field} {value} is negative, not in 0..2147483647 (RFC 3412 §6, RFC 3414 §2.4)");
    }

    private static bool TryReadScopedPdu(ref BerReader reader, out SnmpScopedPdu? scopedPdu)
    {
        scopedPdu = null;
        if (!reader.TryEnter(BerTag.Sequence, out var outerEnd)
            || !reader.TryReadOctetString(out var contextEngineId)
            || !reader.TryReadOctetString(out var contextName)
            || !TryReadStandardPdu(ref reader, out var pdu))
        {
            return false;
        }

        reader.Exit(outerEnd);
        scopedPdu = new SnmpScopedPdu(contextEngineId.ToArray(), contextName.ToArray(), pdu);
        return true;
    }

    private static void WriteScopedPdu(ref BerWriter writer, SnmpScopedPdu scopedPdu)
    {
        var token = writer.BeginConstructed(BerTag.Sequence);
        writer.WriteOctetString(scopedPdu.ContextEngineId.Span);
        writer.WriteOctetString(scopedPdu.ContextName.Span);
        WriteStandardPdu(ref writer, scopedPdu.Pdu);
        writer.EndConstructed(token);
    }
}
