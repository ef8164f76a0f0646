using System.Diagnostics.CodeAnalysis;
using Alpi.Protocols.Snmp.Ber;

namespace Alpi.Protocols.Snmp;

/// <summary>
/// The outcome of decoding an SNMP datagram: the decoded value or an error, and the encoding deviations that were
/// accepted on the way. Decoding never throws on malformed input.
/// </summary>
/// <typeparam name="T">The decoded message type.</typeparam>
/// <remarks>Source: RFC 3417 §8 (BER serialisation of SNMP messages); X.690 §8.</remarks>
public readonly struct SnmpDecodeResult<T>
    where T : class
{
    /// <summary>A result: <paramref name="value"/> on success, <paramref name="error"/> on failure.</summary>
    /// <param name="value">The decoded message, or null.</param>
    /// <param name="error">Why decoding failed, or null.</param>
    /// <param name="leniencies">Deviations accepted on the way.</param>
    internal SnmpDecodeResult(T? value, SnmpDecodeError? error, BerLeniency leniencies)
    {
        Value = value;
        Error = error;
        Leniencies = leniencies;
    }

    /// <summary>The decoded message, or null when <see cref="Error"/> is set.</summary>
    public T? Value { get; }

    /// <summary>Why decoding failed, or null on success.</summary>
    public SnmpDecodeError? Error { get; }

    /// <summary>The deviations from minimal encoding that were accepted (also set when decoding failed later on).</summary>
    public BerLeniency Leniencies { get; }

    /// <summary>Whether <see cref="Value"/> holds the decoded message.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? $"{Value}" : $"error {Error}";
}
