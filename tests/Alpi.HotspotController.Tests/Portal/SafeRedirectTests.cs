using System.Net;
using Alpi.HotspotController.Portal;

namespace Alpi.HotspotController.Tests.Portal;

public class SafeRedirectTests
{
    [TestCase("http://example.org/")]
    [TestCase("https://example.org/path?q=1&r=2#frag")]
    [TestCase("HTTP://EXAMPLE.ORG/")] // scheme case does not matter
    [TestCase("http://[2001:db8::1]:8080/")]
    [TestCase("http://exemple.fr/é")] // non-ASCII path, percent-encoded on output
    public void UserUrl_AcceptsPlainHttpAndHttps(string text) =>
        SafeRedirect.TryGetUserUrl(text, out _).Should().BeTrue();

    [TestCase("javascript:alert(1)")] // script
    [TestCase("JaVaScRiPt:alert(1)")]
    [TestCase(" javascript:alert(1)")] // leading space, trimmed by lax parsers
    [TestCase("java\tscript:alert(1)")] // tab, dropped by browsers
    [TestCase("data:text/html,<script>alert(1)</script>")]
    [TestCase("vbscript:msgbox(1)")]
    [TestCase("file:///etc/passwd")]
    [TestCase("ftp://example.org/")]
    [TestCase("//evil.example/")] // protocol-relative
    [TestCase("/local/path")] // not absolute
    [TestCase("http:/evil.example")] // one slash
    [TestCase("http:\\\\evil.example\\")] // backslashes, read as slashes by browsers
    [TestCase("http://user:pass@evil.example/")] // user-info hides the real host
    [TestCase("http://good.example@evil.example/")]
    [TestCase("http://example.org/\r\nSet-Cookie:x=1")] // header injection
    [TestCase("http://")] // no host
    [TestCase("")]
    [TestCase(null)]
    public void UserUrl_RefusesEverythingElse(string? text) =>
        SafeRedirect.TryGetUserUrl(text, out _).Should().BeFalse();

    [Test]
    public void UserUrl_RefusesTooLongUrls() =>
        SafeRedirect.TryGetUserUrl("http://example.org/" + new string('a', SafeRedirect.MaxUserUrlLength), out _).Should().BeFalse();

    [TestCase("/", true)]
    [TestCase("/portal/account", true)]
    [TestCase("/?res=notyet&uamip=10.1.0.1", true)]
    [TestCase("//evil.example/", false)] // another host
    [TestCase("/\\evil.example/", false)] // another host for browsers
    [TestCase("http://evil.example/", false)]
    [TestCase("javascript:alert(1)", false)]
    [TestCase("portal/account", false)]
    [TestCase("/a\r\nLocation: http://evil.example/", false)]
    [TestCase("/é", false)] // not ASCII: would not fit a Location header as it is
    [TestCase("/a b", false)]
    [TestCase("", false)]
    [TestCase(null, false)]
    public void LocalPath_IsOnlyAPathOnThisSite(string? path, bool expected) =>
        SafeRedirect.IsLocalPath(path).Should().Be(expected);

    [Test]
    public void LogonUrl_IsTheTerminalsLogonWithEncodedValues()
    {
        SafeRedirect.TryGetUserUrl("http://example.org/a?b=c&d=e", out var userUrl).Should().BeTrue();
        var url = SafeRedirect.BuildLogonUrl(IPAddress.Parse("10.1.0.1"), 3990, "alice+wifi@example.org", "93f75d8f13b0519edc2f544513fc8b2d", userUrl);
        url.AbsoluteUri.Should().Be("http://10.1.0.1:3990/logon?username=alice%2Bwifi%40example.org&response=93f75d8f13b0519edc2f544513fc8b2d"
            + "&userurl=http%3A%2F%2Fexample.org%2Fa%3Fb%3Dc%26d%3De");
    }

    [Test]
    public void LogonUrl_BracketsIpv6() =>
        SafeRedirect.BuildLogonUrl(IPAddress.Parse("fd00::1"), 3990, "a", "b", null).AbsoluteUri.Should().StartWith("http://[fd00::1]:3990/logon?");
}
