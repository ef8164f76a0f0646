using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Alpi.Protocols.Radius;

/// <summary>
/// The MD5-based computations of RADIUS over encoded packets: User-Password hiding (RFC 2865 §5.2), Response
/// Authenticator (RFC 2865 §3), Accounting, Disconnect and CoA Request Authenticators (RFC 2866 §3, RFC 5176 §2.3),
/// Message-Authenticator (RFC 3579 §3.2) and CHAP (RFC 2865 §5.3, RFC 1994 §4.1). Verifications compare in
/// constant time. Packets are given as their encoded octets (the datagram cut at its Length field).
/// </summary>
[SuppressMessage("Security", "CA5351", Justification = "MD5 and HMAC-MD5 are required by RFC 2865, RFC 2866, RFC 3579 and RFC 5176.")]
public static class RadiusCrypto
{
    /// <summary>The longest User-Password (RFC 2865 §5.2).</summary>
    public const int MaxPasswordLength = 128;

    private const int BlockLength = 16;
    private const int AuthenticatorOffset = 4;

    // One MD5 and one HMAC-MD5 context per thread (BouncyCastle's managed MD5: a RADIUS packet is one to a few 64-octet
    // blocks, which OpenSSL hashed in less time than .NET and OpenSSL took to call it — the native transitions, the error
    // queue cleared and the digest looked up at each reset were 20 % of an Access-Request's CPU in a perf profile,
    // bench/README.md "RADIUS: MD5 without native calls"). DoFinal resets each context for its next use (the HMAC's to its
    // keyed state). No method awaits while holding one.
    [ThreadStatic]
    private static MD5Digest? t_md5;

    [ThreadStatic]
    private static HmacContext? t_hmac;

    /// <summary>The length of the hidden form of a password: padded to a multiple of 16 (RFC 2865 §5.2).</summary>
    /// <param name="passwordLength">1 to 128.</param>
    public static int GetHiddenPasswordLength(int passwordLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(passwordLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(passwordLength, MaxPasswordLength);
        return (passwordLength + BlockLength - 1) / BlockLength * BlockLength;
    }

    /// <summary>
    /// Hides a User-Password (RFC 2865 §5.2): the password padded with NULs to a multiple of 16, each block XORed
    /// with MD5(secret + previous block), the first previous block being the Request Authenticator.
    /// </summary>
    /// <param name="password">1 to 128 octets.</param>
    /// <param name="secret">The shared secret.</param>
    /// <param name="requestAuthenticator">The 16-octet Request Authenticator of the Access-Request.</param>
    /// <returns>The value of the User-Password attribute.</returns>
    public static byte[] HidePassword(ReadOnlySpan<byte> password, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> requestAuthenticator)
    {
        var hidden = new byte[GetHiddenPasswordLength(password.Length)];
        password.CopyTo(hidden);
        XorChain(hidden, secret, requestAuthenticator, hiding: true);
        return hidden;
    }

    /// <summary>Recovers a User-Password (RFC 2865 §5.2), removing the NUL padding.</summary>
    /// <param name="hidden">The value of the User-Password attribute.</param>
    /// <param name="secret">The shared secret.</param>
    /// <param name="requestAuthenticator">The 16-octet Request Authenticator of the Access-Request.</param>
    /// <param name="destination">Receives the password; as long as <paramref name="hidden"/> is enough.</param>
    /// <param name="written">The password length, trailing NULs removed.</param>
    /// <param name="error">Why the value was rejected, or <see cref="RadiusPasswordError.None"/>.</param>
    /// <returns>Whether the password was recovered. A wrong secret gives garbage, not an error.</returns>
    public static bool TryUnhidePassword(ReadOnlySpan<byte> hidden, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> requestAuthenticator, Span<byte> destination, out int written, out RadiusPasswordError error)
    {
        CheckAuthenticator(requestAuthenticator);
        written = 0;
        error = hidden.Length switch
        {
            0 => RadiusPasswordError.LengthNotMultipleOf16,
            > MaxPasswordLength => RadiusPasswordError.TooLong,
            _ when hidden.Length % BlockLength != 0 => RadiusPasswordError.LengthNotMultipleOf16,
            _ when destination.Length < hidden.Length => RadiusPasswordError.DestinationTooSmall,
            _ => RadiusPasswordError.None,
        };
        if (error != RadiusPasswordError.None)
        {
            return false;
        }

        var plain = destination[..hidden.Length];
        hidden.CopyTo(plain);
        XorChain(plain, secret, requestAuthenticator, hiding: false);
        written = plain.Length;
        while (written > 0 && plain[written - 1] == 0)
        {
            written--;
        }

        return true;
    }

    /// <summary>
    /// Computes the Response Authenticator (RFC 2865 §3): MD5(Code + Identifier + Length + Request Authenticator +
    /// Attributes + Secret). Also used for Accounting-Response (RFC 2866 §3) and CoA/Disconnect ACK and NAK (RFC 5176 §2.3).
    /// </summary>
    /// <param name="response">The encoded response; its Authenticator field is not read.</param>
    /// <param name="requestAuthenticator">The Authenticator of the request being answered.</param>
    /// <param name="secret">The shared secret.</param>
    /// <param name="destination">Receives 16 octets.</param>
    public static void ComputeResponseAuthenticator(ReadOnlySpan<byte> response, ReadOnlySpan<byte> requestAuthenticator, ReadOnlySpan<byte> secret, Span<byte> destination)
    {
        response = TrimToLength(response);
        CheckAuthenticator(requestAuthenticator);
        // Sliced before the first append: nothing may throw while the thread's context holds part of a computation.
        var header = response[..AuthenticatorOffset];
        var attributes = response[RadiusPacket.HeaderLength..];
        var md5 = Md5();
        md5.BlockUpdate(header);
        md5.BlockUpdate(requestAuthenticator);
        md5.BlockUpdate(attributes);
        md5.BlockUpdate(secret);
        md5.DoFinal(destination);
    }

    /// <summary>Writes the Response Authenticator (RFC 2865 §3) into the response's Authenticator field; call last.</summary>
    public static void SetResponseAuthenticator(Span<byte> response, ReadOnlySpan<byte> requestAuthenticator, ReadOnlySpan<byte> secret)
    {
        Span<byte> authenticator = stackalloc byte[BlockLength];
        ComputeResponseAuthenticator(response, requestAuthenticator, secret, authenticator);
        authenticator.CopyTo(response[AuthenticatorOffset..]);
    }

    /// <summary>Checks a response's Authenticator (RFC 2865 §3) in constant time.</summary>
    public static bool VerifyResponseAuthenticator(ReadOnlySpan<byte> response, ReadOnlySpan<byte> requestAuthenticator, ReadOnlySpan<byte> secret)
    {
        Span<byte> expected = stackalloc byte[BlockLength];
        ComputeResponseAuthenticator(response, requestAuthenticator, secret, expected);
        return CryptographicOperations.FixedTimeEquals(expected, response.Slice(AuthenticatorOffset, BlockLength));
    }

    /// <summary>
    /// Computes the Request Authenticator of an Accounting-Request (RFC 2866 §3), Disconnect-Request or CoA-Request
    /// (RFC 5176 §2.3): MD5(Code + Identifier + Length + 16 zero octets + Attributes + Secret).
    /// </summary>
    /// <param name="request">The encoded request; its Authenticator field is not read.</param>
    /// <param name="secret">The shared secret.</param>
    /// <param name="destination">Receives 16 octets.</param>
    public static void ComputeRequestAuthenticator(ReadOnlySpan<byte> request, ReadOnlySpan<byte> secret, Span<byte> destination) =>
        ComputeResponseAuthenticator(request, stackalloc byte[BlockLength], secret, destination);

    /// <summary>Writes the Request Authenticator (RFC 2866 §3, RFC 5176 §2.3) into the request's Authenticator field; call last.</summary>
    public static void SetRequestAuthenticator(Span<byte> request, ReadOnlySpan<byte> secret) =>
        SetResponseAuthenticator(request, stackalloc byte[BlockLength], secret);

    /// <summary>Checks the Request Authenticator of an Accounting, Disconnect or CoA request (RFC 2866 §3, RFC 5176 §2.3) in constant time.</summary>
    public static bool VerifyRequestAuthenticator(ReadOnlySpan<byte> request, ReadOnlySpan<byte> secret) =>
        VerifyResponseAuthenticator(request, stackalloc byte[BlockLength], secret);

    /// <summary>
    /// Computes the Message-Authenticator (RFC 3579 §3.2): HMAC-MD5 keyed with the secret over the packet with the
    /// attribute's value taken as 16 zero octets. The Authenticator field taken is <paramref name="requestAuthenticator"/>
    /// for a response (Access-Accept, -Reject, -Challenge, ACKs, NAKs); for a request pass an empty span: the
    /// packet's own field is used, or 16 zero octets for Accounting, Disconnect and CoA requests (RFC 5176 §3.3).
    /// </summary>
    /// <param name="packet">The encoded packet.</param>
    /// <param name="secret">The shared secret.</param>
    /// <param name="requestAuthenticator">For a response, the Authenticator of the request; empty for a request.</param>
    /// <param name="destination">Receives 16 octets.</param>
    /// <param name="valueOffset">0-based offset of the attribute's value in the packet.</param>
    /// <returns>
    /// <see cref="RadiusMessageAuthenticatorResult.Valid"/> when computed, otherwise why not (missing, duplicated,
    /// wrong length or broken framing).
    /// </returns>
    public static RadiusMessageAuthenticatorResult ComputeMessageAuthenticator(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> requestAuthenticator, Span<byte> destination, out int valueOffset)
    {
        var found = FindMessageAuthenticator(packet, out valueOffset);
        if (found != RadiusMessageAuthenticatorResult.Valid)
        {
            return found;
        }

        packet = packet[..System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(packet[2..])];
        var code = (RadiusCode)packet[0];
        ReadOnlySpan<byte> authenticator = !requestAuthenticator.IsEmpty
            ? requestAuthenticator
            : code is RadiusCode.AccountingRequest or RadiusCode.DisconnectRequest or RadiusCode.CoaRequest
                ? stackalloc byte[BlockLength]
                : packet.Slice(AuthenticatorOffset, BlockLength);
        CheckAuthenticator(authenticator);

        // Sliced before the first append: nothing may throw while the thread's context holds part of a computation.
        var header = packet[..AuthenticatorOffset];
        var before = packet[RadiusPacket.HeaderLength..valueOffset];
        var after = packet[(valueOffset + BlockLength)..];
        Span<byte> zeros = stackalloc byte[BlockLength];
        zeros.Clear();
        var hmac = HmacMd5(secret);
        hmac.BlockUpdate(header);
        hmac.BlockUpdate(authenticator);
        hmac.BlockUpdate(before);
        hmac.BlockUpdate(zeros);
        hmac.BlockUpdate(after);
        hmac.DoFinal(destination);
        return RadiusMessageAuthenticatorResult.Valid;
    }

    /// <summary>
    /// Fills in the Message-Authenticator attribute already present in <paramref name="packet"/> (RFC 3579 §3.2).
    /// Call before setting a Response or Accounting/CoA/Disconnect Request Authenticator, which covers it.
    /// </summary>
    /// <returns>False when the packet has no single, 16-octet Message-Authenticator.</returns>
    public static bool TrySetMessageAuthenticator(Span<byte> packet, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> requestAuthenticator)
    {
        Span<byte> value = stackalloc byte[BlockLength];
        if (ComputeMessageAuthenticator(packet, secret, requestAuthenticator, value, out var offset) != RadiusMessageAuthenticatorResult.Valid)
        {
            return false;
        }

        value.CopyTo(packet[offset..]);
        return true;
    }

    /// <summary>Checks the Message-Authenticator (RFC 3579 §3.2) in constant time.</summary>
    /// <param name="packet">The packet as received.</param>
    /// <param name="secret">The shared secret.</param>
    /// <param name="requestAuthenticator">For a response, the Authenticator of the request; empty for a request.</param>
    public static RadiusMessageAuthenticatorResult VerifyMessageAuthenticator(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> requestAuthenticator)
    {
        Span<byte> expected = stackalloc byte[BlockLength];
        var result = ComputeMessageAuthenticator(packet, secret, requestAuthenticator, expected, out var offset);
        if (result != RadiusMessageAuthenticatorResult.Valid)
        {
            return result;
        }

        return CryptographicOperations.FixedTimeEquals(expected, packet.Slice(offset, BlockLength))
            ? RadiusMessageAuthenticatorResult.Valid
            : RadiusMessageAuthenticatorResult.Invalid;
    }

    /// <summary>The CHAP response MD5(Identifier + password + challenge) (RFC 1994 §4.1, RFC 2865 §5.3).</summary>
    /// <param name="identifier">The CHAP identifier (first octet of CHAP-Password).</param>
    /// <param name="password">The cleartext password.</param>
    /// <param name="challenge">The CHAP-Challenge, or the Request Authenticator when there is none.</param>
    /// <param name="destination">Receives 16 octets.</param>
    public static void ComputeChapResponse(byte identifier, ReadOnlySpan<byte> password, ReadOnlySpan<byte> challenge, Span<byte> destination)
    {
        var md5 = Md5();
        md5.Update(identifier);
        md5.BlockUpdate(password);
        md5.BlockUpdate(challenge);
        md5.DoFinal(destination);
    }

    /// <summary>Checks a CHAP-Password value (RFC 2865 §5.3) against the cleartext password, in constant time.</summary>
    /// <param name="chapPassword">The 17-octet CHAP-Password value: CHAP Ident then the 16-octet response.</param>
    /// <param name="password">The cleartext password.</param>
    /// <param name="challenge">The CHAP-Challenge value, or the Request Authenticator when there is none.</param>
    /// <returns>False when the response does not match or the value is not 17 octets.</returns>
    public static bool VerifyChapPassword(ReadOnlySpan<byte> chapPassword, ReadOnlySpan<byte> password, ReadOnlySpan<byte> challenge)
    {
        if (chapPassword.Length != 1 + BlockLength)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[BlockLength];
        ComputeChapResponse(chapPassword[0], password, challenge, expected);
        return CryptographicOperations.FixedTimeEquals(expected, chapPassword[1..]);
    }

    /// <summary>
    /// Checks the CHAP-Password of an Access-Request (RFC 2865 §5.3), with its CHAP-Challenge (RFC 2865 §5.40) or
    /// else its Request Authenticator as the challenge.
    /// </summary>
    /// <returns>False when the request has no CHAP-Password or the response does not match.</returns>
    public static bool VerifyChapPassword(RadiusPacket request, ReadOnlySpan<byte> password)
    {
        ArgumentNullException.ThrowIfNull(request);
        var chap = request.Find(RadiusAttributeType.ChapPassword);
        if (chap is null)
        {
            return false;
        }

        var challenge = request.Find(RadiusAttributeType.ChapChallenge)?.Value ?? request.Authenticator;
        return VerifyChapPassword(chap.Value.Span, password, challenge.Span);
    }

    private static RadiusMessageAuthenticatorResult FindMessageAuthenticator(ReadOnlySpan<byte> packet, out int valueOffset)
    {
        valueOffset = 0;
        var reader = new RadiusReader(packet);
        if (!reader.TryReadHeader(out _, out _, out _))
        {
            return RadiusMessageAuthenticatorResult.Malformed;
        }

        var count = 0;
        while (reader.TryReadAttribute(out var type, out var value, out var offset))
        {
            if (type == RadiusAttributeType.MessageAuthenticator)
            {
                if (value.Length != BlockLength || ++count > 1)
                {
                    return RadiusMessageAuthenticatorResult.Malformed;
                }

                valueOffset = offset + 2;
            }
        }

        return reader.Error != RadiusDecodeError.None ? RadiusMessageAuthenticatorResult.Malformed
            : count == 0 ? RadiusMessageAuthenticatorResult.Missing
            : RadiusMessageAuthenticatorResult.Valid;
    }

    /// <summary>RFC 2865 §5.2: c(i) = p(i) XOR MD5(S + c(i-1)), c(0) being the Request Authenticator.</summary>
    private static void XorChain(Span<byte> data, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> requestAuthenticator, bool hiding)
    {
        CheckAuthenticator(requestAuthenticator);
        Span<byte> previous = stackalloc byte[BlockLength];
        Span<byte> hidden = stackalloc byte[BlockLength];
        Span<byte> key = stackalloc byte[BlockLength];
        requestAuthenticator.CopyTo(previous);
        var md5 = Md5();
        for (var i = 0; i < data.Length; i += BlockLength)
        {
            var block = data.Slice(i, BlockLength);
            md5.BlockUpdate(secret);
            md5.BlockUpdate(previous);
            md5.DoFinal(key);
            if (hiding)
            {
                for (var j = 0; j < BlockLength; j++)
                {
                    block[j] ^= key[j];
                }

                block.CopyTo(previous);
            }
            else
            {
                block.CopyTo(hidden);
                for (var j = 0; j < BlockLength; j++)
                {
                    block[j] ^= key[j];
                }

                hidden.CopyTo(previous);
            }
        }
    }

    private static void CheckAuthenticator(ReadOnlySpan<byte> authenticator)
    {
        if (authenticator.Length != BlockLength)
        {
            ThrowBadLength("authenticator", "an authenticator must be 16 octets (RFC 2865 §3)");
        }
    }

    /// <summary>The packet without the octets beyond its Length field (RFC 2865 §3).</summary>
    private static ReadOnlySpan<byte> TrimToLength(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < RadiusPacket.HeaderLength)
        {
            ThrowBadLength("packet", "a packet has at least a 20-octet header (RFC 2865 §3)");
        }

        int length = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        return length is >= RadiusPacket.HeaderLength && length <= packet.Length ? packet[..length] : packet;
    }

    [DoesNotReturn]
    private static void ThrowBadLength(string what, string message) => throw new ArgumentException(message, what);

    private static MD5Digest Md5() => t_md5 ??= new MD5Digest();

    /// <summary>This thread's HMAC-MD5 context for <paramref name="secret"/>: kept while the secret is the same (one NAS, or NAS sharing a secret), else made anew.</summary>
    private static HMac HmacMd5(ReadOnlySpan<byte> secret)
    {
        var kept = t_hmac;
        if (kept is not null && secret.SequenceEqual(kept.Secret))
        {
            return kept.Hmac;
        }

        var hmac = new HMac(new MD5Digest());
        hmac.Init(new KeyParameter(secret));
        kept = new HmacContext(secret.ToArray(), hmac);
        t_hmac = kept;
        return kept.Hmac;
    }

    private sealed record HmacContext(byte[] Secret, HMac Hmac);
}
