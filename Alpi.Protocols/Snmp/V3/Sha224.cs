using System.Buffers.Binary;
using System.Numerics;

namespace Alpi.Protocols.Snmp.V3;

/// <summary>
/// SHA-224, which System.Security.Cryptography does not offer: SHA-256's compression function with its own initial
/// value, output truncated to 28 octets. Needed by usmHMAC128SHA224AuthProtocol.
/// </summary>
/// <remarks>Sources: FIPS 180-4 §5.3.2 (initial hash value), §6.2 (SHA-256 computation), §6.3 (SHA-224); RFC 7860 §4.2.</remarks>
internal sealed class Sha224
{
    /// <summary>Digest length: 28 octets.</summary>
    public const int HashSizeInBytes = 28;

    /// <summary>Block length: 64 octets (HMAC pads keys to this, RFC 2104 §2).</summary>
    public const int BlockSizeInBytes = 64;

    private static readonly uint[] K =
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    private readonly uint[] _state = new uint[8];
    private readonly byte[] _buffer = new byte[BlockSizeInBytes];
    private int _buffered;
    private ulong _length;

    /// <summary>Starts an empty hash.</summary>
    public Sha224() => Reset();

    /// <summary>The SHA-224 digest (28 octets) of <paramref name="data"/>.</summary>
    public static byte[] HashData(ReadOnlySpan<byte> data)
    {
        var sha = new Sha224();
        sha.Append(data);
        var digest = new byte[HashSizeInBytes];
        sha.GetHashAndReset(digest);
        return digest;
    }

    /// <summary>Adds <paramref name="data"/> to the message being hashed.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        _length += (ulong)data.Length;
        if (_buffered > 0)
        {
            var take = Math.Min(BlockSizeInBytes - _buffered, data.Length);
            data[..take].CopyTo(_buffer.AsSpan(_buffered));
            _buffered += take;
            data = data[take..];
            if (_buffered < BlockSizeInBytes)
            {
                return;
            }

            Compress(_buffer);
            _buffered = 0;
        }

        while (data.Length >= BlockSizeInBytes)
        {
            Compress(data[..BlockSizeInBytes]);
            data = data[BlockSizeInBytes..];
        }

        data.CopyTo(_buffer);
        _buffered = data.Length;
    }

    /// <summary>Writes the 28-octet digest into <paramref name="destination"/> and starts a new hash.</summary>
    public void GetHashAndReset(Span<byte> destination)
    {
        var bitLength = _length * 8;
        Span<byte> padding = stackalloc byte[BlockSizeInBytes * 2];
        padding.Clear();
        padding[0] = 0x80;
        var padLength = (_buffered < 56 ? 56 : 120) - _buffered;
        BinaryPrimitives.WriteUInt64BigEndian(padding[padLength..], bitLength);
        Append(padding[..(padLength + 8)]);
        for (var i = 0; i < HashSizeInBytes / 4; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(i * 4)..], _state[i]);
        }

        Reset();
    }

    private void Reset()
    {
        uint[] initial = [0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4];
        initial.CopyTo(_state, 0);
        _buffered = 0;
        _length = 0;
    }

    private void Compress(ReadOnlySpan<byte> block)
    {
        Span<uint> w = stackalloc uint[64];
        for (var t = 0; t < 16; t++)
        {
            w[t] = BinaryPrimitives.ReadUInt32BigEndian(block[(t * 4)..]);
        }

        for (var t = 16; t < 64; t++)
        {
            var s0 = BitOperations.RotateRight(w[t - 15], 7) ^ BitOperations.RotateRight(w[t - 15], 18) ^ (w[t - 15] >> 3);
            var s1 = BitOperations.RotateRight(w[t - 2], 17) ^ BitOperations.RotateRight(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }

        uint a = _state[0], b = _state[1], c = _state[2], d = _state[3], e = _state[4], f = _state[5], g = _state[6], h = _state[7];
        for (var t = 0; t < 64; t++)
        {
            var sum1 = BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25);
            var ch = (e & f) ^ (~e & g);
            var t1 = h + sum1 + ch + K[t] + w[t];
            var sum0 = BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22);
            var maj = (a & b) ^ (a & c) ^ (b & c);
            var t2 = sum0 + maj;
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }

        _state[0] += a;
        _state[1] += b;
        _state[2] += c;
        _state[3] += d;
        _state[4] += e;
        _state[5] += f;
        _state[6] += g;
        _state[7] += h;
    }
}
