using System.Security.Cryptography;

namespace Alpi.Protocols.Snmp.V3;

/// <summary>
/// USM message authentication: the HMAC of the whole serialised message, computed while
/// <c>msgAuthenticationParameters</c> holds zeros, truncated to the protocol's length and placed in that field.
/// </summary>
/// <remarks>Sources: RFC 3414 §6.3 (HMAC-MD5-96), §7.3 (HMAC-SHA-96); RFC 7860 §4.2 (HMAC-SHA-2 with truncations 16, 24, 32, 48 octets).</remarks>
public static class UsmAuthentication
{
    /// <summary>
    /// The length of <c>msgAuthenticationParameters</c>, in octets: 0 (none), 12 (HMAC-MD5-96, HMAC-SHA-96,
    /// RFC 3414 §6.3.1, §7.3.1), 16 (SHA-224), 24 (SHA-256), 32 (SHA-384), 48 (SHA-512) (RFC 7860 §4.2).
    /// </summary>
    public static int AuthParamsLength(SnmpAuthProtocol protocol) => protocol switch
    {
        SnmpAuthProtocol.None => 0,
        SnmpAuthProtocol.HmacMd5_96 => 12,
        SnmpAuthProtocol.HmacSha1_96 => 12,
        SnmpAuthProtocol.HmacSha224_128 => 16,
        SnmpAuthProtocol.HmacSha256_192 => 24,
        SnmpAuthProtocol.HmacSha384_256 => 32,
        SnmpAuthProtocol.HmacSha512_384 => 48,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Unknown authentication protocol."),
    };

    /// <summary>
    /// Writes the truncated HMAC (<see cref="AuthParamsLength"/> octets) of <paramref name="wholeMessageWithZeroedAuthParams"/>
    /// into <paramref name="destination"/>. RFC 3414 §6.3.1 / §7.3.1, RFC 7860 §4.2.1.
    /// </summary>
    /// <param name="localizedAuthKey">The localised authentication key (<see cref="UsmKeys.LocalizedAuthKey"/>), <see cref="UsmKeys.AuthKeyLength"/> octets.</param>
    /// <param name="wholeMessageWithZeroedAuthParams">The serialised SNMPv3 message with <c>msgAuthenticationParameters</c> set to <see cref="AuthParamsLength"/> zero octets.</param>
    /// <param name="destination">At least <see cref="AuthParamsLength"/> octets.</param>
    /// <exception cref="ArgumentException"><see cref="SnmpAuthProtocol.None"/>, or <paramref name="destination"/> too short.</exception>
    public static void ComputeMac(
        SnmpAuthProtocol protocol, ReadOnlySpan<byte> localizedAuthKey, ReadOnlySpan<byte> wholeMessageWithZeroedAuthParams, Span<byte> destination)
    {
        var length = protocol == SnmpAuthProtocol.None ? UsmHash.ThrowNoHash(protocol) : AuthParamsLength(protocol);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The MAC of {protocol} is {length} octets.", nameof(destination));
        }

        Span<byte> full = stackalloc byte[64];
        full = full[..UsmHash.HashLength(protocol)];
        UsmHash.Hmac(protocol, localizedAuthKey, wholeMessageWithZeroedAuthParams, full);
        full[..length].CopyTo(destination);
    }

    /// <summary>The truncated HMAC, <see cref="AuthParamsLength"/> octets: see <see cref="ComputeMac(SnmpAuthProtocol, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>.</summary>
    public static byte[] ComputeMac(SnmpAuthProtocol protocol, ReadOnlySpan<byte> localizedAuthKey, ReadOnlySpan<byte> wholeMessageWithZeroedAuthParams)
    {
        var mac = new byte[AuthParamsLength(protocol)];
        ComputeMac(protocol, localizedAuthKey, wholeMessageWithZeroedAuthParams, mac);
        return mac;
    }

    /// <summary>
    /// Signs a serialised message in place: zeroes the <see cref="AuthParamsLength"/> octets of <c>msgAuthenticationParameters</c>
    /// at <paramref name="authParamsOffset"/>, computes the MAC over the whole message and writes it there. RFC 3414 §6.3.1 steps 1–3.
    /// </summary>
    /// <param name="authParamsOffset">Offset, in octets from the start of <paramref name="wholeMessage"/>, of the content of the <c>msgAuthenticationParameters</c> OCTET STRING.</param>
    public static void Sign(SnmpAuthProtocol protocol, ReadOnlySpan<byte> localizedAuthKey, Span<byte> wholeMessage, int authParamsOffset)
    {
        var field = wholeMessage.Slice(authParamsOffset, AuthParamsLength(protocol));
        field.Clear();
        Span<byte> mac = stackalloc byte[48];
        mac = mac[..field.Length];
        ComputeMac(protocol, localizedAuthKey, wholeMessage, mac);
        mac.CopyTo(field);
    }

    /// <summary>
    /// Checks a received MAC in constant time (<see cref="CryptographicOperations.FixedTimeEquals"/>).
    /// Returns <see cref="UsmError.None"/> when it matches, <see cref="UsmError.WrongAuthenticationParametersLength"/> when
    /// <paramref name="receivedMac"/> is not <see cref="AuthParamsLength"/> octets (RFC 3414 §6.3.2 step 1, §7.3.2 step 1),
    /// <see cref="UsmError.WrongDigest"/> when it differs (RFC 3414 §6.3.2 step 4, counted as <c>usmStatsWrongDigests</c>).
    /// </summary>
    /// <param name="wholeMessageWithZeroedAuthParams">The received message with <c>msgAuthenticationParameters</c> replaced by zero octets.</param>
    /// <param name="receivedMac">The content of <c>msgAuthenticationParameters</c> as received.</param>
    public static UsmError Verify(
        SnmpAuthProtocol protocol, ReadOnlySpan<byte> localizedAuthKey, ReadOnlySpan<byte> wholeMessageWithZeroedAuthParams, ReadOnlySpan<byte> receivedMac)
    {
        var length = AuthParamsLength(protocol);
        if (receivedMac.Length != length || length == 0)
        {
            return UsmError.WrongAuthenticationParametersLength;
        }

        Span<byte> expected = stackalloc byte[48];
        expected = expected[..length];
        ComputeMac(protocol, localizedAuthKey, wholeMessageWithZeroedAuthParams, expected);
        return CryptographicOperations.FixedTimeEquals(expected, receivedMac) ? UsmError.None : UsmError.WrongDigest;
    }

    /// <summary>
    /// Checks a received message in place: copies out the <see cref="AuthParamsLength"/> octets at
    /// <paramref name="authParamsOffset"/>, zeroes them, verifies (<see cref="Verify(SnmpAuthProtocol, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>)
    /// and puts them back. RFC 3414 §6.3.2 steps 2–5.
    /// </summary>
    /// <param name="authParamsLength">The length of the received <c>msgAuthenticationParameters</c>, in octets; anything but <see cref="AuthParamsLength"/> gives <see cref="UsmError.WrongAuthenticationParametersLength"/>.</param>
    public static UsmError VerifyInPlace(
        SnmpAuthProtocol protocol, ReadOnlySpan<byte> localizedAuthKey, Span<byte> wholeMessage, int authParamsOffset, int authParamsLength)
    {
        if (authParamsLength != AuthParamsLength(protocol) || authParamsLength == 0)
        {
            return UsmError.WrongAuthenticationParametersLength;
        }

        var field = wholeMessage.Slice(authParamsOffset, authParamsLength);
        Span<byte> received = stackalloc byte[48];
        received = received[..authParamsLength];
        field.CopyTo(received);
        field.Clear();
        var result = Verify(protocol, localizedAuthKey, wholeMessage, received);
        received.CopyTo(field);
        return result;
    }
}
