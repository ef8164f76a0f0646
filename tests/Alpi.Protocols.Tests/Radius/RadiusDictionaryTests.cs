using Alpi.Protocols.Radius;

namespace Alpi.Protocols.Tests.Radius;

public class RadiusDictionaryTests
{
    // Numbers and types checked against FreeRADIUS 3.2.1 /usr/share/freeradius/dictionary.*.
    // RFC 2865 §5.1.
    [TestCase(0u, 1, "User-Name", RadiusValueType.Text)]
    // RFC 2865 §5.3.
    [TestCase(0u, 3, "CHAP-Password", RadiusValueType.Octets)]
    // RFC 2865 §5.4.
    [TestCase(0u, 4, "NAS-IP-Address", RadiusValueType.IPv4Address)]
    // RFC 2865 §5.26.
    [TestCase(0u, 26, "Vendor-Specific", RadiusValueType.VendorSpecific)]
    // RFC 2866 §5.1.
    [TestCase(0u, 40, "Acct-Status-Type", RadiusValueType.Integer)]
    // RFC 2869 §5.1.
    [TestCase(0u, 52, "Acct-Input-Gigawords", RadiusValueType.Integer)]
    // RFC 2869 §5.3.
    [TestCase(0u, 55, "Event-Timestamp", RadiusValueType.Date)]
    // RFC 3579 §3.1.
    [TestCase(0u, 79, "EAP-Message", RadiusValueType.Octets)]
    // RFC 3579 §3.2.
    [TestCase(0u, 80, "Message-Authenticator", RadiusValueType.Octets)]
    // RFC 2869 §5.16.
    [TestCase(0u, 85, "Acct-Interim-Interval", RadiusValueType.Integer)]
    // RFC 5176 §3.5.
    [TestCase(0u, 101, "Error-Cause", RadiusValueType.Integer)]
    // WISPr, first and last.
    [TestCase(14122u, 1, "WISPr-Location-ID", RadiusValueType.Text)]
    [TestCase(14122u, 8, "WISPr-Bandwidth-Max-Down", RadiusValueType.Integer)]
    [TestCase(14122u, 11, "WISPr-Billing-Class-Of-Service", RadiusValueType.Text)]
    // ChilliSpot octet quotas.
    [TestCase(14559u, 1, "ChilliSpot-Max-Input-Octets", RadiusValueType.Integer)]
    [TestCase(14559u, 9, "ChilliSpot-OriginalURL", RadiusValueType.Text)]
    // ChilliSpot-UAM-Allowed, -MAC-Allowed and -Interval are 100, 101 and 102 in FreeRADIUS, not 10, 11, 12.
    [TestCase(14559u, 100, "ChilliSpot-UAM-Allowed", RadiusValueType.Text)]
    [TestCase(14559u, 101, "ChilliSpot-MAC-Allowed", RadiusValueType.Text)]
    [TestCase(14559u, 102, "ChilliSpot-Interval", RadiusValueType.Integer)]
    public void TryGet_KnownAttribute_ByNumberAndByName(uint vendorId, int type, string name, RadiusValueType valueType)
    {
        var expected = new RadiusAttributeDefinition(name, vendorId, (byte)type, valueType);

        RadiusDictionary.TryGet(vendorId, (byte)type, out var byNumber).Should().BeTrue();
        RadiusDictionary.TryGet(name.ToUpperInvariant(), out var byName).Should().BeTrue();

        byNumber.Should().Be(expected);
        byName.Should().Be(expected);
    }

    [Test]
    public void All_HasEveryWisprAndChilliSpotAttribute()
    {
        RadiusDictionary.All.Count(d => d.VendorId == RadiusDictionary.WisprVendorId).Should().Be(11);
        RadiusDictionary.All.Count(d => d.VendorId == RadiusDictionary.ChilliSpotVendorId).Should().Be(12);
    }

    [Test]
    public void Describe_DecodedVendorAttribute_ReturnsItsDefinition()
    {
        var attribute = RadiusAttribute.VendorUInt32(14122, 7, 512_000);

        RadiusDictionary.Describe(attribute)!.Name.Should().Be("WISPr-Bandwidth-Max-Up");
        RadiusDictionary.Describe(RadiusAttribute.Create(250, [1]))
            .Should().BeNull();
    }
}
