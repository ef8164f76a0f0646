using Alpi.HotspotController.Accounts;

namespace Alpi.HotspotController.Tests.Accounts;

public class AccountPasswordsTests
{
    // Each case: a password shorter than 8 characters as a person counts them, but 8 or more UTF-16 code units.
    [TestCase("\U0001F600\U0001F600\U0001F600\U0001F600")] // four emoji, eight code units: a new user's check
    [TestCase("\U0001F44D\U0001F3FD\U0001F44D\U0001F3FD")] // two thumbs up with a skin tone: 2 characters, 8 code units
    [TestCase("e\u0301e\u0301e\u0301e\u0301")] // four é typed apart (NFD): 4 characters, 8 code units
    public void LengthError_CountsUserPerceivedCharacters(string password)
    {
        AccountPasswords.LengthError(password).Should().Be("password: at least 8 characters are needed");
    }

    // Each case: 8 characters as a person counts them.
    [TestCase("\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600")] // eight emoji, 32 octets
    [TestCase("e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301")] // eight é typed apart
    [TestCase("password")]
    public void LengthError_OfEightCharacters_IsNull(string password)
    {
        AccountPasswords.LengthError(password).Should().BeNull();
    }

    [Test]
    public void LengthError_StillCapsTheOctets_At128()
    {
        AccountPasswords.LengthError(string.Concat(Enumerable.Repeat("\U0001F600", 32))).Should().BeNull("32 emoji are 128 octets");
        AccountPasswords.LengthError(string.Concat(Enumerable.Repeat("\U0001F600", 33))).Should().Contain("at most 128 octets").And.Contain("132");
    }
}
