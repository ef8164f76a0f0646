using System.Net;
using Alpi.HotspotController.Portal;
using Alpi.Testing.Hostile;
using CsCheck;

namespace Alpi.HotspotController.Tests.Properties;

/// <summary>
/// Hostile input for the captive portal's UAM landing query (<see cref="UamQuery.TryParse"/>, documented to never
/// throw on bad input and to name the problem and the parameter; <see cref="UamSignature.Verify"/> and
/// <see cref="SafeRedirect.TryGetUserUrl"/>, which see the same raw query first): random query strings, real
/// CoovaChilli redirects mutated, queries of extreme shape, and round trips of generated redirects. What a valid
/// query leads to (the terminal's logon URL) is built too, as the portal builds it. Fixed PCG states.
/// </summary>
[TestFixture]
public sealed class UamQueryProperties
{
    private const string Specials = "&=?%+#;/:.[]@!$'()*,- \t\r\n\u0000\u00e9\u200b\ud800\udc00\ufeff0123456789abcdefABCDEFxX";
    private const string UamSecret = "uamsecret";
    private static readonly string[] UrlBases = ["http://portal.example/", "http://portal.example"];

    private static readonly IReadOnlyList<string> Seeds =
    [
        "?res=notyet&uamip=10.1.0.1&uamport=3990&challenge=0123456789abcdef0123456789abcdef&called=AA-BB-CC-DD-EE-FF&mac=11-22-33-44-55-66&ip=10.1.0.5&nasid=mairie-1&sessionid=4f1c2a&userurl=http%3a%2f%2fexample.org%2f&md=X",
        "res=success&uamip=10.1.0.1&uamport=3990&mac=11:22:33:44:55:66&reply=Mot%20de%20passe%20incorrect&userurl=https%3A%2F%2Fwww.example.org%2Fa%3Fb%3Dc%26d",
        "res=failed&uamip=fe80::1&uamport=3990&challenge=FFEEDDCCBBAA99887766554433221100&mac=aabb.ccdd.eeff&reply=Wrong+login",
        "res=logoff&uamip=192.0.2.1&uamport=80&ssid=Cigale&vlan=12&lang=fr&loc=bibliotheque",
        Signed("res=notyet&uamip=10.1.0.1&uamport=3990&challenge=0123456789abcdef0123456789abcdef&mac=11-22-33-44-55-66&nasid=borne-1&userurl=http%3a%2f%2fexample.org%2f"),
    ];

    [Test]
    public void TryParse_RandomQueryStrings_ReturnsAQueryOrNamesTheProblem()
    {
        var pair = Gen.Select(
            Gen.OneOf("res", "uamip", "uamport", "challenge", "mac", "ip", "called", "nasid", "sessionid", "userurl", "reply", "md", "x", ""),
            Gen.Char[Specials].Array[0, 40].Select(c => new string(c)), (k, v) => $"{k}={v}");
        var gen = Gen.OneOf(
            Gen.Char[Specials].Array[0, 300].Select(c => new string(c)),
            Gen.String[0, 200],
            pair.Array[0, 16].Select(pairs => string.Join('&', pairs)));

        PropertyRun.Check(gen, state: 0x0A_0001, count: 20_000, ParsesOrNamesTheProblem, q => q);
    }

    [Test]
    public void TryParse_MutatedRealRedirects_ReturnsAQueryOrNamesTheProblem()
    {
        PropertyRun.Check(TextMutation.From(Seeds, Specials), state: 0x0A_0002, count: 30_000, ParsesOrNamesTheProblem, q => q);
    }

    [Test]
    public void TryParse_QueriesOfExtremeShape_ReturnWithoutBlowingUp()
    {
        PropertyRun.Check(Bombs.UamQuery, state: 0x0A_0003, count: 500, ParsesOrNamesTheProblem, q => $"{q.Length} characters: {q[..Math.Min(120, q.Length)]}…");
    }

    [Test]
    public void TryParse_GeneratedRedirects_GivesBackEveryValue()
    {
        var gen = Gen.Select(
            Gen.OneOf("notyet", "success", "failed", "logoff", "already"),
            Gen.Byte.Array[4].Where(b => b[0] is > 0 and < 224 && !(b[0] == 255 && b[1] == 255)).Select(b => new IPAddress(b)),
            Gen.Int[1, 65535],
            Gen.Byte.Array[16],
            Gen.Byte.Array[6],
            Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"].Array[1, 60].Select(c => new string(c)),
            Gen.Char[" éàç'\"<>&=?#%+/:;abcXYZ019"].Array[1, 200].Select(c => new string(c)),
            (res, ip, port, challenge, mac, nasid, reply) => (res, ip, port, challenge, mac, nasid, reply));

        PropertyRun.Check(gen, state: 0x0A_0004, count: 20_000, v =>
        {
            var query = $"res={v.res}&uamip={v.ip}&uamport={v.port}&challenge={Convert.ToHexStringLower(v.challenge)}&mac={Convert.ToHexString(v.mac)}"
                + $"&nasid={Uri.EscapeDataString(v.nasid)}&reply={Uri.EscapeDataString(v.reply)}&userurl={Uri.EscapeDataString("http://example.org/" + v.nasid)}";

            UamQuery.TryParse(query, out var parsed, out var parameter).Should().Be(UamQueryProblem.None, parameter);
            parsed!.UamIp.Should().Be(v.ip);
            parsed.UamPort.Should().Be(v.port);
            parsed.Challenge.Should().Equal(v.challenge);
            parsed.Mac!.Value.Value.Replace("-", "", StringComparison.Ordinal).Should().Be(Convert.ToHexString(v.mac));
            parsed.NasId.Should().Be(v.nasid);
            parsed.Reply.Should().Be(v.reply);
            parsed.UserUrl!.AbsoluteUri.Should().Be("http://example.org/" + v.nasid);
            UamSignature.Verify(Signed(query), UrlBases, UamSecret).Should().BeTrue("a query signed as CoovaChilli signs it verifies");
        }, v => v.ToString());
    }

    /// <summary>The contract of the three functions that see a landing URL's raw query, and of what a valid query is used for.</summary>
    internal static void ParsesOrNamesTheProblem(string raw)
    {
        UamSignature.Verify(raw, UrlBases, UamSecret);
        SafeRedirect.TryGetUserUrl(raw, out _);
        SafeRedirect.IsLocalPath(raw);

        var problem = UamQuery.TryParse(raw, out var query, out var parameter);
        Enum.IsDefined(problem).Should().BeTrue();
        if (problem != UamQueryProblem.None)
        {
            query.Should().BeNull();
            if (problem is UamQueryProblem.Missing or UamQueryProblem.Duplicate)
            {
                parameter.Should().NotBeNullOrEmpty("the problem names the parameter at fault");
            }

            return;
        }

        query.Should().NotBeNull();
        query!.UamPort.Should().BeInRange(1, 65535);
        query.Challenge?.Length.Should().Be(UamCrypto.ChallengeLength);
        foreach (var text in (string?[])[query.Called, query.NasId, query.SessionId, query.Reply])
        {
            (text ?? "").Length.Should().BeLessThanOrEqualTo(UamQuery.MaxTextLength);
            (text ?? "").Any(char.IsControl).Should().BeFalse("control characters are refused");
        }

        if (query.UserUrl is { } userUrl)
        {
            userUrl.Scheme.Should().BeOneOf("http", "https");
        }

        // What the portal does with it: the login form's hidden context, the terminal's /logon redirect.
        _ = query.UamIp.ToString() + query.Mac?.Value + query.ClientIp;
        var logon = SafeRedirect.BuildLogonUrl(query.UamIp, query.UamPort, "alice@example.org", new string('0', 32), query.UserUrl);
        logon.Scheme.Should().Be("http");
        logon.Port.Should().Be(query.UamPort);
    }

    private static string Signed(string query) =>
        query + "&md=" + UamCrypto.ComputeUrlSignature("http://portal.example/?" + query, UamSecret);

    // Found by TryParse_MutatedRealRedirects_ReturnsAQueryOrNamesTheProblem (CsCheck seed 1HmxzdaD1AQ7): empty segments
    // made the query a "Duplicate" of the parameter "" (the page then said: bad parameter ''). They name no parameter.
    [TestCase("res=logoff&uamip=192.0.2.1&uamport=80&ssid=Cigale&vlan=12&lang=fr&loc&&&&&&")]
    [TestCase("res=logoff&&uamip=192.0.2.1&&uamport=80&")]
    [TestCase("res=logoff&uamip=192.0.2.1&uamport=80&=x&=y")]
    public void TryParse_EmptySegments_AreIgnored(string raw)
    {
        UamQuery.TryParse(raw, out var query, out var parameter).Should().Be(UamQueryProblem.None, parameter);
        query!.Result.Should().Be(UamResult.Logoff);
    }
}
