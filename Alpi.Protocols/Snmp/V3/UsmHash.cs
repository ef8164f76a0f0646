using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Alpi.Protocols.Snmp.V3;

/// <summary>The hash and HMAC behind each <see cref="SnmpAuthProtocol"/>, one-shot and incremental.</summary>
/// <remarks>Sources: RFC 3414 §6.3 and §7.3 (HMAC-MD5 and HMAC-SHA-1 over the localised key), RFC 7860 §4 (HMAC-SHA-2), RFC 2104 §2 (HMAC).</remarks>
internal static class UsmHash
{
    /// <summary>The digest length of the protocol's hash, which is also its localised key length: 16, 20, 28, 32, 48 or 64 octets.</summary>
    public static int HashLength(SnmpAuthProtocol protocol) => protocol switch
    {
        SnmpAuthProtocol.HmacMd5_96 => 16,
        SnmpAuthProtocol.HmacSha1_96 => 20,
        SnmpAuthProtocol.HmacSha224_128 => 28,
        SnmpAuthProtocol.HmacSha256_192 => 32,
        SnmpAuthProtocol.HmacSha384_256 => 48,
        SnmpAuthProtocol.HmacSha512_384 => 64,
        _ => ThrowNoHash(protocol),
    };

    /// <summary>The digest of <paramref name="data"/> under the protocol's hash (<see cref="HashLength"/> octets).</summary>
    public static byte[] Hash(SnmpAuthProtocol protocol, ReadOnlySpan<byte> data)
    {
        using var hasher = new UsmHasher(protocol);
        hasher.Append(data);
        var digest = new byte[HashLength(protocol)];
        hasher.GetHashAndReset(digest);
        return digest;
    }

    /// <summary>
    /// The full, untruncated HMAC of <paramref name="data"/> keyed with <paramref name="key"/>, written into
    /// <paramref name="destination"/> (<see cref="HashLength"/> octets).
    /// </summary>
    public static void Hmac(SnmpAuthProtocol protocol, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        switch (protocol)
        {
#pragma warning disable CA5351, CA5350 // HMAC-MD5 and HMAC-SHA-1: required by RFC 3414 §6 and §7 for interoperability.
            case SnmpAuthProtocol.HmacMd5_96:
                HMACMD5.HashData(key, data, destination);
                break;
            case SnmpAuthProtocol.HmacSha1_96:
                HMACSHA1.HashData(key, data, destination);
                break;
#pragma warning restore CA5351, CA5350
            case SnmpAuthProtocol.HmacSha224_128:
                HmacSha224(key, data, destination);
                break;
            case SnmpAuthProtocol.HmacSha256_192:
                HMACSHA256.HashData(key, data, destination);
                break;
            case SnmpAuthProtocol.HmacSha384_256:
                HMACSHA384.HashData(key, data, destination);
                break;
            case SnmpAuthProtocol.HmacSha512_384:
                HMACSHA512.HashData(key, data, destination);
                break;
            default:
                ThrowNoHash(protocol);
                break;
        }
    }

    /// <summary>
    /// RFC 2104 §2 HMAC over SHA-224 (FIPS 180-4 §6.3; block 64 octets, output 28 octets), which .NET lacks:
    /// BouncyCastle's <c>HMac</c> over its <c>Sha224Digest</c>.
    /// </summary>
    private static void HmacSha224(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var mac = new HMac(new Sha224Digest());
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(data);
        mac.DoFinal(destination);
    }

    [DoesNotReturn]
    internal static int ThrowNoHash(SnmpAuthProtocol protocol) =>
        throw new ArgumentException($"Authentication protocol {protocol} has no hash: keys and MACs need one (RFC 3414 §11.2).", nameof(protocol));
}
