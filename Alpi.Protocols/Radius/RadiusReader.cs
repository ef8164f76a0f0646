using System.Buffers.Binary;

namespace Alpi.Protocols.Radius;

/// <summary>
/// An allocation-free reader over one RADIUS datagram (RFC 2865 §3 and §5): first the fixed header, then the
/// attributes one by one, each as spans over the datagram. Every read moves forward by at least two octets or
/// fails, so malformed lengths cannot make a caller loop.
/// </summary>
/// <remarks>
/// Octets beyond the Length field are padding and are ignored (RFC 2865 §3). After a failed read
/// <see cref="Error"/> says why and <see cref="ErrorOffset"/> where (0-based in the datagram).
/// </remarks>
public ref struct RadiusReader
{
    private readonly ReadOnlySpan<byte> _datagram;
    private int _position;
    private int _end;

    /// <summary>Starts reading at the first octet of <paramref name="datagram"/>.</summary>
    /// <param name="datagram">The UDP payload as received.</param>
    public RadiusReader(ReadOnlySpan<byte> datagram)
    {
        _datagram = datagram;
        _end = -1;
    }

    /// <summary>Why the last failed read failed.</summary>
    public RadiusDecodeError Error { readonly get; private set; }

    /// <summary>0-based offset where the last failed read found the problem.</summary>
    public int ErrorOffset { readonly get; private set; }

    /// <summary>Whether attributes remain before the end given by the Length field.</summary>
    public readonly bool HasMoreAttributes => _end >= 0 && _position < _end;

    /// <summary>The packet octets (the datagram cut at the Length field), valid after <see cref="TryReadHeader"/>.</summary>
    public readonly ReadOnlySpan<byte> Packet => _end < 0 ? default : _datagram[.._end];

    /// <summary>
    /// Reads Code, Identifier, Length and Authenticator (RFC 2865 §3), checking that the Length is within 20..4096
    /// and within the datagram.
    /// </summary>
    /// <param name="code">The packet type, kept as its number when unknown.</param>
    /// <param name="identifier">The Identifier octet.</param>
    /// <param name="authenticator">The 16 authenticator octets.</param>
    /// <returns>False with <see cref="Error"/> set when the header is malformed.</returns>
    public bool TryReadHeader(out RadiusCode code, out byte identifier, out ReadOnlySpan<byte> authenticator)
    {
        code = 0;
        identifier = 0;
        authenticator = default;
        if (_datagram.Length < RadiusPacket.HeaderLength)
        {
            return Fail(RadiusDecodeError.DatagramTooShort, _datagram.Length);
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_datagram[2..]);
        if (length is < RadiusPacket.HeaderLength or > RadiusPacket.MaxLength)
        {
            return Fail(RadiusDecodeError.LengthOutOfRange, 2);
        }

        if (length > _datagram.Length)
        {
            return Fail(RadiusDecodeError.LengthBeyondDatagram, 2);
        }

        code = (RadiusCode)_datagram[0];
        identifier = _datagram[1];
        authenticator = _datagram.Slice(4, RadiusPacket.AuthenticatorLength);
        _end = length;
        _position = RadiusPacket.HeaderLength;
        return true;
    }

    /// <summary>Reads the next attribute's type and value (RFC 2865 §5).</summary>
    /// <param name="type">The attribute type.</param>
    /// <param name="value">The value octets (Length − 2 of them).</param>
    /// <param name="offset">0-based offset of the attribute's Type octet.</param>
    /// <returns>False at the end of the packet (with <see cref="Error"/> None) or when the attribute is malformed.</returns>
    public bool TryReadAttribute(out byte type, out ReadOnlySpan<byte> value, out int offset)
    {
        type = 0;
        value = default;
        offset = _position;
        if (_end < 0 || _position >= _end)
        {
            return false;
        }

        if (_end - _position < 2)
        {
            return Fail(RadiusDecodeError.AttributeTooShort, _position);
        }

        type = _datagram[_position];
        int length = _datagram[_position + 1];
        if (length < 2)
        {
            return Fail(RadiusDecodeError.AttributeTooShort, _position + 1);
        }

        if (length > _end - _position)
        {
            return Fail(RadiusDecodeError.AttributeOverrun, _position + 1);
        }

        value = _datagram.Slice(_position + 2, length - 2);
        _position += length;
        return true;
    }

    private bool Fail(RadiusDecodeError error, int offset)
    {
        Error = error;
        ErrorOffset = offset;
        _end = _end < 0 ? -1 : _position;
        return false;
    }
}
