using System.Globalization;
using System.Text;

namespace Alpi.Protocols.Snmp;

/// <summary>
/// An OBJECT IDENTIFIER: a sequence of unsigned 32-bit arcs (sub-identifiers), written in dotted text
/// (<c>1.3.6.1.2.1.1.1.0</c>, optionally with net-snmp's leading dot). OIDs order arc by arc as unsigned numbers, a
/// prefix before its extensions, which is the lexicographic order GetNext and GetBulk walk in.
/// </summary>
/// <remarks>
/// Sources: RFC 2578 §3.5 (OBJECT IDENTIFIER values, sub-identifiers 0..4294967295, at most 128 of them);
/// RFC 3416 §4.2.2 (lexicographic ordering for GetNext); X.690 §8.19 (encoding, see <see cref="Ber.BerWriter"/>).
/// The default value is the empty OID (no arcs). An <see cref="Oid"/> never changes after construction.
/// </remarks>
public readonly struct Oid : IEquatable<Oid>, IComparable<Oid>, IComparable
{
    private readonly uint[]? _arcs;

    /// <summary>Creates an OID from its arcs (copied).</summary>
    /// <param name="arcs">The sub-identifiers, most significant first.</param>
    public Oid(params ReadOnlySpan<uint> arcs)
    {
        _arcs = arcs.IsEmpty ? null : arcs.ToArray();
    }

    private Oid(uint[] arcs, bool _)
    {
        _arcs = arcs;
    }

    /// <summary>The sub-identifiers, most significant first.</summary>
    public ReadOnlySpan<uint> Arcs => _arcs;

    /// <summary>The number of arcs.</summary>
    public int Length => _arcs?.Length ?? 0;

    /// <summary>Whether the OID has no arcs (the default value).</summary>
    public bool IsEmpty => Length == 0;

    /// <summary>The arc at <paramref name="index"/>.</summary>
    /// <param name="index">0-based arc index.</param>
    public uint this[int index] => Arcs[index];

    /// <summary>The arcs as the array held (never copied; callers must not change it).</summary>
    internal uint[] ArcsArray => _arcs ?? [];

    /// <summary>Wraps an array the caller gives up (no copy); used by the decoder.</summary>
    internal static Oid FromOwnedArray(uint[] arcs) => arcs.Length == 0 ? default : new(arcs, false);

    /// <summary>Parses dotted text such as <c>1.3.6.1.2.1.1.1.0</c> or <c>.1.3.6.1.2.1.1.1.0</c>.</summary>
    /// <param name="text">Decimal arcs separated by dots, each 0..4294967295, with an optional leading dot.</param>
    /// <returns>The OID.</returns>
    /// <exception cref="FormatException">The text is not a dotted OID.</exception>
    public static Oid Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var oid) ? oid : throw new FormatException($"\"{text}\" is not a dotted OBJECT IDENTIFIER such as 1.3.6.1.2.1.1.1.0.");
    }

    /// <summary>Parses dotted text such as <c>1.3.6.1.2.1.1.1.0</c> or <c>.1.3.6.1.2.1.1.1.0</c>.</summary>
    /// <param name="text">Decimal arcs separated by dots, each 0..4294967295, with an optional leading dot.</param>
    /// <param name="oid">The OID, or the empty OID when the text is not valid.</param>
    /// <returns>Whether the text is a dotted OID with at least one arc.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out Oid oid)
    {
        oid = default;
        if (!text.IsEmpty && text[0] == '.')
        {
            text = text[1..];
        }

        if (text.IsEmpty)
        {
            return false;
        }

        var arcs = new uint[text.Count('.') + 1];
        var i = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (part.IsEmpty || part.ContainsAnyExceptInRange('0', '9')
                || !uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out arcs[i]))
            {
                return false;
            }

            i++;
        }

        oid = new Oid(arcs, false);
        return true;
    }

    /// <summary>Whether this OID equals <paramref name="prefix"/> or lies in the subtree under it.</summary>
    /// <param name="prefix">The subtree root, for example ifTable <c>1.3.6.1.2.1.2.2</c>.</param>
    /// <returns>True when the first arcs of this OID are those of <paramref name="prefix"/>.</returns>
    public bool StartsWith(Oid prefix) => Arcs.StartsWith(prefix.Arcs);

    /// <summary>A new OID with <paramref name="arcs"/> appended (an instance or a column).</summary>
    /// <param name="arcs">The arcs to append.</param>
    /// <returns>The longer OID.</returns>
    public Oid Append(params ReadOnlySpan<uint> arcs)
    {
        var result = new uint[Length + arcs.Length];
        Arcs.CopyTo(result);
        arcs.CopyTo(result.AsSpan(Length));
        return new Oid(result, false);
    }

    /// <summary>Compares arc by arc as unsigned numbers; a prefix sorts before its extensions (RFC 3416 §4.2.2).</summary>
    /// <param name="other">The OID to compare with.</param>
    /// <returns>Negative, zero or positive, as <see cref="IComparable{T}.CompareTo"/>.</returns>
    public int CompareTo(Oid other) => Arcs.SequenceCompareTo(other.Arcs);

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Oid other => CompareTo(other),
        _ => throw new ArgumentException("Not an Oid.", nameof(obj)),
    };

    /// <inheritdoc />
    public bool Equals(Oid other) => Arcs.SequenceEqual(other.Arcs);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Oid other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var arc in Arcs)
        {
            hash.Add(arc);
        }

        return hash.ToHashCode();
    }

    /// <summary>Dotted text without a leading dot, for example <c>1.3.6.1.2.1.1.1.0</c>; empty for the empty OID.</summary>
    /// <returns>The dotted text.</returns>
    public override string ToString()
    {
        if (IsEmpty)
        {
            return string.Empty;
        }

        var text = new StringBuilder(Length * 4);
        foreach (var arc in Arcs)
        {
            if (text.Length > 0)
            {
                text.Append('.');
            }

            text.Append(arc);
        }

        return text.ToString();
    }

    /// <summary>Equality of all arcs.</summary>
    public static bool operator ==(Oid left, Oid right) => left.Equals(right);

    /// <summary>Inequality of some arc or of the lengths.</summary>
    public static bool operator !=(Oid left, Oid right) => !left.Equals(right);

    /// <summary>Lexicographic order, arcs compared as unsigned numbers (RFC 3416 §4.2.2).</summary>
    public static bool operator <(Oid left, Oid right) => left.CompareTo(right) < 0;

    /// <summary>Lexicographic order, arcs compared as unsigned numbers (RFC 3416 §4.2.2).</summary>
    public static bool operator <=(Oid left, Oid right) => left.CompareTo(right) <= 0;

    /// <summary>Lexicographic order, arcs compared as unsigned numbers (RFC 3416 §4.2.2).</summary>
    public static bool operator >(Oid left, Oid right) => left.CompareTo(right) > 0;

    /// <summary>Lexicographic order, arcs compared as unsigned numbers (RFC 3416 §4.2.2).</summary>
    public static bool operator >=(Oid left, Oid right) => left.CompareTo(right) >= 0;
}
