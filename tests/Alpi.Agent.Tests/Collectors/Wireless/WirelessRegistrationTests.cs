using Alpi.Agent.Collectors;
using Alpi.Agent.Collectors.Gateway;
using Alpi.Agent.Collectors.Wireless;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Tests.Collectors.Wireless;

public class WirelessRegistrationTests
{
    [Test]
    public void AddAlpiAgent_OnLinux_RegistersTheTerminalCollectorsWithTheirOptions()
    {
        Assume.That(OperatingSystem.IsLinux(), "the terminal collectors are Linux-only");
        using var provider = Build(new()
        {
            ["Agent:Wireless:Enabled"] = "true",
            ["Agent:Wireless:PerStation"] = "true",
            ["Agent:Wireless:IwCommand"] = "/usr/sbin/iw",
            ["Agent:Gateway:ProcessName"] = "chilli-wlan1",
        });

        provider.GetServices<IMetricCollector>().Select(c => c.Name).Should().Contain(["wireless", "hotspot_gateway"]);
        var wireless = provider.GetRequiredService<IOptions<WirelessOptions>>().Value;
        (wireless.Enabled, wireless.PerStation, wireless.IwCommand).Should().Be((true, true, "/usr/sbin/iw"));
        provider.GetRequiredService<IOptions<HotspotGatewayOptions>>().Value.ProcessName.Should().Be("chilli-wlan1");
    }

    [Test]
    public void AddAlpiAgent_Defaults_LeaveBothCollectorsOnAutomatic()
    {
        Assume.That(OperatingSystem.IsLinux(), "the terminal collectors are Linux-only");
        using var provider = Build([]);

        provider.GetRequiredService<IOptions<WirelessOptions>>().Value.Enabled.Should().BeNull();
        provider.GetRequiredService<IOptions<WirelessOptions>>().Value.PerStation.Should().BeFalse();
        provider.GetRequiredService<IOptions<HotspotGatewayOptions>>().Value.Enabled.Should().BeNull();
    }

    [Test]
    public void AddAlpiAgent_InvalidWirelessTimeout_FailsNamingTheKey()
    {
        Assume.That(OperatingSystem.IsLinux(), "the terminal collectors are Linux-only");
        using var provider = Build(new() { ["Agent:Wireless:CommandTimeout"] = "00:05:00", ["Agent:Wireless:IwCommand"] = " " });

        var resolve = () => provider.GetRequiredService<IOptions<WirelessOptions>>().Value;

        resolve.Should().Throw<OptionsValidationException>()
            .Which.Failures.Should().HaveCount(2).And.Contain(f => f.Contains("Agent:Wireless:CommandTimeout", StringComparison.Ordinal));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddAlpiAgent(configuration.GetSection(AgentOptions.SectionName));
        return services.BuildServiceProvider();
    }
}
