using Alpi.HotspotController.Portal;

namespace Alpi.HotspotController.Tests.Portal;

public class UamQueryTests
{
    private const string Good = "?res=notyet&uamip=10.1.0.1&uamport=3990&challenge=0123456789abcdef0123456789abcdef"
        + "&called=AA-BB-CC-DD-EE-FF&mac=11-22-33-44-55-66&ip=10.1.0.5&nasid=mairie-1&sessionid=4f1c2a&userurl=http%3a%2f%2fexample.org%2f&md=X";

    [Test]
    public void Parse_ReadsEveryCoovaChilliParameter()
    {
        UamQuery.TryParse(Good, out var query, out var parameter).Should().Be(UamQueryProblem.None, parameter);
        query!.Result.Should().Be(UamResult.NotYet);
        query.UamIp.ToString().Should().Be("10.1.0.1");
        query.UamPort.Should().Be(3990);
        Convert.ToHexStringLower(query.Challenge!).Should().Be("0123456789abcdef0123456789abcdef");
        query.Mac!.Value.Value.Should().Be("11-22-33-44-55-66");
        query.ClientIp!.ToString().Should().Be("10.1.0.5");
        query.Called.Should().Be("AA-BB-CC-DD-EE-FF");
        query.NasId.Should().Be("mairie-1");
        query.SessionId.Should().Be("4f1c2a");
        query.UserUrl!.AbsoluteUri.Should().Be("http://example.org/");
    }

    [TestCase("success", UamResult.Success)]
    [TestCase("failed", UamResult.Failed)]
    [TestCase("logoff", UamResult.Logoff)]
    [TestCase("already", UamResult.Already)]
    public void Parse_ReadsEachVerdict_WithoutAChallenge(string res, UamResult expected)
    {
        UamQuery.TryParse($"res={res}&uamip=10.1.0.1&uamport=3990&reply=Mot%20de%20passe%20incorrect", out var query, out _).Should().Be(UamQueryProblem.None);
        query!.Result.Should().Be(expected);
        query.Reply.Should().Be("Mot de passe incorrect");
    }

    [TestCase("", UamQueryProblem.Missing, "res")] // nothing at all
    [TestCase("res=&uamip=10.1.0.1&uamport=3990", UamQueryProblem.Missing, "res")]
    [TestCase("res=popup1&uamip=10.1.0.1&uamport=3990", UamQueryProblem.Invalid, "res")] // a verdict this portal does not handle
    [TestCase("res=notyet&uamport=3990&challenge=0123456789abcdef0123456789abcdef", UamQueryProblem.Missing, "uamip")]
    [TestCase("res=notyet&uamip=portal.example&uamport=3990", UamQueryProblem.Invalid, "uamip")] // a name, not an IP literal
    [TestCase("res=notyet&uamip=evil.example%2F&uamport=3990", UamQueryProblem.Invalid, "uamip")]
    [TestCase("res=notyet&uamip=2130706433&uamport=3990", UamQueryProblem.Invalid, "uamip")] // integer form of 127.0.0.1
    [TestCase("res=notyet&uamip=010.1.0.1&uamport=3990", UamQueryProblem.Invalid, "uamip")] // octal-looking form
    [TestCase("res=notyet&uamip=10.1&uamport=3990", UamQueryProblem.Invalid, "uamip")] // short form
    [TestCase("res=notyet&uamip=0.0.0.0&uamport=3990", UamQueryProblem.Invalid, "uamip")]
    [TestCase("res=notyet&uamip=255.255.255.255&uamport=3990", UamQueryProblem.Invalid, "uamip")]
    [TestCase("res=notyet&uamip=224.0.0.1&uamport=3990", UamQueryProblem.Invalid, "uamip")] // multicast
    [TestCase("res=notyet&uamip=fe80::1%25eth0&uamport=3990", UamQueryProblem.Invalid, "uamip")] // IPv6 zone
    [TestCase("res=notyet&uamip=10.1.0.1", UamQueryProblem.Missing, "uamport")]
    [TestCase("res=notyet&uamip=10.1.0.1&uamport=0", UamQueryProblem.Invalid, "uamport")]
    [TestCase("res=notyet&uamip=10.1.0.1&uamport=65536", UamQueryProblem.Invalid, "uamport")]
    [TestCase("res=notyet&uamip=10.1.0.1&uamport=-1", UamQueryProblem.Invalid, "uamport")]
    [TestCase("res=notyet&uamip=10.1.0.1&uamport=3990%2Fevil", UamQueryProblem.Invalid, "uamport")]
    [TestCase("res=notyet&uamip=10.1.0.1&uamport=%2B3990", UamQueryProblem.Invalid, "uamport")] // sign
    [TestCase("res=notyet&uamip=10.1.0.1&uamport=99999999999999999999", UamQueryProblem.Invalid, "uamport")]
    [TestCase("res=notyet&uamip=10.1.0.1&uamport=3990", UamQueryProblem.Missing, "challenge")]
    [TestCase("res=notyet&uamip=10.1.0.1&uamport=3990&challenge=0123", UamQueryProblem.Invalid, "challenge")]
    [TestCase("res=notyet&uamip=10.1.0.1&uamport=3990&challenge=zz23456789abcdef0123456789abcdef", UamQueryProblem.Invalid, "challenge")]
    [TestCase("res=notyet&uamip=10.1.0.1&uamport=3990&challenge=0123456789abcdef0123456789abcdef&mac=not-a-mac", UamQueryProblem.Invalid, "mac")]
    [TestCase("res=notyet&uamip=10.1.0.1&uamport=3990&challenge=0123456789abcdef0123456789abcdef&ip=10.1.0", UamQueryProblem.Invalid, "ip")]
    [TestCase("res=notyet&uamip=10.1.0.1&uamport=3990&challenge=0123456789abcdef0123456789abcdef&nasid=a%0Ab", UamQueryProblem.Invalid, "nasid")] // control character
    [TestCase("res=notyet&res=success&uamip=10.1.0.1&uamport=3990", UamQueryProblem.Duplicate, "res")]
    [TestCase("res=notyet&uamip=10.1.0.1&uamip=10.9.9.9&uamport=3990", UamQueryProblem.Duplicate, "uamip")]
    [TestCase("%%%&&&===", UamQueryProblem.Missing, "res")] // garbage
    [TestCase("res=notyet&uamip=%C0%80&uamport=3990", UamQueryProblem.Invalid, "uamip")] // overlong UTF-8
    public void Parse_RefusesBadInput_NamingTheParameter(string raw, UamQueryProblem problem, string parameter)
    {
        UamQuery.TryParse(raw, out var query, out var at).Should().Be(problem);
        at.Should().Be(parameter);
        query.Should().BeNull();
    }

    [Test]
    public void Parse_RefusesAnOverlongQuery() =>
        UamQuery.TryParse("res=notyet&x=" + new string('a', UamQuery.MaxQueryLength), out _, out _).Should().Be(UamQueryProblem.TooLong);

    [Test]
    public void Parse_RefusesAnOverlongText() =>
        UamQuery.TryParse("res=success&uamip=10.1.0.1&uamport=3990&reply=" + new string('a', 300), out _, out var at).Should().Be(UamQueryProblem.Invalid);

    [TestCase("javascript%3Aalert(1)")]
    [TestCase("data%3Atext%2Fhtml%2C%3Cscript%3E")]
    [TestCase("%2F%2Fevil.example%2F")]
    public void Parse_DropsAnUnsafeUserUrl_AndSaysSo(string userUrl)
    {
        UamQuery.TryParse("res=success&uamip=10.1.0.1&uamport=3990&userurl=" + userUrl, out var query, out _).Should().Be(UamQueryProblem.None);
        query!.UserUrl.Should().BeNull();
        query.UserUrlRejected.Should().BeTrue();
    }

    [Test]
    public void Parse_AcceptsIpv6AndIgnoresUnknownParameters()
    {
        UamQuery.TryParse("res=notyet&uamip=fd00%3A%3A1&uamport=3990&challenge=0123456789abcdef0123456789abcdef&ssid=Cigale&vlan=3&lang=fr",
            out var query, out _).Should().Be(UamQueryProblem.None);
        query!.UamIp.ToString().Should().Be("fd00::1");
    }
}
