using Alpi.HotspotController.Portal;
using Microsoft.AspNetCore.Http;

namespace Alpi.HotspotController.Tests.Portal;

public class UamSignatureTests
{
    private const string Secret = "s3cret";
    private const string Query = "res=notyet&uamip=10.1.0.1&uamport=3990&challenge=0123456789abcdef0123456789abcdef"
        + "&called=AA-BB-CC-DD-EE-FF&mac=11-22-33-44-55-66&ip=10.1.0.5&nasid=mairie-1&sessionid=4f1c2a&userurl=http%3a%2f%2fexample.org%2f";

    // The same URL and signature as UamCryptoTests (computed with Python's hashlib).
    private const string Signed = Query + "&md=11F71A7A3FDDCDDD73D235C12BF02A3E";
    private static readonly string[] Bases = ["http://portal.example/"];

    [Test]
    public void Verify_AcceptsTheTerminalsSignature() =>
        UamSignature.Verify("?" + Signed, Bases, Secret).Should().BeTrue();

    [Test]
    public void Verify_AcceptsEscapesRewrittenInUpperCase()
    {
        // .NET's Uri (and some proxies) send %3A for the %3a CoovaChilli wrote; the signature is over chilli's spelling.
        UamSignature.Verify(Signed.Replace("%3a%2f%2f", "%3A%2F%2F", StringComparison.Ordinal), Bases, Secret).Should().BeTrue();
    }

    [TestCase("res=notyet&uamip=10.1.0.2", "res=notyet&uamip=10.1.0.1")] // another terminal
    [TestCase("userurl=http%3a%2f%2fevil.example%2f", "userurl=http%3a%2f%2fexample.org%2f")] // another user URL
    [TestCase("mac=11-22-33-44-55-67", "mac=11-22-33-44-55-66")] // another device
    public void Verify_RefusesAChangedParameter(string changed, string original) =>
        UamSignature.Verify(Signed.Replace(original, changed, StringComparison.Ordinal), Bases, Secret).Should().BeFalse();

    [TestCase(Signed + "&userurl=javascript:alert(1)")] // appended after md
    [TestCase(Query)] // no md
    [TestCase(Query + "&md=")] // empty md
    [TestCase(Query + "&md=11F71A7A3FDDCDDD73D235C12BF02A3")] // md one digit short
    [TestCase("md=11F71A7A3FDDCDDD73D235C12BF02A3E&" + Query)] // md not last
    [TestCase("")]
    public void Verify_RefusesAMissingOrMisplacedSignature(string query) =>
        UamSignature.Verify(query, Bases, Secret).Should().BeFalse();

    [Test]
    public void Verify_RefusesAnotherPortalUrlOrSecret()
    {
        UamSignature.Verify(Signed, ["http://other.example/"], Secret).Should().BeFalse();
        UamSignature.Verify(Signed, Bases, "wrong").Should().BeFalse();
    }

    [Test]
    public void CandidateBases_CoverTheSpellingsOfTheRequestOrigin()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("portal.example");
        context.Request.Path = "/";

        UamSignature.CandidateBases(context.Request, new PortalOptions()).Should().BeEquivalentTo(
            "http://portal.example/", "http://portal.example", "http://portal.example:80/", "http://portal.example:80");
    }

    [Test]
    public void CandidateBases_UseThePublicUrlWhenConfigured()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1:8082");
        context.Request.Path = "/";

        UamSignature.CandidateBases(context.Request, new PortalOptions { PublicUrl = "https://portail.cigale.example" })
            .Should().Contain("https://portail.cigale.example/").And.NotContain(b => b.Contains("127.0.0.1", StringComparison.Ordinal));
    }
}
