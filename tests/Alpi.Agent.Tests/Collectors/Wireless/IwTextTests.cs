using Alpi.Agent.Collectors.Wireless;

namespace Alpi.Agent.Tests.Collectors.Wireless;

public class IwTextTests
{
    // print_ssid_escaped (iw util.c) writes \xNN for non-printable bytes, '\' and a leading or trailing space.
    [TestCase("Cigale", "Cigale", TestName = "UnescapeSsid_PlainAscii_IsUnchanged")]
    [TestCase("Cigale Wi-Fi gratuit", "Cigale Wi-Fi gratuit", TestName = "UnescapeSsid_InnerSpaces_AreKept")]
    [TestCase(@"M\xc3\xa9diath\xc3\xa8que", "Médiathèque", TestName = "UnescapeSsid_Utf8Bytes_AreDecoded")]
    [TestCase(@"\x20Mairie\x20", " Mairie ", TestName = "UnescapeSsid_LeadingAndTrailingSpaces_AreDecoded")]
    [TestCase(@"a\x5cb", @"a\b", TestName = "UnescapeSsid_EscapedBackslash_IsDecoded")]
    [TestCase(@"ends\x4", @"ends\x4", TestName = "UnescapeSsid_TruncatedEscape_IsKeptAsText")]
    public void UnescapeSsid_IwEscapes_AreUndone(string escaped, string expected)
    {
        IwText.UnescapeSsid(escaped).Should().Be(expected);
    }

    [TestCase(2412, "2.4GHz")]
    [TestCase(2484, "2.4GHz")]
    [TestCase(5180, "5GHz")]
    [TestCase(5935, "6GHz")]
    [TestCase(6135, "6GHz")]
    [TestCase(58320, "60GHz")]
    [TestCase(900, null)]
    public void Band_Frequency_IsNamed(int mhz, string? band)
    {
        IwText.Band(mhz).Should().Be(band);
    }
}
