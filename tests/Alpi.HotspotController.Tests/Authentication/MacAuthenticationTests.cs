using System.Text;
using Alpi.HotspotController.Authentication;
using Alpi.HotspotController.Devices;
using Alpi.Protocols.Radius;

namespace Alpi.HotspotController.Tests.Authentication;

public class MacAuthenticationTests
{
    private static readonly MacAddress Mac = MacAddress.Parse("02-00-00-00-00-01");

    [TestCase("02-00-00-00-00-01", null, null, "", true)] // CoovaChilli macauth
    [TestCase("020000000001", null, null, "", true)]
    [TestCase("02-00-00-00-00-01@mac", null, null, "@mac", true)] // CoovaChilli macsuffix
    [TestCase("02-00-00-00-00-01@mac", null, null, "", false)] // suffix not configured: a login, not a MAC
    [TestCase(null, "02-00-00-00-00-01", null, "", true)] // no User-Name: the Calling-Station-Id
    [TestCase("host/laptop", "02-00-00-00-00-01", 10u, "", true)] // Service-Type Call-Check (RFC 3580 §3.21)
    [TestCase("alice@example.org", "02-00-00-00-00-01", null, "", false)] // an account login from that device
    [TestCase("alice@example.org", null, null, "", false)]
    public void TryGetDevice_RecognisesMacAuthentication(string? userName, string? calling, uint? serviceType, string suffix, bool expected)
    {
        var credentials = new AccessRequestCredentials
        {
            UserName = userName,
            CallingStationMac = calling is null ? null : MacAddress.Parse(calling),
            ServiceType = serviceType,
        };

        MacAuthentication.TryGetDevice(credentials, suffix, out var mac).Should().Be(expected);
        if (expected)
        {
            mac.Should().Be(Mac);
        }
    }

    [TestCase("02-00-00-00-00-01", true)] // CoovaChilli macauth: the client's MAC in both
    [TestCase("02:00:00:00:00:01", true)] // the same MAC spelt otherwise
    [TestCase(null, true)] // no Calling-Station-Id MAC (absent, or not a MAC): nothing to compare, the User-Name is trusted
    [TestCase("02-00-00-00-00-99", false)] // another device named in User-Name: would log on as its owner
    public void IsCallingStation_RefusesAUserNameMacThatIsNotTheCaller(string? calling, bool expected)
    {
        var credentials = new AccessRequestCredentials { UserName = Mac.Value, CallingStationMac = calling is null ? null : MacAddress.Parse(calling) };

        MacAuthentication.IsCallingStation(credentials, Mac).Should().Be(expected);
    }

    [TestCase("02-00-00-00-00-01", "02-00-00-00-00-01", "", true)] // the User-Name as sent (CoovaChilli default)
    [TestCase("02-00-00-00-00-01@mac", "02-00-00-00-00-01@mac", "", true)] // with its suffix
    [TestCase("02-00-00-00-00-01", "02:00:00:00:00:01", "", true)] // the same MAC spelt otherwise (hostapd)
    [TestCase("02-00-00-00-00-01", "", "", true)] // empty password
    [TestCase("02-00-00-00-00-01", null, "", true)] // no password at all
    [TestCase("02-00-00-00-00-01", "02-00-00-00-00-02", "", false)] // another MAC
    [TestCase("02-00-00-00-00-01", "hunter22", "", false)]
    [TestCase("02-00-00-00-00-01", "s3cret-macpass", "s3cret-macpass", true)] // CoovaChilli macpasswd
    [TestCase("02-00-00-00-00-01", "02-00-00-00-00-01", "s3cret-macpass", false)] // configured: only it
    [TestCase("02-00-00-00-00-01", "", "s3cret-macpass", false)]
    public void IsPasswordAccepted_Pap(string userName, string? password, string macPassword, bool expected)
    {
        var credentials = new AccessRequestCredentials { UserName = userName, Password = password is null ? null : Encoding.UTF8.GetBytes(password) };

        MacAuthentication.IsPasswordAccepted(credentials, Mac, macPassword).Should().Be(expected);
    }

    [TestCase("02-00-00-00-00-01", "", true)]
    [TestCase("", "", true)]
    [TestCase("wrong", "", false)]
    [TestCase("s3cret-macpass", "s3cret-macpass", true)]
    [TestCase("02-00-00-00-00-01", "s3cret-macpass", false)]
    public void IsPasswordAccepted_Chap(string chapSecret, string macPassword, bool expected)
    {
        var challenge = new byte[16];
        var response = new byte[17];
        response[0] = 7;
        RadiusCrypto.ComputeChapResponse(7, Encoding.UTF8.GetBytes(chapSecret), challenge, response.AsSpan(1));
        var credentials = new AccessRequestCredentials { UserName = "02-00-00-00-00-01", ChapPassword = response, ChapChallenge = challenge };

        MacAuthentication.IsPasswordAccepted(credentials, Mac, macPassword).Should().Be(expected);
    }
}
