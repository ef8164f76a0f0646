using Alpi.HotspotController.Authentication;

namespace Alpi.HotspotController.Tests.Authentication;

public class CalledStationIdTests
{
    [TestCase("AA-BB-CC-DD-EE-FF:Cigale", "AA-BB-CC-DD-EE-FF", "Cigale")] // RFC 3580 §3.20, CoovaChilli, hostapd
    [TestCase("aa:bb:cc:dd:ee:ff:Cigale Wi-Fi", "AA-BB-CC-DD-EE-FF", "Cigale Wi-Fi")] // colon-separated BSSID (OpenWrt uspot)
    [TestCase("aabbccddeeff;Cigale", "AA-BB-CC-DD-EE-FF", "Cigale")] // bare hex, semicolon
    [TestCase("aabb.ccdd.eeff Cigale", "AA-BB-CC-DD-EE-FF", "Cigale")] // Cisco dots, space
    [TestCase("AA-BB-CC-DD-EE-FF-Cigale", "AA-BB-CC-DD-EE-FF", "Cigale")] // hyphen as delimiter
    [TestCase("AA-BB-CC-DD-EE-FF", "AA-BB-CC-DD-EE-FF", null)] // bare BSSID
    [TestCase("AA-BB-CC-DD-EE-FF:", "AA-BB-CC-DD-EE-FF", null)] // empty SSID
    [TestCase("Cigale", null, "Cigale")] // bare name (some controllers send the SSID only)
    [TestCase("Mairie:Cigale", null, "Mairie:Cigale")] // no BSSID: kept whole
    [TestCase("AA-BB-CC-DD-EE-FFF:x", null, "AA-BB-CC-DD-EE-FFF:x")] // not a MAC: kept whole
    [TestCase("  AA-BB-CC-DD-EE-FF : Cigale  ", "AA-BB-CC-DD-EE-FF", "Cigale")] // white space
    [TestCase("", null, null)]
    [TestCase(null, null, null)]
    public void Parse_ReadsTheBssidAndTheSsid_WithoutFailing(string? value, string? bssid, string? ssid)
    {
        var parsed = CalledStationId.Parse(value);

        parsed.Bssid?.Value.Should().Be(bssid);
        (parsed.Bssid is null).Should().Be(bssid is null);
        parsed.Ssid.Should().Be(ssid);
    }
}
