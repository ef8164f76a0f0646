using Alpi.HotspotController.Authentication;
using Alpi.HotspotController.Radius;

namespace Alpi.HotspotController.Tests.Radius;

public class RadiusOptionsValidatorTests
{
    [Test]
    public void Defaults_AreValid()
    {
        new RadiusOptionsValidator().Validate(null, new HotspotOptions()).Succeeded.Should().BeTrue();
    }

    [Test]
    public void EveryProblem_IsReportedWithItsKey()
    {
        var options = new HotspotOptions
        {
            Radius = new RadiusServerOptions
            {
                ClientRefreshInterval = TimeSpan.Zero,
                MaxConcurrentRequests = 0,
                Clients =
                [
                    new RadiusClientOptions { Name = "ap", Address = "not-an-ip", Secret = "" },
                    new RadiusClientOptions { Name = "ap", Address = "192.0.2.1", Secret = "s", CoaPort = 0 },
                ],
            },
            Policies = new Dictionary<string, AccessPolicyOptions>
            {
                ["libraries"] = new() { SessionTimeout = TimeSpan.FromSeconds(-1), BandwidthMaxDown = -5 },
            },
        };

        var result = new RadiusOptionsValidator().Validate(null, options);

        result.Failures.Should().HaveCount(8).And.Satisfy(
            f => f.StartsWith("Hotspot:Radius:ClientRefreshInterval", StringComparison.Ordinal),
            f => f.StartsWith("Hotspot:Radius:MaxConcurrentRequests", StringComparison.Ordinal),
            f => f.StartsWith("Hotspot:Radius:Clients:0:Address", StringComparison.Ordinal) && f.Contains("'not-an-ip'", StringComparison.Ordinal),
            f => f.StartsWith("Hotspot:Radius:Clients:0:Secret", StringComparison.Ordinal),
            f => f.StartsWith("Hotspot:Radius:Clients:1:Name", StringComparison.Ordinal) && f.Contains("twice", StringComparison.Ordinal),
            f => f.StartsWith("Hotspot:Radius:Clients:1:CoaPort", StringComparison.Ordinal),
            f => f.StartsWith("Hotspot:Policies:libraries:SessionTimeout", StringComparison.Ordinal),
            f => f.StartsWith("Hotspot:Policies:libraries:BandwidthMaxDown", StringComparison.Ordinal));
    }
}
