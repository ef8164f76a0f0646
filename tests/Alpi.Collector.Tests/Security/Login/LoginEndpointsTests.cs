using Alpi.Collector.Security.Login;

namespace Alpi.Collector.Tests.Security.Login;

public sealed class LoginEndpointsTests
{
    [TestCase("/", true)]
    [TestCase("/#/host/test/srv", true)]
    [TestCase("/api/hosts?x=1", true)]
    [TestCase("//evil.example", false)]      // protocol-relative: another host
    [TestCase("/\\evil.example", false)]     // browsers read a backslash as a slash
    [TestCase("https://evil.example/", false)]
    [TestCase("evil", false)]
    [TestCase("/\r\nSet-Cookie: x", false)]  // header injection
    [TestCase("", false)]
    [TestCase(null, false)]
    public void IsLocal_AcceptsOnlyPathsOfThisServer(string? returnUrl, bool local) =>
        LoginEndpoints.IsLocal(returnUrl).Should().Be(local);
}
