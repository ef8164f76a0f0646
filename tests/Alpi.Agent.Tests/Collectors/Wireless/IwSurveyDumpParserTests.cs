using Alpi.Agent.Collectors.Wireless;

namespace Alpi.Agent.Tests.Collectors.Wireless;

public class IwSurveyDumpParserTests
{
    [Test]
    public void Parse_SeveralChannels_MarksTheOneInUse()
    {
        var text = "Survey data from wlan0\n\tfrequency:\t\t\t2412 MHz\n\tnoise:\t\t\t\t-94 dBm\n" +
                   "Survey data from wlan0\n\tfrequency:\t\t\t2437 MHz [in use]\n\tnoise:\t\t\t\t-92 dBm\n\tchannel active time:\t\t7201234 ms\n" +
                   "\tchannel busy time:\t\t2160370 ms\n\textension channel busy time:\t12 ms\n\tchannel receive time:\t\t1512259 ms\n\tchannel transmit time:\t\t360062 ms\n";

        var entries = IwSurveyDumpParser.Parse(text, "t", new List<string>());

        entries.Select(e => (e.FrequencyMhz, e.InUse)).Should().Equal((2412, false), (2437, true));
        var used = entries[1];
        (used.Interface, used.NoiseDbm, used.ActiveMs, used.BusyMs, used.ExtensionBusyMs, used.ReceiveMs, used.TransmitMs)
            .Should().Be(("wlan0", -92, 7201234UL, 2160370UL, 12UL, 1512259UL, 360062UL));
    }

    [Test]
    public void Parse_OldIwWithOneTabAfterTheKey_IsReadTheSame()
    {
        // iw 3.x: "\tfrequency:\t%u MHz%s\n", "\tnoise:\t\t%d dBm\n".
        var entry = IwSurveyDumpParser.Parse("Survey data from wlan0\n\tfrequency:\t2437 MHz [in use]\n\tnoise:\t\t-92 dBm\n", "t", new List<string>()).Single();

        (entry.FrequencyMhz, entry.InUse, entry.NoiseDbm).Should().Be((2437, true, -92));
    }

    [Test]
    public void Parse_DriverWithoutNoiseNorTimes_LeavesThemNull()
    {
        var entry = IwSurveyDumpParser.Parse("Survey data from wlan1\n\tfrequency:\t\t\t5180 MHz [in use]\n", "t", new List<string>()).Single();

        (entry.NoiseDbm, entry.ActiveMs, entry.BusyMs).Should().Be((null, null, null));
    }

    [Test]
    public void Parse_UnreadableTime_IsReportedAndTheRestKept()
    {
        var problems = new List<string>();

        var entry = IwSurveyDumpParser.Parse("Survey data from wlan0\n\tfrequency:\t\t\t2437 MHz [in use]\n\tchannel busy time:\t\tlots ms\n\tnoise:\t\t\t\t-92 dBm\n", "src", problems).Single();

        problems.Should().Equal("src, line 3: \"channel busy time\" value \"lots ms\" is not milliseconds");
        entry.NoiseDbm.Should().Be(-92);
    }
}
