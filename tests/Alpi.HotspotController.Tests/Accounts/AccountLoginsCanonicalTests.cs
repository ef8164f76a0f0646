using System.Text;
using Alpi.HotspotController.Accounts;

namespace Alpi.HotspotController.Tests.Accounts;

/// <summary><see cref="AccountLogins.Canonical"/>: the PRECIS UsernameCaseMapped mappings (RFC 8265 §3.3.2).</summary>
public class AccountLoginsCanonicalTests
{
    // Each case: a spelling a phone, a keyboard or a paste produces, and the canonical form every spelling shares.
    [TestCase("jose\u0301@example.org", "jos\u00E9@example.org")] // NFD, as macOS and some keyboards produce: NFC
    [TestCase("JOS\u00C9@example.org", "jos\u00E9@example.org")] // É → é (SQLite's NOCASE folded ASCII only)
    [TestCase("JOSE\u0301@EXAMPLE.ORG", "jos\u00E9@example.org")] // case mapped, then composed
    [TestCase("\uFF4Aos\u00E9@example.org", "jos\u00E9@example.org")] // fullwidth ｊ from a Japanese input method
    [TestCase("\uFF21\uFF2C\uFF29\uFF23\uFF25\uFF20\uFF25\uFF38\uFF21\uFF2D\uFF30\uFF2C\uFF25\uFF0E\uFF2F\uFF32\uFF27", "alice@example.org")] // all fullwidth, @ and . too
    [TestCase("  Alice@Example.org\n", "alice@example.org")] // trimmed, ASCII lower-cased
    [TestCase("\uFF76\uFF9E", "\u30AC")] // halfwidth ｶ + halfwidth voiced mark: カ + U+3099, then NFC ガ
    [TestCase("\uFFA1", "\u3131")] // halfwidth Hangul ㄱ: its <narrow> decomposition, not NFKC's conjoining jamo U+1100
    [TestCase("\uFFE3", "\u00AF")] // fullwidth macron: ¯, not NFKC's space + combining macron
    [TestCase("\u0130stanbul", "i\u0307stanbul")] // İ: toLowerCase is i + combining dot above (SpecialCasing.txt), not i
    [TestCase("\u03A3\u039F\u03A6\u0399\u0391\u03A3", "\u03C3\u03BF\u03C6\u03B9\u03B1\u03C3")] // no context rule: final Σ → σ, not ς
    [TestCase("stra\u00DFe", "stra\u00DFe")] // ß is lower case already and not ss (PostgreSQL's nocase took it for ss)
    [TestCase("\u212Bngstr\u00F6m", "\u00E5ngstr\u00F6m")] // Kelvin-like singleton: the Angstrom sign is Å under NFC, then å
    public void Canonical_MapsWidthCaseAndNormalisation(string login, string canonical)
    {
        AccountLogins.Canonical(login).Should().Be(canonical);
        AccountLogins.Canonical(canonical).Should().Be(canonical, "the canonical form is its own");
        AccountLogins.Same(login, canonical).Should().BeTrue();
    }

    [Test]
    public void Canonical_OfALoneSurrogate_OnlyTrims()
    {
        var login = " A" + (char)0xD800 + "b ";

        AccountLogins.Canonical(login).Should().Be("A" + (char)0xD800 + "b", "not text: left for AccountLogins.Error to refuse");
    }

    [Test]
    public void WidthMapped_IsTheOneStepDecomposition_OfEveryFullwidthAndHalfwidthForm()
    {
        // The block's own arithmetic for fullwidth ASCII, and the characters that are not width forms left alone.
        for (var c = 0xFF01; c <= 0xFF5E; c++)
        {
            AccountLogins.WidthMapped(new Rune(c)).Value.Should().Be(c - 0xFEE0);
        }

        AccountLogins.WidthMapped(new Rune(0x3000)).Value.Should().Be(0x20);
        AccountLogins.WidthMapped(new Rune(0xFF00)).Value.Should().Be(0xFF00, "unassigned");
        AccountLogins.WidthMapped(new Rune(0xFFE7)).Value.Should().Be(0xFFE7, "unassigned");
        AccountLogins.WidthMapped(new Rune(0xFFEF)).Value.Should().Be(0xFFEF, "past the block's width forms");
        AccountLogins.WidthMapped(new Rune(0xFFE6)).Value.Should().Be(0x20A9, "fullwidth won sign");
        AccountLogins.WidthMapped(new Rune(0xFFEE)).Value.Should().Be(0x25CB, "halfwidth white circle");
        AccountLogins.WidthMapped(new Rune('é')).Value.Should().Be('é');
    }
}
