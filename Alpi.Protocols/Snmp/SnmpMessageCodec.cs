using System.Buffers;
using Alpi.Protocols.Snmp.Ber;

namespace Alpi.Protocols.Snmp;

/// <summary>
/// Encodes and decodes SNMP messages: community-based SNMPv1 and SNMPv2c (<see cref="SnmpMessage"/>) and the SNMPv3
/// message framing (<see cref="SnmpV3Message"/>, no cryptography). Decoding never throws on malformed input: it
/// returns an <see cref="SnmpDecodeResult{T}"/> with the error and its byte offset. Encoding is strict (minimal BER)
/// and throws only for messages that cannot be encoded (a caller's bug).
/// </summary>
/// <remarks>
/// Sources: RFC 1157 §4 (SNMPv1 Message and PDUs); RFC 1901 §3 (SNMPv2c); RFC 3416 §3 (PDUs); RFC 3412 §6 (SNMPv3
/// message); RFC 3414 §2.4 (UsmSecurityParameters); RFC 3417 §8 (BER serialisation); X.690 §8.
/// </remarks>
public static partial class SnmpMessageCodec
{
    /// <summary>The largest message the encoders will produce (far above any UDP datagram).</summary>
    public const int MaxEncodedSize = 16 * 1024 * 1024;

    private const int InitialSizeHint = 1472;

    /// <summary>Reads the version field of any SNMP message, to choose between <see cref="Decode"/> and <see cref="DecodeV3"/>.</summary>
    /// <param name="datagram">The message octets.</param>
    /// <param name="version">The version field (possibly a value no version has).</param>
    /// <returns>False when the datagram does not start with a SEQUENCE and an INTEGER.</returns>
    public static bool TryReadVersion(ReadOnlySpan<byte> datagram, out SnmpVersion version)
    {
        var reader = new BerReader(datagram);
        version = default;
        if (!reader.TryEnter(BerTag.Sequence, out _) || !reader.TryReadInteger32(out var number))
        {
            return false;
        }

        version = (SnmpVersion)number;
        return true;
    }

    /// <summary>
    /// Decodes an SNMPv1 or SNMPv2c message (RFC 1157 §4, RFC 1901 §3): <c>SEQUENCE { version, community, PDU }</c>.
    /// </summary>
    /// <param name="datagram">The message octets (one UDP datagram).</param>
    /// <returns>The message, or the reason it is malformed and where.</returns>
    public static SnmpDecodeResult<SnmpMessage> Decode(ReadOnlySpan<byte> datagram)
    {
        var reader = new BerReader(datagram);
        if (!reader.TryEnter(BerTag.Sequence, out var outerEnd))
        {
            return Failed<SnmpMessage>(ref reader);
        }

        var versionOffset = reader.Position;
        if (!reader.TryReadInteger32(out var version))
        {
            return Failed<SnmpMessage>(ref reader);
        }

        if (version is not ((int)SnmpVersion.V1 or (int)SnmpVersion.V2c))
        {
            var hint = version == (int)SnmpVersion.V3 ? " (an SNMPv3 message: use DecodeV3)" : string.Empty;
            return new(null, new SnmpDecodeError($"unsupported SNMP version {version}{hint}", versionOffset), reader.Leniencies);
        }

        if (!reader.TryReadOctetString(out var community) || !TryReadPdu(ref reader, out var pdu))
        {
            return Failed<SnmpMessage>(ref reader);
        }

        reader.Exit(outerEnd);
        reader.SkipRemaining();
        return new(new SnmpMessage((SnmpVersion)version, community.ToArray(), pdu), null, reader.Leniencies);
    }

    /// <summary>Encodes an SNMPv1 or SNMPv2c message into <paramref name="destination"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="destination">The buffer.</param>
    /// <param name="written">The number of octets written, or 0 when the buffer is too small.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    /// <exception cref="ArgumentException">The message cannot be encoded (version 3, an OID of one arc...).</exception>
    public static bool TryEncode(SnmpMessage message, Span<byte> destination, out int written)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Version is not (SnmpVersion.V1 or SnmpVersion.V2c))
        {
            throw new ArgumentException($"SnmpMessage is community-based, version V1 or V2c, not {message.Version}.", nameof(message));
        }

        var writer = new BerWriter(destination);
        var outer = writer.BeginConstructed(BerTag.Sequence);
        writer.WriteInteger((int)message.Version);
        writer.WriteOctetString(message.Community.Span);
        WritePdu(ref writer, message.Pdu);
        writer.EndConstructed(outer);
        written = writer.Overflowed ? 0 : writer.Position;
        return !writer.Overflowed;
    }

    /// <summary>Encodes an SNMPv1 or SNMPv2c message into <paramref name="output"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="output">The destination.</param>
    /// <returns>The number of octets written.</returns>
    /// <exception cref="ArgumentException">The message cannot be encoded, or is larger than <see cref="MaxEncodedSize"/>.</exception>
    public static int Encode(SnmpMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        for (var sizeHint = InitialSizeHint; ; sizeHint *= 2)
        {
            var span = output.GetSpan(sizeHint);
            if (TryEncode(message, span, out var written))
            {
                output.Advance(written);
                return written;
            }

            ThrowIfTooLarge(span.Length);
        }
    }

    private static SnmpDecodeResult<T> Failed<T>(ref BerReader reader)
        where T : class => new(null, reader.Error, reader.Leniencies);

    private static void ThrowIfTooLarge(int triedSize)
    {
        if (triedSize >= MaxEncodedSize)
        {
            throw new ArgumentException($"The message does not fit in {MaxEncodedSize} octets.");
        }
    }
}
