using Alpi.HotspotController.Portal;

namespace Alpi.HotspotController.Tests.Portal;

/// <summary>
/// Vectors computed outside .NET (Python's hashlib) by CoovaChilli's algorithm: coova-chilli src/main-response.c
/// (chilli_response: C = MD5(challenge + uamsecret); response = MD5(ident + password + C), lower-case hex),
/// src/redir.c redir_radius (no uamsecret: C = the challenge itself) and redir_md_param (md = MD5(url + uamsecret),
/// upper-case hex).
/// </summary>
public class UamCryptoTests
{
    private static readonly byte[] Challenge = Convert.FromHexString("0123456789abcdef0123456789abcdef");

    [TestCase("s3cret", "correct horse", 0, "93f75d8f13b0519edc2f544513fc8b2d")] // uamsecret set: the challenge is MD5(challenge + secret)
    [TestCase("", "correct horse", 0, "9b7e875581f1f75dba841a917eb4c5b2")] // no uamsecret: the challenge is used as it is
    [TestCase("testing123", "0123456789abcdef01234567", 0, "d117d12b46ec24ebe2357d6cd6224eb5")] // a logon token as the password
    [TestCase("s3cret", "password", 1, "7d7159a31d8a96c263e4e0bb4ef8cafa")] // /logon?ident=1
    public void ChapResponse_MatchesCoovaChilli(string uamSecret, string password, int ident, string expected)
    {
        UamCrypto.ComputeChapResponse(Challenge, uamSecret, password, (byte)ident).Should().Be(expected);
    }

    [Test]
    public void ChapChallenge_WithSecret_IsMd5OfChallengeAndSecret()
    {
        Convert.ToHexStringLower(UamCrypto.ComputeChapChallenge(Challenge, "s3cret")).Should().Be("e57313e0481174b37e6e9330ecd55332");
        UamCrypto.ComputeChapChallenge(Challenge, "").Should().Equal(Challenge);
    }

    [Test]
    public void ChapResponse_VerifiesWithTheRadiusChapCheck()
    {
        // What the RADIUS server will do with the terminal's CHAP-Challenge and CHAP-Password (RFC 2865 §5.3).
        var response = Convert.FromHexString(UamCrypto.ComputeChapResponse(Challenge, "s3cret", "token-abc"));
        var chapPassword = new byte[17];
        response.CopyTo(chapPassword, 1);
        Alpi.Protocols.Radius.RadiusCrypto.VerifyChapPassword(chapPassword, "token-abc"u8, UamCrypto.ComputeChapChallenge(Challenge, "s3cret")).Should().BeTrue();
        Alpi.Protocols.Radius.RadiusCrypto.VerifyChapPassword(chapPassword, "token-abd"u8, UamCrypto.ComputeChapChallenge(Challenge, "s3cret")).Should().BeFalse();
    }

    [Test]
    public void ChapChallenge_OfTheWrongLength_Throws()
    {
        var act = () => UamCrypto.ComputeChapChallenge(new byte[15], "s3cret");
        act.Should().Throw<ArgumentException>();
    }

    [Test]
    public void UrlSignature_MatchesCoovaChilli()
    {
        const string url = "http://portal.example/?res=notyet&uamip=10.1.0.1&uamport=3990&challenge=0123456789abcdef0123456789abcdef"
            + "&called=AA-BB-CC-DD-EE-FF&mac=11-22-33-44-55-66&ip=10.1.0.5&nasid=mairie-1&sessionid=4f1c2a&userurl=http%3a%2f%2fexample.org%2f";
        UamCrypto.ComputeUrlSignature(url, "s3cret").Should().Be("11F71A7A3FDDCDDD73D235C12BF02A3E");
        UamCrypto.VerifyUrlSignature(url, "11f71a7a3fddcddd73d235c12bf02a3e", "s3cret").Should().BeTrue("hex is compared in any case");
        UamCrypto.VerifyUrlSignature(url, "11F71A7A3FDDCDDD73D235C12BF02A3F", "s3cret").Should().BeFalse();
        UamCrypto.VerifyUrlSignature(url, "11F71A7A3FDDCDDD73D235C12BF02A3E", "other").Should().BeFalse();
    }
}
