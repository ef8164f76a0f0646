using System.Security.Cryptography;
using System.Text;
using Alpi.Collector.Security.Authorization;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Security.Tokens;

/// <summary>
/// The bearer tokens of <see cref="SecurityOptions.Tokens"/>, kept only as SHA-256 digests: a token given in clear
/// (<c>Token</c>) is hashed when the registry is built and the text dropped. A fast hash suffices because a token is a
/// random secret of at least 128 bits, which no dictionary holds (unlike a password). A presented token is hashed and
/// compared with every digest in constant time (<see cref="CryptographicOperations.FixedTimeEquals"/>), all of them,
/// so the answer time tells nothing about the tokens.
/// </summary>
public sealed class ApiTokenRegistry
{
    private readonly List<(string Name, string Role, byte[] Digest)> _tokens;

    /// <summary>Builds the registry from the validated options (entries that fail validation are left out).</summary>
    public ApiTokenRegistry(IOptions<SecurityOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tokens = options.Value.Tokens
            .Select(t => (t.Key, Role: TokenScopes.RoleOf(t.Value.Scope), Digest: DigestOf(t.Value)))
            .Where(t => t.Role is not null && t.Digest is not null)
            .Select(t => (t.Key, t.Role!, t.Digest!))
            .ToList();
    }

    /// <summary>The number of usable tokens.</summary>
    public int Count => _tokens.Count;

    /// <summary>The SHA-256 of a token's UTF-8 text, as 64 lower-case hexadecimal digits (the form of <c>Tokens:&lt;name&gt;:Hash</c>).</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>The name and role of the token equal to <paramref name="presented"/>, or null.</summary>
    public (string Name, string Role)? Match(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        (string, string)? match = null;
        foreach (var (name, role, candidate) in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, candidate))
            {
                match = (name, role);
            }
        }

        return match;
    }

    private static byte[]? DigestOf(ApiTokenOptions token)
    {
        if (!string.IsNullOrEmpty(token.Token))
        {
            return token.Token.Length >= ApiTokenOptions.MinTokenLength ? SHA256.HashData(Encoding.UTF8.GetBytes(token.Token)) : null;
        }

        try
        {
            return token.Hash is { Length: SHA256.HashSizeInBytes * 2 } hex ? Convert.FromHexString(hex) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
