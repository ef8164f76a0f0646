using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Alpi.HotspotController.Portal;

/// <summary>
/// The two MD5 computations of CoovaChilli's UAM protocol, as the terminal does them (coova-chilli
/// <c>src/redir.c</c>: <c>redir_md_param</c>, <c>redir_radius</c>; <c>src/main-response.c</c>: the
/// <c>chilli_response</c> tool):
/// <list type="bullet">
/// <item>the landing URL's <c>md</c>: MD5(URL up to, without, <c>&amp;md=</c> + uamsecret), 32 upper-case hex digits;</item>
/// <item>the CHAP response the portal puts in <c>/logon?response=</c>: MD5(ident + password + C), 32 lower-case hex
/// digits, where C = MD5(challenge octets + uamsecret) when a uamsecret is set, the challenge itself otherwise, and
/// ident is 0 unless <c>/logon</c> is given an <c>ident</c>. The terminal then sends C as CHAP-Challenge and
/// ident + response as CHAP-Password (RFC 2865 §5.3, RFC 1994 §4.1).</item>
/// </list>
/// Text is taken as UTF-8 octets (chilli uses the bytes it was given).
/// </summary>
[SuppressMessage("Security", "CA5351", Justification = "MD5 is what CoovaChilli's UAM protocol and RADIUS CHAP use.")]
public static class UamCrypto
{
    /// <summary>Length of a UAM challenge, octets (hex-encoded in the URL as 32 digits).</summary>
    public const int ChallengeLength = 16;

    /// <summary>The <c>md</c> of a landing URL: MD5(<paramref name="signedUrl"/> + <paramref name="uamSecret"/>), upper-case hex.</summary>
    /// <param name="signedUrl">The URL as the terminal built it, up to and without <c>&amp;md=</c>.</param>
    /// <param name="uamSecret">The uamsecret; not empty (chilli adds no <c>md</c> without one).</param>
    public static string ComputeUrlSignature(string signedUrl, string uamSecret)
    {
        ArgumentNullException.ThrowIfNull(signedUrl);
        ArgumentException.ThrowIfNullOrEmpty(uamSecret);
        return Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(signedUrl + uamSecret)));
    }

    /// <summary>True when <paramref name="md"/> (hex, any case) is the signature of <paramref name="signedUrl"/>; compared in constant time.</summary>
    public static bool VerifyUrlSignature(string signedUrl, string md, string uamSecret)
    {
        ArgumentNullException.ThrowIfNull(md);
        if (md.Length != 32)
        {
            return false;
        }

        var expected = ComputeUrlSignature(signedUrl, uamSecret);
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(md.ToUpperInvariant()));
    }

    /// <summary>
    /// The CHAP challenge the terminal puts in its Access-Request: MD5(<paramref name="challenge"/> + <paramref name="uamSecret"/>)
    /// with a uamsecret, the challenge itself without one.
    /// </summary>
    /// <param name="challenge">The 16 challenge octets from the landing URL.</param>
    /// <param name="uamSecret">The uamsecret, or empty.</param>
    /// <exception cref="ArgumentException">The challenge is not 16 octets.</exception>
    public static byte[] ComputeChapChallenge(ReadOnlySpan<byte> challenge, string uamSecret)
    {
        ArgumentNullException.ThrowIfNull(uamSecret);
        if (challenge.Length != ChallengeLength)
        {
            throw new ArgumentException($"A UAM challenge has {ChallengeLength} octets; this one has {challenge.Length}.", nameof(challenge));
        }

        if (uamSecret.Length == 0)
        {
            return challenge.ToArray();
        }

        var secret = Encoding.UTF8.GetBytes(uamSecret);
        var data = new byte[ChallengeLength + secret.Length];
        challenge.CopyTo(data);
        secret.CopyTo(data, ChallengeLength);
        return MD5.HashData(data);
    }

    /// <summary>
    /// The <c>response</c> parameter of the terminal's <c>/logon</c>: MD5(<paramref name="ident"/> + password +
    /// CHAP challenge) as 32 lower-case hex digits (chilli's <c>chartohex</c>).
    /// </summary>
    /// <param name="challenge">The 16 challenge octets from the landing URL.</param>
    /// <param name="uamSecret">The uamsecret, or empty.</param>
    /// <param name="password">The secret the RADIUS server will check: here the one-time logon token.</param>
    /// <param name="ident">The CHAP identifier; 0 unless <c>/logon</c> is given <c>ident</c>.</param>
    /// <exception cref="ArgumentException">The challenge is not 16 octets.</exception>
    public static string ComputeChapResponse(ReadOnlySpan<byte> challenge, string uamSecret, string password, byte ident = 0)
    {
        ArgumentNullException.ThrowIfNull(password);
        var chapChallenge = ComputeChapChallenge(challenge, uamSecret);
        Span<byte> response = stackalloc byte[16];
        Alpi.Protocols.Radius.RadiusCrypto.ComputeChapResponse(ident, Encoding.UTF8.GetBytes(password), chapChallenge, response);
        return Convert.ToHexStringLower(response);
    }
}
