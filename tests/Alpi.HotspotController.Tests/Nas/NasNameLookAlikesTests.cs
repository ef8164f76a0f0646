using Alpi.HotspotController.Nas;

namespace Alpi.HotspotController.Tests.Nas;

public class NasNameLookAlikesTests
{
    // Each case: a new name written in one script (or a UTS #39 augmented set), beside borne-1.
    [TestCase("borne-2")]
    [TestCase("médiathèque-1")] // accented Latin letters are Latin
    [TestCase("Ελλάδα-1")] // Greek alone
    [TestCase("библиотека-1")] // Cyrillic alone
    [TestCase("東京タワー-1")] // Han with Katakana: Japanese (UTS #39 §5.1 augmented set)
    [TestCase("서울도서관")] // Hangul
    [TestCase("2024")] // digits are of no script
    public void Find_OfANameInOneScript_IsNull(string name)
    {
        NasNameLookAlikes.Find(name, ["borne-1"]).Should().BeNull();
    }

    [Test]
    public void Find_OfANameWithACyrillicLetterBesideItsLatinLookAlike_NamesTheCodePointAndTheExistingName()
    {
        // A new user's check: "bornе-1" (Cyrillic е, U+0435) was accepted beside borne-1.
        var problem = NasNameLookAlikes.Find("bornе-1", ["mediatheque", "borne-1"]);

        problem.Should().NotBeNull();
        problem!.LookAlike.Should().Be("borne-1");
        problem.Error.Should().StartWith("name: 'е' (U+0435) is a Cyrillic letter among Latin letters")
            .And.Contain("reads as the existing terminal borne-1");
    }

    [Test]
    public void Find_OfAMixedScriptNameWithoutALookAlike_NamesTheCodePoint_AndNoLookAlike()
    {
        var problem = NasNameLookAlikes.Find("bοrne-9", ["borne-1"]); // Greek omicron

        problem!.LookAlike.Should().BeNull();
        problem.Error.Should().Contain("'ο' (U+03BF) is a Greek letter among Latin letters");
    }

    [Test]
    public void Find_OfANameDifferingOnlyByCase_NamesTheExistingName()
    {
        var problem = NasNameLookAlikes.Find("BORNE-1", ["borne-1"]);

        problem!.LookAlike.Should().Be("borne-1");
        problem.Error.Should().Contain("only by case");
    }
}
