using Alpi.HotspotController.Accounts;

namespace Alpi.HotspotController.Tests.Accounts;

public class AccountLoginsTests
{
    // Each case: a login a person or the portal would create, taken as it is.
    [TestCase("alice@example.org")]
    [TestCase("jean.dupont")] // an administrator's login without a domain
    [TestCase("élodie@exemple.fr")] // RFC 7542 §2.2: a User-Name is UTF-8 text
    [TestCase("  bob@example.org\n")] // leading and trailing white space is trimmed by the stores
    public void Error_OfAnOrdinaryLogin_IsNull(string login)
    {
        AccountLogins.Error(login).Should().BeNull();
    }

    // Each case: a character no RADIUS User-Name should carry, and the code point the message names.
    [TestCase("x\ny", "a control character (U+000A)")] // a new user's check: `users add $'x\ny'` broke `users list`
    [TestCase("x\ty", "a control character (U+0009)")]
    [TestCase("x\u007Fy", "a control character (U+007F)")]
    [TestCase("x\u0085y", "a control character (U+0085)")] // C1 NEL
    [TestCase("zo\u200Be@example.org", "an invisible format character (U+200B)")] // zero-width space: reads as zoe@…
    [TestCase("eve\u202Egro.elpmaxe@", "an invisible format character (U+202E)")] // right-to-left override
    [TestCase("jean dupont", "a space (U+0020)")]
    [TestCase("jean\u00A0dupont", "a space (U+00A0)")] // no-break space
    [TestCase("a\u2028b", "a line separator (U+2028)")]
    [TestCase("a\uE000b", "a private-use character (U+E000)")]
    public void Error_OfALoginWithAForbiddenCharacter_NamesItByCodePoint(string login, string named)
    {
        AccountLogins.Error(login).Should().StartWith("login: ").And.Contain(named);
    }

    [Test]
    public void Error_OfALoneSurrogate_NamesItByCodePoint()
    {
        // Built here: an attribute's string constant is stored in UTF-8, which turns a lone surrogate into U+FFFD.
        var login = "a" + (char)0xD800 + "b";

        AccountLogins.Error(login).Should().StartWith("login: a lone surrogate (U+D800)", "it is not text: UTF-8 cannot carry it");
    }

    [Test]
    public void Error_BeyondTheOctetsOfAUserName_SaysHowMany()
    {
        AccountLogins.Error(new string('a', 253)).Should().BeNull("253 octets is what a User-Name attribute holds (RFC 2865 §5.1)");
        AccountLogins.Error(new string('a', 254)).Should().Contain("at most 253 octets").And.Contain("254");
        AccountLogins.Error(new string('é', 127)).Should().Contain("254", "an accented letter is 2 octets in UTF-8");
    }

    [TestCase("")]
    [TestCase(" \t ")]
    public void Error_OfAnEmptyLogin_SaysWhatIsNeeded(string login)
    {
        AccountLogins.Error(login).Should().StartWith("login: 1 to 253 octets");
    }

    // Each case: a character refused in a login, and what FindRefusedCharacter reports for a caller that words it itself.
    [TestCase("zo\u200Be@example.org", RefusedCharacterKind.Format, 0x200B)] // zero-width space
    [TestCase("jean\u00A0dupont", RefusedCharacterKind.Space, 0xA0)] // no-break space
    [TestCase("x\u007Fy", RefusedCharacterKind.Control, 0x7F)] // DEL
    public void FindRefusedCharacter_NamesTheKindAndCodePoint(string text, RefusedCharacterKind kind, int codePoint)
    {
        var refused = AccountLogins.FindRefusedCharacter(text);

        refused.Should().Be(new RefusedCharacter(kind, codePoint));
        AccountLogins.Error(text).Should().Contain(refused.ToString(), "the CLI's and the admin API's message says the same");
    }

    [Test]
    public void FindRefusedCharacter_OfAnOrdinaryAddress_IsNull()
    {
        AccountLogins.FindRefusedCharacter("élodie@exemple.fr").Should().BeNull();
    }
}
