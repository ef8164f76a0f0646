using Alpi.HotspotController.Devices;

namespace Alpi.HotspotController.Tests.Devices;

public class MacAddressTests
{
    [TestCase("aabbccddeeff")]
    [TestCase("AABBCCDDEEFF")]
    [TestCase("AA-BB-CC-DD-EE-FF")]
    [TestCase("aa-bb-cc-dd-ee-ff")]
    [TestCase("aa:bb:cc:dd:ee:ff")]
    [TestCase("AA:bb:CC:dd:EE:ff")]
    [TestCase("aabb.ccdd.eeff")]
    [TestCase("AABB.CCDD.EEFF")]
    [TestCase("aabb-ccdd-eeff")]
    [TestCase("  aa:bb:cc:dd:ee:ff ")]
    public void Every_usual_spelling_normalises_to_the_RFC_3580_form(string text)
    {
        MacAddress.TryParse(text, out var mac).Should().BeTrue();
        mac!.Value.Value.Should().Be("AA-BB-CC-DD-EE-FF");
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("aabbccddee")]
    [TestCase("aabbccddeeff00")]
    [TestCase("aa:bb:cc:dd:ee")]
    [TestCase("aa:bb:cc:dd:ee:ff:00")]
    [TestCase("aa:bb-cc:dd:ee:ff")]
    [TestCase("aabb.ccdd.eef")]
    [TestCase("aab.bccd.deeff")]
    [TestCase("a:abb:cc:dd:ee:ff")]
    [TestCase("gg:bb:cc:dd:ee:ff")]
    [TestCase("aa::bb:cc:dd:ee:ff")]
    [TestCase("alice@example.org")]
    [TestCase(":aa:bb:cc:dd:ee:ff")]
    [TestCase("aa:bb:cc:dd:ee:ff:")]
    public void Anything_else_is_not_a_MAC(string? text)
    {
        MacAddress.TryParse(text, out var mac).Should().BeFalse();
        mac.Should().BeNull();
    }

    [Test]
    public void Parse_names_the_bad_text()
    {
        var act = () => MacAddress.Parse("nope");
        act.Should().Throw<FormatException>().WithMessage("*'nope'*");
    }
}
