using Alpi.Agent.Collectors.Wireless;

namespace Alpi.Agent.Tests.Collectors.Wireless;

public class ProcNetWirelessTests
{
    private const string Header =
        "Inter-| sta-|   Quality        |   Discarded packets               | Missed | WE\n" +
        " face | tus | link level noise |  nwid  crypt   frag  retry   misc | beacon | 22\n";

    [Test]
    public void Parse_CfgLine_KeepsUpdatedQualityAndDropsTheRest()
    {
        // cfg80211 marks link and level updated ('.') but not noise, printed -256.
        var entry = ProcNetWireless.Parse(Header + " wlan2: 0000   52.  -58.  -256        0      0      0     12      0        3\n", "/p").Single();

        entry.Should().Be(new ProcNetWirelessEntry("wlan2", 0, 52, -58, null, 0, 0, 0, 12, 0, 3));
    }

    [Test]
    public void Parse_HexStatusAndAllUpdated_AreRead()
    {
        var entry = ProcNetWireless.Parse(Header + "  eth1: 001a  100.  -40.  -95.       1      2      3      4      5        6\n", "/p").Single();

        entry.Should().Be(new ProcNetWirelessEntry("eth1", 0x1a, 100, -40, -95, 1, 2, 3, 4, 5, 6));
    }

    [Test]
    public void Parse_HeaderOnly_IsEmpty()
    {
        ProcNetWireless.Parse(Header, "/p").Should().BeEmpty();
    }

    [TestCase(" wlan0 0000 1. 2. 3. 0 0 0 0 0 0\n", "/p, line 3: no \"interface:\"*", TestName = "Parse_LineWithoutColon_ThrowsNamingTheLine")]
    [TestCase(" wlan0: zz 1. 2. 3. 0 0 0 0 0 0\n", "/p, line 3: status \"zz\" is not hexadecimal.", TestName = "Parse_BadStatus_ThrowsNamingTheLine")]
    [TestCase(" wlan0: 0000 x. 2. 3. 0 0 0 0 0 0\n", "/p, line 3: \"x.\" is not a quality figure.", TestName = "Parse_BadQuality_ThrowsNamingTheLine")]
    [TestCase(" wlan0: 0000 1. 2. 3. 0 0 0 0 0 many\n", "/p, line 3: \"many\" is not a packet count.", TestName = "Parse_BadCount_ThrowsNamingTheLine")]
    public void Parse_MalformedLine_Throws(string line, string message)
    {
        var act = () => ProcNetWireless.Parse(Header + line, "/p");

        act.Should().Throw<InvalidDataException>().WithMessage(message);
    }
}
