using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;

namespace Alpi.Protocols.Snmp;

/// <summary>
/// The value of a varbind: one of the SNMP data types, one of the three exceptions (per-varbind states, never data),
/// or a decode error for that varbind alone. Numbers are stored inline; only strings and OIDs allocate.
/// </summary>
/// <remarks>
/// Sources: RFC 3416 §3 (VarBind ::= SEQUENCE { name, CHOICE { value, unSpecified, noSuchObject, noSuchInstance,
/// endOfMibView } }); RFC 2578 §7.1 (types and ranges); RFC 1155 §3.2.3 (SNMPv1 types). <see cref="ToString"/>
/// prints like net-snmp's <c>sprint_realloc_by_type</c> (snmplib/mib.c): <c>TYPE: value</c>.
/// </remarks>
public readonly struct SnmpValue : IEquatable<SnmpValue>
{
    private readonly ulong _number;
    private readonly object? _reference; // byte[] (OctetString, Opaque), uint[] (ObjectIdentifier), string (DecodeError)

    private SnmpValue(SnmpValueType type, ulong number, object? reference)
    {
        Type = type;
        _number = number;
        _reference = reference;
    }

    /// <summary>The kind of value.</summary>
    public SnmpValueType Type { get; }

    /// <summary>Whether this is noSuchObject, noSuchInstance or endOfMibView (RFC 3416 §4.2.1).</summary>
    public bool IsException => Type is SnmpValueType.NoSuchObject or SnmpValueType.NoSuchInstance or SnmpValueType.EndOfMibView;

    /// <summary>Whether this varbind could not be decoded; see <see cref="ErrorReason"/>.</summary>
    public bool IsDecodeError => Type == SnmpValueType.DecodeError;

    /// <summary>Why this varbind could not be decoded, or null.</summary>
    public string? ErrorReason => _reference as string;

    /// <summary>NULL, the value of varbinds in requests (RFC 3416 §3).</summary>
    public static SnmpValue Null => new(SnmpValueType.Null, 0, null);

    /// <summary>The noSuchObject exception (RFC 3416 §3).</summary>
    public static SnmpValue NoSuchObject => new(SnmpValueType.NoSuchObject, 0, null);

    /// <summary>The noSuchInstance exception (RFC 3416 §3).</summary>
    public static SnmpValue NoSuchInstance => new(SnmpValueType.NoSuchInstance, 0, null);

    /// <summary>The endOfMibView exception (RFC 3416 §3).</summary>
    public static SnmpValue EndOfMibView => new(SnmpValueType.EndOfMibView, 0, null);

    /// <summary>An INTEGER / Integer32 (RFC 2578 §7.1.1).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The varbind value.</returns>
    public static SnmpValue Integer32(int value) => new(SnmpValueType.Integer32, unchecked((ulong)value), null);

    /// <summary>An OCTET STRING (RFC 2578 §7.1.2); the octets are copied.</summary>
    /// <param name="octets">The octets.</param>
    /// <returns>The varbind value.</returns>
    public static SnmpValue OctetString(ReadOnlySpan<byte> octets) => new(SnmpValueType.OctetString, 0, octets.ToArray());

    /// <summary>An OCTET STRING holding UTF-8 text (a DisplayString, RFC 2579).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The varbind value.</returns>
    public static SnmpValue OctetString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(SnmpValueType.OctetString, 0, Encoding.UTF8.GetBytes(text));
    }

    /// <summary>An OBJECT IDENTIFIER value (RFC 2578 §7.1.3).</summary>
    /// <param name="value">The OID.</param>
    /// <returns>The varbind value.</returns>
    public static SnmpValue ObjectIdentifier(Oid value) => new(SnmpValueType.ObjectIdentifier, 0, value.Arcs.ToArray());

    /// <summary>An IpAddress (RFC 2578 §7.1.5): four octets in network order.</summary>
    /// <param name="octets">Exactly four octets.</param>
    /// <returns>The varbind value.</returns>
    /// <exception cref="ArgumentException"><paramref name="octets"/> is not four octets long.</exception>
    public static SnmpValue IpAddress(ReadOnlySpan<byte> octets)
    {
        if (octets.Length != 4)
        {
            throw new ArgumentException("An IpAddress is exactly four octets (RFC 2578 §7.1.5).", nameof(octets));
        }

        return new(SnmpValueType.IpAddress, BinaryPrimitives.ReadUInt32BigEndian(octets), null);
    }

    /// <summary>An IpAddress (RFC 2578 §7.1.5) from an IPv4 address.</summary>
    /// <param name="address">An IPv4 address.</param>
    /// <returns>The varbind value.</returns>
    public static SnmpValue IpAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> octets = stackalloc byte[16];
        if (!address.TryWriteBytes(octets, out var written) || written != 4)
        {
            throw new ArgumentException("An IpAddress is an IPv4 address (RFC 2578 §7.1.5).", nameof(address));
        }

        return IpAddress(octets[..4]);
    }

    /// <summary>A Counter32 (RFC 2578 §7.1.6).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The varbind value.</returns>
    public static SnmpValue Counter32(uint value) => new(SnmpValueType.Counter32, value, null);

    /// <summary>A Gauge32 or Unsigned32 (RFC 2578 §7.1.7).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The varbind value.</returns>
    public static SnmpValue Gauge32(uint value) => new(SnmpValueType.Gauge32, value, null);

    /// <summary>A TimeTicks, in hundredths of a second (RFC 2578 §7.1.8).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The varbind value.</returns>
    public static SnmpValue TimeTicks(uint value) => new(SnmpValueType.TimeTicks, value, null);

    /// <summary>An Opaque (RFC 2578 §7.1.9); the octets are copied.</summary>
    /// <param name="octets">The BER-wrapped opaque octets, kept as they are.</param>
    /// <returns>The varbind value.</returns>
    public static SnmpValue Opaque(ReadOnlySpan<byte> octets) => new(SnmpValueType.Opaque, 0, octets.ToArray());

    /// <summary>A Counter64 (RFC 2578 §7.1.10).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The varbind value.</returns>
    public static SnmpValue Counter64(ulong value) => new(SnmpValueType.Counter64, value, null);

    /// <summary>A varbind that could not be decoded; the other varbinds of the PDU are kept.</summary>
    /// <param name="reason">Why, for example <c>OID arc above 4294967295 at byte 42</c>.</param>
    /// <returns>The varbind value.</returns>
    public static SnmpValue DecodeError(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return new(SnmpValueType.DecodeError, 0, reason);
    }

    /// <summary>Wraps octets the caller gives up (no copy); used by the decoder.</summary>
    internal static SnmpValue FromOwnedOctets(SnmpValueType type, byte[] octets) => new(type, 0, octets);

    /// <summary>Wraps an arc array the caller gives up (no copy); used by the decoder.</summary>
    internal static SnmpValue FromOwnedOid(Oid oid) => new(SnmpValueType.ObjectIdentifier, 0, oid.Length == 0 ? Array.Empty<uint>() : oid.ArcsArray);

    /// <summary>An IpAddress from its four octets as a big-endian number; used by the decoder.</summary>
    internal static SnmpValue IpAddressFromUInt32(uint address) => new(SnmpValueType.IpAddress, address, null);

    /// <summary>The value of an Integer32.</summary>
    /// <returns>The number.</returns>
    /// <exception cref="InvalidOperationException">The value is of another type.</exception>
    public int AsInt32() => Type == SnmpValueType.Integer32 ? unchecked((int)_number) : throw WrongType("Integer32");

    /// <summary>The value of a Counter32, Gauge32 or TimeTicks.</summary>
    /// <returns>The number.</returns>
    /// <exception cref="InvalidOperationException">The value is of another type.</exception>
    public uint AsUInt32() => Type is SnmpValueType.Counter32 or SnmpValueType.Gauge32 or SnmpValueType.TimeTicks
        ? (uint)_number
        : throw WrongType("Counter32, Gauge32 or TimeTicks");

    /// <summary>The value of a Counter64, or of any unsigned 32-bit type widened.</summary>
    /// <returns>The number.</returns>
    /// <exception cref="InvalidOperationException">The value is of another type.</exception>
    public ulong AsUInt64() => Type is SnmpValueType.Counter64 or SnmpValueType.Counter32 or SnmpValueType.Gauge32 or SnmpValueType.TimeTicks
        ? _number
        : throw WrongType("Counter64, Counter32, Gauge32 or TimeTicks");

    /// <summary>The octets of an OctetString or Opaque, or the four octets of an IpAddress.</summary>
    /// <returns>The octets.</returns>
    /// <exception cref="InvalidOperationException">The value is of another type.</exception>
    public ReadOnlyMemory<byte> AsOctets()
    {
        if (Type == SnmpValueType.IpAddress)
        {
            var octets = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(octets, (uint)_number);
            return octets;
        }

        return _reference as byte[] ?? throw WrongType("OctetString, Opaque or IpAddress");
    }

    /// <summary>The value of an OBJECT IDENTIFIER.</summary>
    /// <returns>The OID.</returns>
    /// <exception cref="InvalidOperationException">The value is of another type.</exception>
    public Oid AsOid() => _reference is uint[] arcs ? Oid.FromOwnedArray(arcs) : throw WrongType("ObjectIdentifier");

    /// <summary>The value of an IpAddress.</summary>
    /// <returns>The IPv4 address.</returns>
    /// <exception cref="InvalidOperationException">The value is of another type.</exception>
    public IPAddress AsIPAddress() => Type == SnmpValueType.IpAddress
        ? new IPAddress(AsOctets().Span)
        : throw WrongType("IpAddress");

    /// <summary>The value read as UTF-8 text (a DisplayString, RFC 2579).</summary>
    /// <returns>The text.</returns>
    /// <exception cref="InvalidOperationException">The value is not an OctetString.</exception>
    public string AsText() => Type == SnmpValueType.OctetString
        ? Encoding.UTF8.GetString((byte[])_reference!)
        : throw WrongType("OctetString");

    /// <summary>Internal access to the raw number (valid for the numeric types).</summary>
    internal ulong RawNumber => _number;

    /// <summary>Internal access to the raw octets (OctetString, Opaque) without copying.</summary>
    internal ReadOnlySpan<byte> RawOctets => _reference as byte[];

    /// <summary>Internal access to the OID arcs without copying.</summary>
    internal ReadOnlySpan<uint> RawArcs => _reference as uint[];

    /// <inheritdoc />
    public bool Equals(SnmpValue other)
    {
        if (Type != other.Type || _number != other._number)
        {
            return false;
        }

        return (_reference, other._reference) switch
        {
            (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
            (uint[] a, uint[] b) => a.AsSpan().SequenceEqual(b),
            (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
            (null, null) => true,
            _ => false,
        };
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SnmpValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Type);
        hash.Add(_number);
        switch (_reference)
        {
            case byte[] octets:
                hash.AddBytes(octets);
                break;
            case uint[] arcs:
                foreach (var arc in arcs)
                {
                    hash.Add(arc);
                }

                break;
            case string reason:
                hash.Add(reason, StringComparer.Ordinal);
                break;
        }

        return hash.ToHashCode();
    }

    /// <summary>
    /// The value as net-snmp prints it without MIBs: <c>INTEGER: 5</c>, <c>STRING: "text"</c>,
    /// <c>Hex-STRING: 00 11 </c>, <c>Counter32: 7</c>, <c>Timeticks: (12345) 0:02:03.45</c>, <c>OID: .1.3.6.1</c>…
    /// </summary>
    /// <returns>The text.</returns>
    public override string ToString() => SnmpValueFormatter.Format(this);

    /// <summary>Value equality.</summary>
    public static bool operator ==(SnmpValue left, SnmpValue right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(SnmpValue left, SnmpValue right) => !left.Equals(right);

    private InvalidOperationException WrongType(string expected) =>
        new($"The varbind value is {Type}, not {expected}.");
}
