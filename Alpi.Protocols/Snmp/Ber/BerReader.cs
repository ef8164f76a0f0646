using System.Globalization;

namespace Alpi.Protocols.Snmp.Ber;

/// <summary>
/// A lenient BER reader over one SNMP message. It reads TLVs forward, entering constructed elements by narrowing its
/// end (no recursion, no allocation except for the values it returns), and accepts the deviations real agents send,
/// noting each in <see cref="Leniencies"/>. A method returns false with <see cref="ErrorReason"/> and
/// <see cref="ErrorOffset"/> set when the structure is broken; a varbind whose framing is intact but whose content is
/// out of range becomes an <see cref="SnmpValueType.DecodeError"/> value instead, so the other varbinds are kept.
/// </summary>
/// <remarks>
/// Sources: X.690 §8.1 (identifier, length and contents octets; SNMP uses only the definite form, RFC 3417 §8),
/// §8.3 (INTEGER), §8.7 (OCTET STRING), §8.8 (NULL), §8.19 (OBJECT IDENTIFIER); RFC 2578 §7.1 (application types and
/// their ranges); RFC 3416 §3 (exceptions). Offsets are 0-based within the span given to the constructor.
/// </remarks>
public ref struct BerReader
{
    private const ulong MaxFirstSubidentifier = uint.MaxValue + 80UL;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private int _end;

    /// <summary>Starts reading at the first octet of <paramref name="data"/>.</summary>
    /// <param name="data">The message octets.</param>
    public BerReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _end = data.Length;
    }

    /// <summary>0-based offset of the next octet to read.</summary>
    public readonly int Position => _position;

    /// <summary>Whether there is anything left before the end of the current constructed element (or of the data).</summary>
    public readonly bool HasMore => _position < _end;

    /// <summary>The deviations accepted so far.</summary>
    public BerLeniency Leniencies { readonly get; private set; }

    /// <summary>Why the last failed read failed, or null.</summary>
    public string? ErrorReason { readonly get; private set; }

    /// <summary>0-based offset where the last failed read found the problem.</summary>
    public int ErrorOffset { readonly get; private set; }

    /// <summary>The last failure as a value.</summary>
    public readonly SnmpDecodeError Error => new(ErrorReason ?? "no error", ErrorOffset);

    /// <summary>The tag of the next element, without consuming it.</summary>
    /// <param name="tag">The identifier octet.</param>
    /// <returns>False at the end of the current element.</returns>
    public bool TryPeekTag(out byte tag)
    {
        if (_position >= _end)
        {
            tag = 0;
            return Fail(_position, "unexpected end of data, expected another element");
        }

        tag = _data[_position];
        return true;
    }

    /// <summary>
    /// Reads identifier and length octets (X.690 §8.1.2, §8.1.3) and leaves the position on the first content octet.
    /// Rejects multi-octet tags, the indefinite form, the reserved length 0xFF and lengths beyond the current element.
    /// </summary>
    /// <param name="tag">The identifier octet.</param>
    /// <param name="length">The number of content octets, all of them within the current element.</param>
    /// <returns>False with <see cref="ErrorReason"/> set when the header is malformed or truncated.</returns>
    public bool TryReadHeader(out byte tag, out int length)
    {
        tag = 0;
        length = 0;
        var start = _position;
        if (start >= _end)
        {
            return Fail(start, "unexpected end of data, expected a tag");
        }

        tag = _data[start];
        if ((tag & 0x1F) == 0x1F)
        {
            return Fail(start, $"multi-octet tag 0x{tag:X2} is not used by SNMP (X.690 §8.1.2.4)");
        }

        var p = start + 1;
        if (p >= _end)
        {
            return Fail(p, "truncated: the data ends before the length octet");
        }

        int first = _data[p++];
        if (first < 0x80)
        {
            length = first;
        }
        else if (first == 0x80)
        {
            return Fail(p - 1, "indefinite length is not allowed in SNMP (RFC 3417 §8, X.690 §8.1.3.6)");
        }
        else if (first == 0xFF)
        {
            return Fail(p - 1, "length octet 0xFF is reserved (X.690 §8.1.3.5)");
        }
        else
        {
            var count = first & 0x7F;
            if (count > _end - p)
            {
                return Fail(p - 1, $"truncated: a {count}-octet length runs past the end of the data");
            }

            ulong value = 0;
            for (var i = 0; i < count; i++)
            {
                value = (value << 8) | _data[p + i];
                if (value > int.MaxValue)
                {
                    return Fail(p - 1, "length above 2147483647 octets");
                }
            }

            if (value < 0x80 || count > OctetsNeeded(value))
            {
                Leniencies |= BerLeniency.NonMinimalLength;
            }

            p += count;
            length = (int)value;
        }

        if (length > _end - p)
        {
            return Fail(start, $"length {length} of element 0x{tag:X2} goes beyond the end of the data ({_end - p} octets left)");
        }

        _position = p;
        return true;
    }

    /// <summary>
    /// Enters a constructed element (a SEQUENCE, a PDU) or an OCTET STRING that wraps BER (msgSecurityParameters): the
    /// following reads stay within its content until <see cref="Exit"/>.
    /// </summary>
    /// <param name="expectedTag">The tag the element must have.</param>
    /// <param name="outerEnd">The end to restore on <see cref="Exit"/>.</param>
    /// <returns>False when the next element is missing, malformed or has another tag.</returns>
    public bool TryEnter(byte expectedTag, out int outerEnd)
    {
        outerEnd = _end;
        if (!TryReadExpectedHeader(expectedTag, out var length))
        {
            return false;
        }

        _end = _position + length;
        return true;
    }

    /// <summary>Leaves the element entered by <see cref="TryEnter"/>, skipping (and noting) any octets not read.</summary>
    /// <param name="outerEnd">The value <see cref="TryEnter"/> returned.</param>
    public void Exit(int outerEnd)
    {
        if (_position < _end)
        {
            Leniencies |= BerLeniency.TrailingBytes;
            _position = _end;
        }

        _end = outerEnd;
    }

    /// <summary>Skips whatever is left before the end of the current element (or of the data), noting it if anything.</summary>
    public void SkipRemaining()
    {
        if (_position < _end)
        {
            Leniencies |= BerLeniency.TrailingBytes;
            _position = _end;
        }
    }

    /// <summary>Skips the next element whatever it is.</summary>
    /// <returns>False when its header is malformed.</returns>
    public bool TrySkip()
    {
        if (!TryReadHeader(out _, out var length))
        {
            return false;
        }

        _position += length;
        return true;
    }

    /// <summary>Counts the elements left in the current constructed element without consuming them.</summary>
    /// <param name="count">The number of elements.</param>
    /// <returns>False when one of them is malformed.</returns>
    public bool TryCountElements(out int count)
    {
        count = 0;
        var saved = _position;
        while (_position < _end)
        {
            if (!TrySkip())
            {
                _position = saved;
                return false;
            }

            count++;
        }

        _position = saved;
        return true;
    }

    /// <summary>Reads an INTEGER (X.690 §8.3) that must fit in 32 bits (request-id, error-status, msgID...).</summary>
    /// <param name="value">The value.</param>
    /// <returns>False when missing, of another type or out of Integer32 range.</returns>
    public bool TryReadInteger32(out int value) => TryReadInteger32(BerTag.Integer, out value);

    /// <summary>Reads an INTEGER-encoded element with the given tag that must fit in 32 bits.</summary>
    /// <param name="tag">The expected tag (an IMPLICIT INTEGER).</param>
    /// <param name="value">The value.</param>
    /// <returns>False when missing, of another type or out of Integer32 range.</returns>
    public bool TryReadInteger32(byte tag, out int value)
    {
        value = 0;
        var start = _position;
        if (!TryReadContent(tag, out var content))
        {
            return false;
        }

        var leniencies = Leniencies;
        if (!TryDecodeSigned(content, ref leniencies, out var number) || number is < int.MinValue or > int.MaxValue)
        {
            return Fail(start, "INTEGER out of Integer32 range (RFC 2578 §7.1.1)");
        }

        Leniencies = leniencies;
        value = (int)number;
        return true;
    }

    /// <summary>Reads an unsigned 32-bit application type (Counter32, Gauge32, TimeTicks), leniently.</summary>
    /// <param name="tag">The expected tag.</param>
    /// <param name="value">The value.</param>
    /// <returns>False when missing, of another type or out of range.</returns>
    public bool TryReadUnsigned32(byte tag, out uint value)
    {
        value = 0;
        var start = _position;
        if (!TryReadContent(tag, out var content))
        {
            return false;
        }

        var leniencies = Leniencies;
        if (!TryDecodeUnsigned(content, 4, ref leniencies, out var number))
        {
            return Fail(start, $"value of element 0x{tag:X2} above 4294967295 (RFC 2578 §7.1)");
        }

        Leniencies = leniencies;
        value = (uint)number;
        return true;
    }

    /// <summary>Reads an OCTET STRING (X.690 §8.7, primitive form).</summary>
    /// <param name="value">The content octets, a slice of the data.</param>
    /// <returns>False when missing or of another type.</returns>
    public bool TryReadOctetString(out ReadOnlySpan<byte> value) => TryReadContent(BerTag.OctetString, out value);

    /// <summary>Reads a primitive element with the given tag and returns its content octets.</summary>
    /// <param name="tag">The expected tag.</param>
    /// <param name="content">The content octets, a slice of the data.</param>
    /// <returns>False when missing or of another type.</returns>
    public bool TryReadContent(byte tag, out ReadOnlySpan<byte> content)
    {
        content = default;
        if (!TryReadExpectedHeader(tag, out var length))
        {
            return false;
        }

        content = _data.Slice(_position, length);
        _position += length;
        return true;
    }

    /// <summary>Reads a NULL (X.690 §8.8); content octets are skipped and noted.</summary>
    /// <returns>False when missing or of another type.</returns>
    public bool TryReadNull()
    {
        if (!TryReadContent(BerTag.Null, out var content))
        {
            return false;
        }

        if (!content.IsEmpty)
        {
            Leniencies |= BerLeniency.NonEmptyNull;
        }

        return true;
    }

    /// <summary>Reads an OBJECT IDENTIFIER (X.690 §8.19) whose failure fails the message (a trap's enterprise).</summary>
    /// <param name="value">The OID.</param>
    /// <returns>False when missing, of another type, truncated or with an arc above 4294967295.</returns>
    public bool TryReadObjectIdentifier(out Oid value)
    {
        var start = _position;
        if (!TryReadContent(BerTag.ObjectIdentifier, out var content))
        {
            value = default;
            return false;
        }

        var leniencies = Leniencies;
        var problem = DecodeOid(content, ref leniencies, out value);
        Leniencies = leniencies;
        return problem is null || Fail(start, problem);
    }

    /// <summary>
    /// Reads one varbind, <c>SEQUENCE { name OBJECT IDENTIFIER, value }</c> (RFC 3416 §3). A name or value that is
    /// framed correctly but cannot be represented yields a varbind whose value is a decode error.
    /// </summary>
    /// <param name="varbind">The varbind.</param>
    /// <returns>False only when the framing is broken (then the rest of the PDU cannot be read).</returns>
    public bool TryReadVarbind(out Varbind varbind)
    {
        varbind = default;
        if (!TryEnter(BerTag.Sequence, out var outerEnd))
        {
            return false;
        }

        var nameStart = _position;
        if (!TryReadContent(BerTag.ObjectIdentifier, out var name))
        {
            return false;
        }

        var leniencies = Leniencies;
        var problem = DecodeOid(name, ref leniencies, out var oid);
        Leniencies = leniencies;
        if (!TryReadValue(out var value))
        {
            return false;
        }

        Exit(outerEnd);
        varbind = problem is null
            ? new Varbind(oid, value)
            : new Varbind(default, SnmpValue.DecodeError(string.Create(CultureInfo.InvariantCulture, $"varbind name at byte {nameStart}: {problem}")));
        return true;
    }

    /// <summary>
    /// Reads a varbind value of any SNMP type, or an exception. Content that does not fit its type (a Counter64 of
    /// nine significant octets, an OID arc above 4294967295, an IpAddress of six octets, an unknown tag) yields
    /// <see cref="SnmpValueType.DecodeError"/>; deviations real agents send are accepted and noted.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>False only when the element's header is malformed.</returns>
    public bool TryReadValue(out SnmpValue value)
    {
        value = default;
        var start = _position;
        if (!TryReadHeader(out var tag, out var length))
        {
            return false;
        }

        var content = _data.Slice(_position, length);
        _position += length;
        var leniencies = Leniencies;
        value = DecodeValue(tag, content, start, ref leniencies);
        Leniencies = leniencies;
        return true;
    }

    private static SnmpValue DecodeValue(byte tag, ReadOnlySpan<byte> content, int start, ref BerLeniency leniencies)
    {
        switch (tag)
        {
            case BerTag.Integer:
                return TryDecodeSigned(content, ref leniencies, out var signed) && signed is >= int.MinValue and <= int.MaxValue
                    ? SnmpValue.Integer32((int)signed)
                    : ValueError(start, $"INTEGER of {content.Length} octets out of Integer32 range (RFC 2578 §7.1.1)");

            case BerTag.OctetString:
                return SnmpValue.FromOwnedOctets(SnmpValueType.OctetString, content.ToArray());

            case BerTag.Opaque:
                return SnmpValue.FromOwnedOctets(SnmpValueType.Opaque, content.ToArray());

            case BerTag.Null:
            case BerTag.NoSuchObject:
            case BerTag.NoSuchInstance:
            case BerTag.EndOfMibView:
                if (!content.IsEmpty)
                {
                    leniencies |= BerLeniency.NonEmptyNull;
                }

                return tag switch
                {
                    BerTag.Null => SnmpValue.Null,
                    BerTag.NoSuchObject => SnmpValue.NoSuchObject,
                    BerTag.NoSuchInstance => SnmpValue.NoSuchInstance,
                    _ => SnmpValue.EndOfMibView,
                };

            case BerTag.ObjectIdentifier:
                var problem = DecodeOid(content, ref leniencies, out var oid);
                return problem is null ? SnmpValue.FromOwnedOid(oid) : ValueError(start, problem);

            case BerTag.IpAddress:
                if (content.Length == 4)
                {
                    return SnmpValue.IpAddressFromUInt32((uint)(content[0] << 24 | content[1] << 16 | content[2] << 8 | content[3]));
                }

                if (content.IsEmpty)
                {
                    leniencies |= BerLeniency.ZeroLengthValue;
                    return SnmpValue.IpAddressFromUInt32(0);
                }

                return ValueError(start, $"IpAddress of {content.Length} octets, not 4 (RFC 2578 §7.1.5)");

            case BerTag.Counter32:
            case BerTag.Gauge32:
            case BerTag.TimeTicks:
                if (!TryDecodeUnsigned(content, 4, ref leniencies, out var unsigned32))
                {
                    return ValueError(start, $"{(SnmpValueType)tag} above 4294967295 (RFC 2578 §7.1)");
                }

                return tag switch
                {
                    BerTag.Counter32 => SnmpValue.Counter32((uint)unsigned32),
                    BerTag.Gauge32 => SnmpValue.Gauge32((uint)unsigned32),
                    _ => SnmpValue.TimeTicks((uint)unsigned32),
                };

            case BerTag.Counter64:
                return TryDecodeUnsigned(content, 8, ref leniencies, out var unsigned64)
                    ? SnmpValue.Counter64(unsigned64)
                    : ValueError(start, "Counter64 above 18446744073709551615 (RFC 2578 §7.1.10)");

            default:
                return ValueError(start, $"unsupported value type 0x{tag:X2}");
        }
    }

    private static SnmpValue ValueError(int start, string reason) =>
        SnmpValue.DecodeError(string.Create(CultureInfo.InvariantCulture, $"value at byte {start}: {reason}"));

    /// <summary>
    /// Two's complement INTEGER contents (X.690 §8.3.3). Redundant leading 0x00/0xFF octets are stripped and noted;
    /// empty contents read as 0 and are noted. False when more than 8 significant octets remain.
    /// </summary>
    private static bool TryDecodeSigned(ReadOnlySpan<byte> content, ref BerLeniency leniencies, out long value)
    {
        value = 0;
        if (content.IsEmpty)
        {
            leniencies |= BerLeniency.ZeroLengthValue;
            return true;
        }

        var skip = 0;
        while (skip < content.Length - 1
            && ((content[skip] == 0x00 && (content[skip + 1] & 0x80) == 0) || (content[skip] == 0xFF && (content[skip + 1] & 0x80) != 0)))
        {
            skip++;
        }

        if (skip > 0)
        {
            leniencies |= BerLeniency.NonMinimalInteger;
            content = content[skip..];
        }

        if (content.Length > 8)
        {
            return false;
        }

        long number = (sbyte)content[0];
        for (var i = 1; i < content.Length; i++)
        {
            number = (number << 8) | content[i];
        }

        value = number;
        return true;
    }

    /// <summary>
    /// Contents of an unsigned application type of at most <paramref name="maxOctets"/> octets (RFC 2578 §7.1.6–10).
    /// A value with its high bit set and no leading zero octet is read as unsigned and noted (agents that forget the
    /// sign octet); redundant leading zeros are stripped and noted; empty contents read as 0 and are noted.
    /// </summary>
    private static bool TryDecodeUnsigned(ReadOnlySpan<byte> content, int maxOctets, ref BerLeniency leniencies, out ulong value)
    {
        value = 0;
        if (content.IsEmpty)
        {
            leniencies |= BerLeniency.ZeroLengthValue;
            return true;
        }

        if ((content[0] & 0x80) != 0)
        {
            if (content.Length > maxOctets)
            {
                return false;
            }

            leniencies |= BerLeniency.UnsignedWithoutLeadingZero;
        }
        else
        {
            var skip = 0;
            while (skip < content.Length - 1 && content[skip] == 0x00 && (content[skip + 1] & 0x80) == 0)
            {
                skip++;
            }

            if (skip > 0)
            {
                leniencies |= BerLeniency.NonMinimalInteger;
                content = content[skip..];
            }

            if (content.Length > 1 && content[0] == 0x00)
            {
                content = content[1..]; // the sign octet before a value with its high bit set
            }

            if (content.Length > maxOctets)
            {
                return false;
            }
        }

        ulong number = 0;
        foreach (var octet in content)
        {
            number = (number << 8) | octet;
        }

        value = number;
        return true;
    }

    /// <summary>
    /// OBJECT IDENTIFIER contents (X.690 §8.19): base-128 sub-identifiers, the first one packing the first two arcs
    /// (X·40 + Y, so 2.999 is 1079). Empty contents read as 0.0 (as net-snmp does) and are noted. Returns the problem,
    /// or null.
    /// </summary>
    private static string? DecodeOid(ReadOnlySpan<byte> content, ref BerLeniency leniencies, out Oid oid)
    {
        oid = default;
        if (content.IsEmpty)
        {
            leniencies |= BerLeniency.ZeroLengthValue;
            oid = Oid.FromOwnedArray([0, 0]);
            return null;
        }

        if ((content[^1] & 0x80) != 0)
        {
            return "OBJECT IDENTIFIER truncated in the middle of a sub-identifier (X.690 §8.19.2)";
        }

        var subidentifiers = content.Length - CountContinuationOctets(content);
        var arcs = new uint[subidentifiers + 1];
        var arc = 0;
        ulong value = 0;
        var startOfSubidentifier = true;
        foreach (var octet in content)
        {
            if (startOfSubidentifier && octet == 0x80)
            {
                leniencies |= BerLeniency.NonMinimalSubidentifier;
            }

            value = (value << 7) | (uint)(octet & 0x7F);
            if (value > (arc == 0 ? MaxFirstSubidentifier : uint.MaxValue))
            {
                return "OID arc above 4294967295 (RFC 2578 §3.5)";
            }

            startOfSubidentifier = (octet & 0x80) == 0;
            if (!startOfSubidentifier)
            {
                continue;
            }

            if (arc == 0)
            {
                var first = value < 40 ? 0u : value < 80 ? 1u : 2u;
                arcs[0] = first;
                arcs[1] = (uint)(value - (first * 40));
                arc = 2;
            }
            else
            {
                arcs[arc++] = (uint)value;
            }

            value = 0;
        }

        oid = Oid.FromOwnedArray(arcs);
        return null;
    }

    private static int CountContinuationOctets(ReadOnlySpan<byte> content)
    {
        var count = 0;
        foreach (var octet in content)
        {
            count += octet >> 7;
        }

        return count;
    }

    private static int OctetsNeeded(ulong value)
    {
        var octets = 1;
        while ((value >>= 8) != 0)
        {
            octets++;
        }

        return octets;
    }

    private bool TryReadExpectedHeader(byte expectedTag, out int length)
    {
        length = 0;
        var start = _position;
        if (start < _end && _data[start] != expectedTag)
        {
            return Fail(start, $"expected {Describe(expectedTag)}, found {Describe(_data[start])}");
        }

        return TryReadHeader(out _, out length);
    }

    /// <summary>
    /// Records a failure found by the caller (a field with a valid encoding but a value the message does not allow).
    /// </summary>
    /// <param name="offset">0-based offset of the offending element.</param>
    /// <param name="reason">What was wrong.</param>
    /// <returns>Always false, to return from a TryX method.</returns>
    public bool ReportError(int offset, string reason) => Fail(offset, reason);

    private bool Fail(int offset, string reason)
    {
        ErrorOffset = offset;
        ErrorReason = reason;
        return false;
    }

    private static string Describe(byte tag) => tag switch
    {
        BerTag.Integer => "INTEGER (0x02)",
        BerTag.OctetString => "OCTET STRING (0x04)",
        BerTag.Null => "NULL (0x05)",
        BerTag.ObjectIdentifier => "OBJECT IDENTIFIER (0x06)",
        BerTag.Sequence => "SEQUENCE (0x30)",
        >= 0x40 and <= 0x46 => $"{(SnmpValueType)tag} (0x{tag:X2})",
        >= 0xA0 and <= 0xA8 => $"{(SnmpPduType)tag} PDU (0x{tag:X2})",
        _ => $"tag 0x{tag:X2}",
    };
}
