using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace Alpi.Collector.Broker.Authentication;

/// <summary>
/// A password hash as <c>mosquitto_passwd</c> writes it in a Mosquitto password file (Mosquitto 2.0,
/// <c>common/password_mosq.c</c>; base64 with padding, as OpenSSL writes it):
/// <list type="bullet">
/// <item><c>$7$&lt;iterations&gt;$&lt;salt&gt;$&lt;hash&gt;</c>: PBKDF2-HMAC-SHA512 (RFC 8018 §5.2) of the password's octets,
/// <c>iterations</c> rounds (101 by default), a 12-octet salt (64 in later Mosquitto versions), a 64-octet key: what
/// <c>mosquitto_passwd</c> 2.0 writes.</item>
/// <item><c>$6$&lt;salt&gt;$&lt;hash&gt;</c>: SHA-512 of the password's octets followed by the salt: Mosquitto 1.x files,
/// still accepted by 2.0.</item>
/// </list>
/// Argon2id (<c>$argon2id$</c>, Mosquitto 2.1 built with libargon2) is not supported. Comparisons take constant time.
/// </summary>
public sealed class MosquittoPasswordHash
{
    private const int HashLength = 64;
    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private MosquittoPasswordHash(int iterations, byte[] salt, byte[] hash)
    {
        Iterations = iterations;
        _salt = salt;
        _hash = hash;
    }

    /// <summary>PBKDF2 rounds for <c>$7$</c>; 0 for the plain salted SHA-512 of <c>$6$</c>.</summary>
    public int Iterations { get; }

    /// <summary>
    /// Reads an encoded hash (the part after <c>user:</c>).
    /// </summary>
    /// <returns>True with the hash; false with the reason, which never repeats the encoded value.</returns>
    public static bool TryParse(string encoded, [NotNullWhen(true)] out MosquittoPasswordHash? hash, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        hash = null;
        problem = null;
        var parts = encoded.Split('$');
        // "$7$101$salt$hash" splits into "", "7", "101", "salt", "hash"; "$6$salt$hash" into "", "6", "salt", "hash".
        if (parts.Length < 2 || parts[0].Length != 0)
        {
            problem = "not a mosquitto_passwd hash (it must start with $7$ or $6$; a plain-text password file must be converted with mosquitto_passwd -U)";
            return false;
        }

        int iterations;
        string saltText, hashText;
        switch (parts[1])
        {
            case "7" when parts.Length == 5:
                if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 1)
                {
                    problem = "the $7$ hash has no valid iteration count";
                    return false;
                }

                saltText = parts[3];
                hashText = parts[4];
                break;
            case "6" when parts.Length == 4:
                iterations = 0;
                saltText = parts[2];
                hashText = parts[3];
                break;
            case "7" or "6":
                problem = $"the ${parts[1]}$ hash does not have its {(parts[1] == "7" ? "iterations, salt and hash" : "salt and hash")} fields";
                return false;
            case "argon2id":
                problem = "argon2id hashes are not supported by the embedded broker; write the password with Debian's mosquitto_passwd (PBKDF2-SHA512, $7$)";
                return false;
            default:
                problem = $"unknown hash type ${parts[1]}$ (expected $7$ or $6$)";
                return false;
        }

        if (!TryDecode(saltText, out var salt) || salt.Length is not (12 or HashLength))
        {
            problem = "the salt is not base64 of 12 or 64 octets";
            return false;
        }

        if (!TryDecode(hashText, out var digest) || digest.Length != HashLength)
        {
            problem = "the hash is not base64 of 64 octets";
            return false;
        }

        hash = new MosquittoPasswordHash(iterations, salt, digest);
        return true;
    }

    /// <summary>Makes a <c>$7$</c> hash of <paramref name="password"/> with a random 12-octet salt (tests, internal users).</summary>
    public static string Create(ReadOnlySpan<byte> password, int iterations = 101)
    {
        var salt = RandomNumberGenerator.GetBytes(12);
        var digest = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA512, HashLength);
        return $"$7${iterations.ToString(CultureInfo.InvariantCulture)}${Convert.ToBase64String(salt)}${Convert.ToBase64String(digest)}";
    }

    /// <summary>True when <paramref name="password"/> (the octets of the MQTT CONNECT password field) matches; constant time.</summary>
    public bool Verify(ReadOnlySpan<byte> password)
    {
        Span<byte> computed = stackalloc byte[HashLength];
        if (Iterations > 0)
        {
            Rfc2898DeriveBytes.Pbkdf2(password, _salt, computed, Iterations, HashAlgorithmName.SHA512);
        }
        else
        {
            var input = new byte[password.Length + _salt.Length];
            password.CopyTo(input);
            _salt.CopyTo(input.AsSpan(password.Length));
            SHA512.HashData(input, computed);
            CryptographicOperations.ZeroMemory(input);
        }

        return CryptographicOperations.FixedTimeEquals(computed, _hash);
    }

    private static bool TryDecode(string text, out byte[] value)
    {
        value = new byte[(text.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String(text, value, out var written))
        {
            value = value[..written];
            return true;
        }

        value = [];
        return false;
    }
}
