using Alpi.Agent.Collectors.Wireless;

namespace Alpi.Agent.Tests.Collectors.Wireless;

public class IwStationDumpParserTests
{
    // parse_bitrate (iw station.c): "%d.%d MBit/s" then the MCS details, which differ per PHY generation.
    [TestCase("6.0 MBit/s", 6.0, TestName = "Parse_LegacyRate_IsRead")] // 802.11a/g, no MCS
    [TestCase("72.2 MBit/s MCS 7 short GI", 72.2, TestName = "Parse_HtRate_IsRead")] // 802.11n
    [TestCase("866.7 MBit/s VHT-MCS 9 80MHz short GI VHT-NSS 2", 866.7, TestName = "Parse_VhtRate_IsRead")] // 802.11ac
    [TestCase("1200.9 MBit/s 80MHz HE-MCS 11 HE-NSS 2 HE-GI 0 HE-DCM 0", 1200.9, TestName = "Parse_HeRate_IsRead")] // 802.11ax
    [TestCase("2882.4 MBit/s 160MHz EHT-MCS 13 EHT-NSS 2 EHT-GI 0", 2882.4, TestName = "Parse_EhtRate_IsRead")] // 802.11be, iw 6.x
    public void Parse_TxBitrate_ReadsTheRateWhateverTheSuffix(string value, double expected)
    {
        var problems = new List<string>();

        var station = IwStationDumpParser.Parse($"Station 02:00:00:00:00:01 (on wlan0)\n\ttx bitrate:\t{value}\n", "t", problems).Single();

        station.TxBitrateMbps.Should().Be(expected);
        problems.Should().BeEmpty();
    }

    [Test]
    public void Parse_UnknownRate_IsNullWithoutAProblem()
    {
        // A station that has not sent a data frame yet: the driver reports a zero rate, iw prints "(unknown)".
        var problems = new List<string>();

        var station = IwStationDumpParser.Parse("Station 02:00:00:00:00:01 (on wlan0)\n\ttx bitrate:\t(unknown)\n", "t", problems).Single();

        station.TxBitrateMbps.Should().BeNull();
        problems.Should().BeEmpty();
    }

    [TestCase("-54 [-56, -58] dBm", -54, TestName = "Parse_SignalWithChains_ReadsTheCombinedValue")]
    [TestCase("-65 dBm", -65, TestName = "Parse_SignalWithoutChains_IsRead")]
    [TestCase("-71 [-71] dBm", -71, TestName = "Parse_SignalWithOneChain_IsRead")]
    public void Parse_Signal_ReadsTheFirstNumber(string value, int expected)
    {
        var station = IwStationDumpParser.Parse($"Station 02:00:00:00:00:01 (on wlan0)\n\tsignal:  \t{value}\n", "t", new List<string>()).Single();

        station.SignalDbm.Should().Be(expected);
    }

    [Test]
    public void Parse_SeveralStations_KeepsEachOnesValuesAndLeavesAbsentOnesNull()
    {
        var text = "Station A2:4C:3F:10:20:31 (on wlan0)\n\tinactive time:\t310 ms\n\trx bytes:\t18273645\n\tauthorized:\tyes\n\tconnected time:\t2874 seconds\n\tcurrent time:\t1795982400123 ms\n\n" +
                   "Station b6:01:9a:44:55:66 (on wlan0)\n\tassociated:\tno\n";

        var stations = IwStationDumpParser.Parse(text, "t", new List<string>());

        stations.Should().HaveCount(2);
        stations[0].Mac.Should().Be("a2:4c:3f:10:20:31");
        stations[0].Interface.Should().Be("wlan0");
        stations[0].InactiveMs.Should().Be(310);
        stations[0].RxBytes.Should().Be(18273645UL);
        stations[0].Authorized.Should().BeTrue();
        stations[0].ConnectedSeconds.Should().Be(2874);
        stations[0].SignalDbm.Should().BeNull();
        stations[1].Associated.Should().BeFalse();
        stations[1].InactiveMs.Should().BeNull();
    }

    [Test]
    public void Parse_SignalAvg_IsPreferredAsTheStationsSignal()
    {
        var station = IwStationDumpParser.Parse("Station 02:00:00:00:00:01 (on wlan0)\n\tsignal:  \t-48 dBm\n\tsignal avg:\t-47 dBm\n\tbeacon signal avg:\t-40 dBm\n", "t", new List<string>()).Single();

        station.Signal.Should().Be(-47);
    }

    [Test]
    public void Parse_MultiLinkStation_TakesTheFirstLinksFiguresWhenTheStationHasNone()
    {
        // iw 6.x, Wi-Fi 7 MLO: per-link blocks two tabs deep after "Link N:".
        var text = "Station 02:00:00:00:00:01 (on wlan0)\n\tauthorized:\tyes\n\trx bytes:\t100\n\tcurrent time:\t1 ms\n" +
                   "\n\tLink 0:\n\t\taddress: 02:00:00:00:00:11\n\t\tsignal:  \t-52 [-54, -55] dBm\n\t\ttx bitrate:\t2882.4 MBit/s 160MHz EHT-MCS 13 EHT-NSS 2 EHT-GI 0\n" +
                   "\n\tLink 1:\n\t\taddress: 02:00:00:00:00:12\n\t\tsignal:  \t-70 dBm\n\n";

        var station = IwStationDumpParser.Parse(text, "t", new List<string>()).Single();

        station.SignalDbm.Should().Be(-52);
        station.TxBitrateMbps.Should().Be(2882.4);
        station.RxBytes.Should().Be(100UL);
    }

    [Test]
    public void Parse_TwoTabBeaconRxOfIw6_IsIgnored()
    {
        // iw 6.x prints "\n\t\tbeacon rx:" two tabs deep for a managed interface's AP even without MLO.
        var problems = new List<string>();

        var station = IwStationDumpParser.Parse("Station 02:00:00:00:00:01 (on wlan2)\n\tbeacon loss:\t2\n\t\tbeacon rx:\t853210\n\tsignal:  \t-58 dBm\n", "t", problems).Single();

        station.SignalDbm.Should().Be(-58);
        problems.Should().BeEmpty();
    }

    [TestCase("\trx bytes:\t-12\n", "src, line 2: \"rx bytes\" value \"-12\" is not an unsigned integer", TestName = "Parse_NegativeByteCount_IsAProblem")]
    [TestCase("\tauthorized:\tmaybe\n", "src, line 2: \"authorized\" value \"maybe\" is not yes or no", TestName = "Parse_FlagNeitherYesNorNo_IsAProblem")]
    [TestCase("\ttx bitrate:\tfast\n", "src, line 2: \"tx bitrate\" value \"fast\" is not a rate in MBit/s", TestName = "Parse_RateWithoutUnit_IsAProblem")]
    public void Parse_UnreadableValue_IsReportedAndTheRestKept(string line, string problem)
    {
        var problems = new List<string>();

        var station = IwStationDumpParser.Parse("Station 02:00:00:00:00:01 (on wlan0)\n" + line + "\tinactive time:\t5 ms\n", "src", problems).Single();

        problems.Should().Equal(problem);
        station.InactiveMs.Should().Be(5);
    }

    [Test]
    public void Parse_EmptyOutput_IsNoStation()
    {
        IwStationDumpParser.Parse("", "t", new List<string>()).Should().BeEmpty();
    }
}
