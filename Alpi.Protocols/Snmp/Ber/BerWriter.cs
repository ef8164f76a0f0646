namespace Alpi.Protocols.Snmp.Ber;

/// <summary>
/// A strict BER writer into a caller's buffer: minimal two's complement integers, minimal definite lengths,
/// base-128 OID sub-identifiers. A constructed element is written forward with a one-octet length reserved; when it
/// ends and its content needs a longer length, the content is moved up by the extra octets (a memmove of at most the
/// message, no allocation). When the buffer is too small, <see cref="Overflowed"/> becomes true and further writes do
/// nothing; the caller retries with a larger buffer.
/// </summary>
/// <remarks>
/// Sources: X.690 §8.1.3 (definite lengths; SNMP senders use the shortest form, RFC 3417 §8), §8.3 (INTEGER, minimal
/// octets §8.3.2), §8.7 (OCTET STRING, primitive), §8.8 (NULL), §8.19 (OBJECT IDENTIFIER); RFC 2578 §7.1 (SNMP
/// application types, unsigned values encoded as INTEGER contents with a leading zero octet when the high bit is set).
/// </remarks>
public ref struct BerWriter
{
    private readonly Span<byte> _buffer;
    private int _position;
    private int _tracked;

    /// <summary>Writes from the first octet of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">The destination.</param>
    public BerWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _tracked = -1;
    }

    /// <summary>The number of octets written.</summary>
    public readonly int Position => _position;

    /// <summary>Whether the buffer was too small; what was written is then incomplete.</summary>
    public bool Overflowed { readonly get; private set; }

    /// <summary>
    /// The offset recorded by <see cref="TrackPosition"/>, kept up to date as enclosing elements end and their content
    /// moves; -1 when nothing is tracked.
    /// </summary>
    public readonly int TrackedPosition => _tracked;

    /// <summary>The octets written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._position];

    /// <summary>Records the current position so <see cref="TrackedPosition"/> reports where it ends up.</summary>
    public void TrackPosition() => _tracked = _position;

    /// <summary>Starts a constructed element (a SEQUENCE, a PDU, an OCTET STRING wrapping BER).</summary>
    /// <param name="tag">Its tag.</param>
    /// <returns>A token to pass to <see cref="EndConstructed"/>.</returns>
    public int BeginConstructed(byte tag)
    {
        var token = _position;
        if (Ensure(2))
        {
            _buffer[_position++] = tag;
            _buffer[_position++] = 0;
        }

        return token;
    }

    /// <summary>Ends the element started by <see cref="BeginConstructed"/>, writing its minimal length.</summary>
    /// <param name="token">The token <see cref="BeginConstructed"/> returned.</param>
    public void EndConstructed(int token)
    {
        if (Overflowed)
        {
            return;
        }

        var contentStart = token + 2;
        var length = _position - contentStart;
        var extra = LengthSize(length) - 1;
        if (extra > 0)
        {
            if (!Ensure(extra))
            {
                return;
            }

            _buffer[contentStart.._position].CopyTo(_buffer[(contentStart + extra)..]);
            if (_tracked >= contentStart)
            {
                _tracked += extra;
            }

            _position += extra;
        }

        WriteLength(_buffer[(token + 1)..], length);
    }

    /// <summary>Writes an INTEGER in the fewest two's complement octets (X.690 §8.3.2).</summary>
    /// <param name="value">The value.</param>
    public void WriteInteger(long value) => WriteInteger(BerTag.Integer, value);

    /// <summary>Writes an IMPLICIT INTEGER with the given tag in the fewest two's complement octets.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="value">The value.</param>
    public void WriteInteger(byte tag, long value)
    {
        var octets = 8;
        while (octets > 1)
        {
            var top9 = (value >> ((octets * 8) - 9)) & 0x1FF;
            if (top9 is not (0 or 0x1FF))
            {
                break;
            }

            octets--;
        }

        if (!WriteHeader(tag, octets))
        {
            return;
        }

        for (var i = octets - 1; i >= 0; i--)
        {
            _buffer[_position++] = (byte)(value >> (i * 8));
        }
    }

    /// <summary>
    /// Writes an unsigned application type (Counter32, Gauge32, TimeTicks, Counter64) as INTEGER contents: minimal
    /// octets, with a leading zero octet when the high bit would be set (RFC 2578 §7.1.6–10, X.690 §8.3).
    /// </summary>
    /// <param name="tag">The tag.</param>
    /// <param name="value">The value.</param>
    public void WriteUnsigned(byte tag, ulong value)
    {
        var octets = 1;
        while (octets < 8 && (value >> (octets * 8)) != 0)
        {
            octets++;
        }

        var signOctet = (value >> ((octets * 8) - 1)) != 0 ? 1 : 0;
        if (!WriteHeader(tag, octets + signOctet))
        {
            return;
        }

        if (signOctet != 0)
        {
            _buffer[_position++] = 0;
        }

        for (var i = octets - 1; i >= 0; i--)
        {
            _buffer[_position++] = (byte)(value >> (i * 8));
        }
    }

    /// <summary>Writes an OCTET STRING (X.690 §8.7, primitive form).</summary>
    /// <param name="value">The octets.</param>
    public void WriteOctetString(scoped ReadOnlySpan<byte> value) => WriteOctetString(BerTag.OctetString, value);

    /// <summary>Writes a primitive element with the given tag and content (OCTET STRING, Opaque, IpAddress).</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="value">The content octets.</param>
    public void WriteOctetString(byte tag, scoped ReadOnlySpan<byte> value)
    {
        if (WriteHeader(tag, value.Length))
        {
            value.CopyTo(_buffer[_position..]);
            _position += value.Length;
        }
    }

    /// <summary>
    /// Writes an OCTET STRING and tracks the offset of its first content octet (see <see cref="TrackedPosition"/>):
    /// msgAuthenticationParameters, which the USM code overwrites in place (RFC 3414 §6.3.1).
    /// </summary>
    /// <param name="value">The content octets.</param>
    public void WriteTrackedOctetString(scoped ReadOnlySpan<byte> value)
    {
        if (WriteHeader(BerTag.OctetString, value.Length))
        {
            TrackPosition();
            value.CopyTo(_buffer[_position..]);
            _position += value.Length;
        }
    }

    /// <summary>
    /// Writes an OCTET STRING of <paramref name="length"/> zero octets and tracks the offset of its content: the
    /// msgAuthenticationParameters placeholder of RFC 3414 §6.3.1, filled in place with the HMAC afterwards.
    /// </summary>
    /// <param name="length">The number of zero octets.</param>
    public void WriteTrackedZeros(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (WriteHeader(BerTag.OctetString, length))
        {
            TrackPosition();
            _buffer.Slice(_position, length).Clear();
            _position += length;
        }
    }

    /// <summary>Writes a NULL (X.690 §8.8) or an exception with the given tag (RFC 3416 §3).</summary>
    /// <param name="tag">BerTag.Null or one of the exception tags.</param>
    public void WriteNull(byte tag = BerTag.Null) => WriteHeader(tag, 0);

    /// <summary>
    /// Writes an OBJECT IDENTIFIER (X.690 §8.19): the first two arcs packed as X·40 + Y, then each arc in base 128
    /// with the fewest octets.
    /// </summary>
    /// <param name="oid">At least two arcs, the first 0, 1 or 2, the second below 40 unless the first is 2.</param>
    /// <exception cref="ArgumentException">The OID cannot be encoded (X.690 §8.19.4).</exception>
    public void WriteObjectIdentifier(Oid oid)
    {
        var arcs = oid.Arcs;
        if (arcs.Length < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40))
        {
            throw new ArgumentException($"OID \"{oid}\" cannot be encoded: it needs two arcs or more, the first 0, 1 or 2, the second below 40 unless the first is 2 (X.690 §8.19.4).", nameof(oid));
        }

        var first = ((ulong)arcs[0] * 40) + arcs[1];
        var length = SubidentifierSize(first);
        for (var i = 2; i < arcs.Length; i++)
        {
            length += SubidentifierSize(arcs[i]);
        }

        if (!WriteHeader(BerTag.ObjectIdentifier, length))
        {
            return;
        }

        WriteSubidentifier(first);
        for (var i = 2; i < arcs.Length; i++)
        {
            WriteSubidentifier(arcs[i]);
        }
    }

    /// <summary>Writes a varbind value of any type, or an exception (RFC 3416 §3).</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException">The value is a decode error or <c>default</c>; neither can be sent.</exception>
    public void WriteValue(in SnmpValue value)
    {
        switch (value.Type)
        {
            case SnmpValueType.Integer32:
                WriteInteger(value.AsInt32());
                break;
            case SnmpValueType.OctetString:
            case SnmpValueType.Opaque:
                WriteOctetString((byte)value.Type, value.RawOctets);
                break;
            case SnmpValueType.Null:
            case SnmpValueType.NoSuchObject:
            case SnmpValueType.NoSuchInstance:
            case SnmpValueType.EndOfMibView:
                WriteNull((byte)value.Type);
                break;
            case SnmpValueType.ObjectIdentifier:
                WriteObjectIdentifier(value.AsOid());
                break;
            case SnmpValueType.IpAddress:
                Span<byte> address = [(byte)(value.RawNumber >> 24), (byte)(value.RawNumber >> 16), (byte)(value.RawNumber >> 8), (byte)value.RawNumber];
                WriteOctetString(BerTag.IpAddress, address);
                break;
            case SnmpValueType.Counter32:
            case SnmpValueType.Gauge32:
            case SnmpValueType.TimeTicks:
            case SnmpValueType.Counter64:
                WriteUnsigned((byte)value.Type, value.RawNumber);
                break;
            default:
                throw new ArgumentException($"A {value.Type} value cannot be encoded.", nameof(value));
        }
    }

    /// <summary>Writes a varbind, <c>SEQUENCE { name, value }</c> (RFC 3416 §3).</summary>
    /// <param name="varbind">The varbind.</param>
    public void WriteVarbind(in Varbind varbind)
    {
        var token = BeginConstructed(BerTag.Sequence);
        WriteObjectIdentifier(varbind.Oid);
        WriteValue(varbind.Value);
        EndConstructed(token);
    }

    private bool WriteHeader(byte tag, int length)
    {
        var size = 1 + LengthSize(length);
        if (!Ensure(size + length))
        {
            return false;
        }

        _buffer[_position++] = tag;
        _position += WriteLength(_buffer[_position..], length);
        return true;
    }

    private bool Ensure(int octets)
    {
        if (!Overflowed && _buffer.Length - _position >= octets)
        {
            return true;
        }

        Overflowed = true;
        return false;
    }

    private void WriteSubidentifier(ulong value)
    {
        var size = SubidentifierSize(value);
        for (var i = size - 1; i >= 0; i--)
        {
            var septet = (byte)((value >> (i * 7)) & 0x7F);
            _buffer[_position++] = i == 0 ? septet : (byte)(septet | 0x80);
        }
    }

    private static int SubidentifierSize(ulong value)
    {
        var size = 1;
        while ((value >>= 7) != 0)
        {
            size++;
        }

        return size;
    }

    /// <summary>The number of length octets for <paramref name="length"/> (X.690 §8.1.3.4, §8.1.3.5).</summary>
    private static int LengthSize(int length) => length switch
    {
        < 0x80 => 1,
        <= 0xFF => 2,
        <= 0xFFFF => 3,
        <= 0xFFFFFF => 4,
        _ => 5,
    };

    private static int WriteLength(Span<byte> destination, int length)
    {
        var size = LengthSize(length);
        if (size == 1)
        {
            destination[0] = (byte)length;
            return 1;
        }

        destination[0] = (byte)(0x80 | (size - 1));
        for (var i = 1; i < size; i++)
        {
            destination[i] = (byte)(length >> ((size - 1 - i) * 8));
        }

        return size;
    }
}
