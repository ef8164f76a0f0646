using Alpi.HotspotController.Admin;

namespace Alpi.HotspotController.Tests.Admin;

public class HotspotAdministrationTests
{
    // Each case: a terminal's name that reads as what it is.
    [TestCase("mediatheque-1")]
    [TestCase("médiathèque-1")] // accented letters, composed
    [TestCase("borne_2.annexe")]
    [TestCase("2-borne")] // starts with a digit
    public void NasNameError_OfAnOrdinaryName_IsNull(string name)
    {
        HotspotAdministration.NasNameError(name).Should().BeNull();
    }

    // Each case: a name that looks like another one, and what the refusal names.
    [TestCase("ｂorne-1", "'ｂ' (U+FF42) is a halfwidth or fullwidth form; type the ordinary character ('b')")] // a new user's check
    [TestCase("borne－1", "(U+FF0D) is a halfwidth or fullwidth form; type the ordinary character ('-')")] // fullwidth hyphen-minus
    [TestCase("borne-１", "(U+FF11) is a halfwidth or fullwidth form; type the ordinary character ('1')")] // fullwidth digit
    [TestCase("ﾎﾞﾙﾈ", "(U+FF8E) is a halfwidth or fullwidth form; type the ordinary character")] // halfwidth katakana: no ASCII form
    [TestCase("borne-٣", "'٣' (U+0663) is a digit of another script; a terminal's name takes the digits 0 to 9")] // Arabic-Indic three
    [TestCase("३-borne", "(U+0969) is a digit of another script")] // Devanagari three, first
    public void NasNameError_OfALookAlike_NamesTheCharacterAndWhatToType(string name, string named)
    {
        HotspotAdministration.NasNameError(name).Should().StartWith("name: ").And.Contain(named);
    }
}
