using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Alpi.Protocols.Snmp.V3;

/// <summary>
/// The local salt counter of an SNMP engine: a 64-bit integer, started at a random value and incremented for each
/// encrypted message, so that no two messages under one key share an IV. Thread-safe.
/// </summary>
/// <remarks>
/// Sources: RFC 3414 §8.1.1.1 (DES: a 32-bit integer, any initial value, low 32 bits used here);
/// RFC 3826 §3.1.2.1 (AES: a 64-bit integer "initialized to a pseudo-random value at boot time", wrapping).
/// </remarks>
public sealed class UsmSaltCounter
{
    private ulong _next;

    /// <summary>Starts at a random 64-bit value (RFC 3826 §3.1.2.1).</summary>
    public UsmSaltCounter()
    {
        Span<byte> start = stackalloc byte[8];
        RandomNumberGenerator.Fill(start);
        _next = BinaryPrimitives.ReadUInt64BigEndian(start);
    }

    /// <summary>Starts at <paramref name="start"/>: for tests and replays.</summary>
    public UsmSaltCounter(ulong start) => _next = start;

    /// <summary>The next salt: a different 64-bit value on each call until it wraps after 2^64 calls.</summary>
    public ulong Next() => Interlocked.Increment(ref _next) - 1;
}
