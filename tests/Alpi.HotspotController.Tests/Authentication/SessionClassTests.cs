using System.Text;
using Alpi.HotspotController.Authentication;

namespace Alpi.HotspotController.Tests.Authentication;

public class SessionClassTests
{
    [Test]
    public void RoundTrips()
    {
        var value = new SessionClass(1234, AuthenticationMethod.Chap).ToBytes();

        Encoding.ASCII.GetString(value).Should().Be("alpi:1234:chap");
        SessionClass.TryParse(value, out var parsed).Should().BeTrue();
        parsed.Should().Be(new SessionClass(1234, AuthenticationMethod.Chap));
    }

    [TestCase("")]
    [TestCase("alpi:")]
    [TestCase("alpi:x:mac")]
    [TestCase("alpi:-1:mac")]
    [TestCase("alpi:12:eap")]
    [TestCase("alpi:12:mac:extra")]
    [TestCase("freeradius-class-from-another-server")] // a Class this controller did not issue
    public void TryParse_RejectsOtherValues(string value)
    {
        SessionClass.TryParse(Encoding.ASCII.GetBytes(value), out _).Should().BeFalse();
    }
}
