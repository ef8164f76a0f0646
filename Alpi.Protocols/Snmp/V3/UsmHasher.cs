using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;

namespace Alpi.Protocols.Snmp.V3;

/// <summary>An incremental hash for an <see cref="SnmpAuthProtocol"/>: IncrementalHash, or BouncyCastle's <c>Sha224Digest</c> for SHA-224, which .NET lacks.</summary>
/// <remarks>Source: RFC 3414 A.2 (password to key hashes 1 MiB incrementally), RFC 7860 §4.2 (SHA-2 hashes).</remarks>
internal sealed class UsmHasher : IDisposable
{
    private readonly IncrementalHash? _incremental;
    private readonly Sha224Digest? _sha224;

    /// <summary>Starts an empty hash of the protocol's algorithm.</summary>
    public UsmHasher(SnmpAuthProtocol protocol)
    {
        if (protocol == SnmpAuthProtocol.HmacSha224_128)
        {
            _sha224 = new Sha224Digest();
            return;
        }

        var name = protocol switch
        {
            SnmpAuthProtocol.HmacMd5_96 => HashAlgorithmName.MD5,
            SnmpAuthProtocol.HmacSha1_96 => HashAlgorithmName.SHA1,
            SnmpAuthProtocol.HmacSha256_192 => HashAlgorithmName.SHA256,
            SnmpAuthProtocol.HmacSha384_256 => HashAlgorithmName.SHA384,
            SnmpAuthProtocol.HmacSha512_384 => HashAlgorithmName.SHA512,
            _ => default,
        };
        if (name == default)
        {
            UsmHash.ThrowNoHash(protocol);
        }

        _incremental = IncrementalHash.CreateHash(name);
    }

    /// <summary>Adds <paramref name="data"/> to the message being hashed.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (_sha224 is not null)
        {
            _sha224.BlockUpdate(data);
        }
        else
        {
            _incremental!.AppendData(data);
        }
    }

    /// <summary>Writes the digest into <paramref name="destination"/> and starts a new hash.</summary>
    public void GetHashAndReset(Span<byte> destination)
    {
        if (_sha224 is not null)
        {
            _sha224.DoFinal(destination); // also resets
        }
        else
        {
            _incremental!.GetHashAndReset(destination);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _incremental?.Dispose();
}
