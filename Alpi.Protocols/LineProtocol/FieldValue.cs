using System.Globalization;

namespace Alpi.Protocols.LineProtocol;

/// <summary>The type of a line-protocol field value, as InfluxDB defines them.</summary>
/// <remarks>Source: InfluxDB 2.x documentation, "Line protocol", section "Field set".</remarks>
public enum FieldKind
{
    /// <summary>IEEE-754 64-bit float; the default when a number has no suffix.</summary>
    Float,

    /// <summary>Signed 64-bit integer, written with an <c>i</c> suffix (<c>42i</c>).</summary>
    Integer,

    /// <summary>Unsigned 64-bit integer, written with a <c>u</c> suffix (<c>42u</c>).</summary>
    UInteger,

    /// <summary>String, written between double quotes with <c>"</c> and <c>\</c> escaped.</summary>
    String,

    /// <summary>Boolean: <c>t</c>, <c>T</c>, <c>true</c>, <c>True</c>, <c>TRUE</c>, and the same for false.</summary>
    Boolean,
}

/// <summary>
/// One field value of a line-protocol point: a float, a signed or unsigned 64-bit integer, a string or a boolean.
/// </summary>
/// <remarks>Source: InfluxDB 2.x documentation, "Line protocol", section "Field set".</remarks>
public readonly record struct FieldValue
{
    // One 64-bit slot for the float's bits and the integers: 24 bytes a value instead of 32, which a parser keeping every
    // field of every line (4 to 10 a line) allocates per field.
    private readonly ulong _bits;
    private readonly string? _string;

    private FieldValue(FieldKind kind, ulong bits, string? s)
    {
        Kind = kind;
        _bits = bits;
        _string = s;
    }

    /// <summary>The type of this value.</summary>
    public FieldKind Kind { get; }

    /// <summary>A float value.</summary>
    /// <param name="value">Any double; NaN and infinities cannot be written in line protocol and are rejected by the writer.</param>
    public static FieldValue Float(double value) => new(FieldKind.Float, BitConverter.DoubleToUInt64Bits(value), null);

    /// <summary>A signed 64-bit integer value (<c>i</c> suffix).</summary>
    public static FieldValue Integer(long value) => new(FieldKind.Integer, unchecked((ulong)value), null);

    /// <summary>An unsigned 64-bit integer value (<c>u</c> suffix).</summary>
    public static FieldValue UInteger(ulong value) => new(FieldKind.UInteger, value, null);

    /// <summary>A string value.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static FieldValue String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(FieldKind.String, 0, value);
    }

    /// <summary>A boolean value.</summary>
    public static FieldValue Boolean(bool value) => new(FieldKind.Boolean, value ? 1UL : 0UL, null);

    /// <summary>The float value.</summary>
    /// <exception cref="InvalidOperationException">The value is not a float.</exception>
    public double AsFloat => Kind == FieldKind.Float ? Double : throw WrongKind(FieldKind.Float);

    /// <summary>The signed integer value.</summary>
    /// <exception cref="InvalidOperationException">The value is not an integer.</exception>
    public long AsInteger => Kind == FieldKind.Integer ? unchecked((long)_bits) : throw WrongKind(FieldKind.Integer);

    /// <summary>The unsigned integer value.</summary>
    /// <exception cref="InvalidOperationException">The value is not an unsigned integer.</exception>
    public ulong AsUInteger => Kind == FieldKind.UInteger ? _bits : throw WrongKind(FieldKind.UInteger);

    /// <summary>The string value.</summary>
    /// <exception cref="InvalidOperationException">The value is not a string.</exception>
    public string AsString => Kind == FieldKind.String ? _string! : throw WrongKind(FieldKind.String);

    /// <summary>The boolean value.</summary>
    /// <exception cref="InvalidOperationException">The value is not a boolean.</exception>
    public bool AsBoolean => Kind == FieldKind.Boolean ? _bits != 0 : throw WrongKind(FieldKind.Boolean);

    /// <summary>True for the numeric kinds (float, integer, unsigned) and booleans, which a time-series store keeps as numbers.</summary>
    public bool IsNumeric => Kind != FieldKind.String;

    /// <summary>
    /// The value as a double for numeric storage and charts: integers above 2^53 lose precision,
    /// booleans are 1 or 0.
    /// </summary>
    /// <exception cref="InvalidOperationException">The value is a string.</exception>
    public double ToDouble() => Kind switch
    {
        FieldKind.Float => Double,
        FieldKind.Integer => unchecked((long)_bits),
        FieldKind.UInteger => _bits,
        FieldKind.Boolean => _bits,
        _ => throw WrongKind(FieldKind.Float),
    };

    /// <summary>The value as line protocol writes it (<c>1.5</c>, <c>42i</c>, <c>42u</c>, <c>"text"</c>, <c>true</c>).</summary>
    public override string ToString() => Kind switch
    {
        FieldKind.Float => Double.ToString("R", CultureInfo.InvariantCulture),
        FieldKind.Integer => unchecked((long)_bits).ToString(CultureInfo.InvariantCulture) + "i",
        FieldKind.UInteger => _bits.ToString(CultureInfo.InvariantCulture) + "u",
        FieldKind.Boolean => _bits != 0 ? "true" : "false",
        _ => "\"" + _string!.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
    };

    private double Double => BitConverter.UInt64BitsToDouble(_bits);

    /// <summary>
    /// Equal kinds and values: floats compare as doubles (<c>0.0</c> equals <c>-0.0</c>, NaN equals NaN, as
    /// <see cref="double.Equals(double)"/> says), strings ordinally.
    /// </summary>
    /// <param name="other">The value to compare with.</param>
    public bool Equals(FieldValue other) =>
        Kind == other.Kind
        && (Kind == FieldKind.Float ? Double.Equals(other.Double) : _bits == other._bits)
        && string.Equals(_string, other._string, StringComparison.Ordinal);

    /// <summary>A hash consistent with <see cref="Equals(FieldValue)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Kind, Kind == FieldKind.Float ? Double.GetHashCode() : _bits.GetHashCode(), _string);

    private InvalidOperationException WrongKind(FieldKind wanted) =>
        new($"The field value is a {Kind}, not a {wanted}.");
}
