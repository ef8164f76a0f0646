using Alpi.Agent.Collectors.Gateway;

namespace Alpi.Agent.Tests.Collectors.Gateway;

public class HotspotGatewayOptionsValidatorTests
{
    [Test]
    public void Validate_Defaults_Succeed()
    {
        new HotspotGatewayOptionsValidator().Validate(null, new HotspotGatewayOptions()).Succeeded.Should().BeTrue();
    }

    [Test]
    public void Validate_SeveralProblems_ReportsEachWithItsKey()
    {
        var options = new HotspotGatewayOptions
        {
            ProcessName = "chilli-terminal-mairie",
            CommandTimeout = TimeSpan.Zero,
            SocketPath = "var/run/chilli.sock",
        };

        var result = new HotspotGatewayOptionsValidator().Validate(null, options);

        result.Failures.Should().HaveCount(3);
        result.Failures.Should().Contain(f => f.StartsWith("Agent:Gateway:ProcessName \"chilli-terminal-mairie\" is longer than the 15", StringComparison.Ordinal));
        result.Failures.Should().Contain(f => f.StartsWith("Agent:Gateway:CommandTimeout", StringComparison.Ordinal));
        result.Failures.Should().Contain(f => f.StartsWith("Agent:Gateway:SocketPath", StringComparison.Ordinal));
    }
}
