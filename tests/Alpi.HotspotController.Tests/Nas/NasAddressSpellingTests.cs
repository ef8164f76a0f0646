using Alpi.HotspotController.Nas;

namespace Alpi.HotspotController.Tests.Nas;

public class NasAddressSpellingTests
{
    // Each case: an address as an administrator writes it, taken as it reads.
    [TestCase("10.0.0.1")]
    [TestCase("0.0.0.0/0")] // a lone zero is no leading zero
    [TestCase("192.0.2.0/24")]
    [TestCase("10.0.0.5/24")] // host bits: saved as the network 10.0.0.0/24, the one meant
    [TestCase("2001:0db8::1")] // leading zeros in an IPv6 group are harmless (RFC 4291 §2.2)
    [TestCase("2001:db8::/64")]
    [TestCase("::ffff:198.18.0.6")]
    [TestCase("not-an-ip")] // not an address at all: ParseNetwork's to say
    public void Error_OfAnOrdinarySpelling_IsNull(string address)
    {
        NasAddressSpelling.Error(address).Should().BeNull();
    }

    // Each case: a spelling inet_aton (IPAddress.TryParse) reads otherwise than meant, and what the refusal says.
    [TestCase("010.0.0.1", "the part 010 has a leading zero, which inet_aton reads as octal (inet_aton reads it as 8.0.0.1); write 10.0.0.1")] // a new user's check: saved as 8.0.0.1
    [TestCase("10.0.0.01", "the part 01 has a leading zero")]
    [TestCase("010.0.0.0/8", "the part 010 has a leading zero")] // in a CIDR form too
    [TestCase("0x7f.0.0.1", "the part 0x7f is hexadecimal (inet_aton reads it as 127.0.0.1)")]
    [TestCase("10.2", "'10.2' has 2 parts (inet_aton reads it as 10.0.0.2); an IPv4 address is written as four numbers")] // short form
    [TestCase("10.2/32", "has 2 parts")]
    [TestCase("2130706433", "'2130706433' has 1 part (inet_aton reads it as 127.0.0.1)")] // one 32-bit number
    [TestCase("10.0.0.0/024", "the prefix length /024 is not a number 0 to 32")]
    [TestCase("10.0.0.0/33", "the prefix length /33 is not a number 0 to 32")]
    [TestCase("2001:db8::/0129", "is not a number 0 to 128")]
    [TestCase("[2001:db8::1]", "without brackets")] // IPAddress.TryParse takes it, and "[2001:db8::1]:80" with its port dropped
    [TestCase("fe80::1%eth0", "a zone (%…)")]
    [TestCase("::ffff:010.0.0.1", "the part 010 has a leading zero")]
    public void Error_OfAMisreadSpelling_QuotesTheAddressAndSaysWhatIsWrong(string address, string said)
    {
        NasAddressSpelling.Error(address).Should().Contain($"'{address}'").And.Contain(said);
    }
}
