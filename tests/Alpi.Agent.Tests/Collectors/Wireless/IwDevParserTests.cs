using Alpi.Agent.Collectors.Wireless;

namespace Alpi.Agent.Tests.Collectors.Wireless;

public class IwDevParserTests
{
    [Test]
    public void Parse_OpenWrtFixture_ListsTheNamedInterfacesWithTheirRadio()
    {
        var text = File.ReadAllText(Path.Join(TestContext.CurrentContext.TestDirectory, "Fixtures", "wifi-openwrt-iw6", "commands", "iw-dev.txt"));
        var problems = new List<string>();

        var interfaces = IwDevParser.Parse(text, "iw dev", problems);

        problems.Should().BeEmpty();
        interfaces.Should().Equal(
            new IwInterface("wlan2", 2, "Mairie-Interne", "managed", 11, 2462, 20, 20.0),
            new IwInterface("wlan1-1", 1, "Médiathèque", "AP", 36, 5180, 80, 23.0),
            new IwInterface("wlan1", 1, "Cigale", "AP", 36, 5180, 80, 23.0),
            new IwInterface("mon0", 0, null, "monitor", 6, 2437, 20, 20.0),
            new IwInterface("wlan0", 0, "Cigale", "AP", 6, 2437, 20, 20.0));
    }

    [TestCase("channel 6 (2437 MHz) HT40+", 6, 2437, 40, TestName = "Parse_OldChannelTypeHt40_IsWidth40")] // iw before 3.x
    [TestCase("channel 1 (2412 MHz) NO HT", 1, 2412, 20, TestName = "Parse_OldChannelTypeNoHt_IsWidth20")]
    [TestCase("channel 11 (2462 MHz), width: 20 MHz (no HT), center1: 2462 MHz", 11, 2462, 20, TestName = "Parse_WidthNoHt_IsWidth20")]
    [TestCase("channel 37 (6135 MHz), width: 160 MHz, center1: 6185 MHz", 37, 6135, 160, TestName = "Parse_SixGigahertzChannel_IsRead")]
    [TestCase("channel 149 (5745 MHz)", 149, 5745, null, TestName = "Parse_ChannelWithoutWidth_LeavesWidthNull")]
    public void Parse_ChannelLine_ReadsChannelFrequencyAndWidth(string line, int channel, int frequency, int? width)
    {
        var radio = IwDevParser.Parse($"phy#0\n\tInterface wlan0\n\t\ttype AP\n\t\t{line}\n", "t", new List<string>()).Single();

        (radio.Channel, radio.FrequencyMhz, radio.ChannelWidthMhz).Should().Be((channel, frequency, width));
    }

    [Test]
    public void Parse_UnnamedP2pDevice_IsLeftOutAndDoesNotTakeTheNextLines()
    {
        var text = "phy#0\n\tUnnamed/non-netdev interface\n\t\twdev 0x2\n\t\ttype P2P-device\n\tInterface wlan0\n\t\ttype managed\n";

        IwDevParser.Parse(text, "t", new List<string>()).Select(i => (i.Name, i.Type)).Should().Equal(("wlan0", "managed"));
    }

    [Test]
    public void Parse_UnreadableChannel_IsReportedAndTheInterfaceKept()
    {
        var problems = new List<string>();

        var radio = IwDevParser.Parse("phy#0\n\tInterface wlan0\n\t\tchannel six\n\t\tssid Cigale\n", "iw dev", problems).Single();

        problems.Should().Equal("iw dev, line 3: \"channel six\" is not \"channel N (F MHz)…\"");
        radio.Ssid.Should().Be("Cigale");
    }
}
