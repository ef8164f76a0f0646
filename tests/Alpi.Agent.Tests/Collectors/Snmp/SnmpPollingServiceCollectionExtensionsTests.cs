using Alpi.Agent.Collectors;
using Alpi.Agent.Collectors.Snmp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Tests.Collectors.Snmp;

public class SnmpPollingServiceCollectionExtensionsTests
{
    [Test]
    public void AddAlpiAgent_SnmpSectionWithDevices_RegistersTheSnmpCollector()
    {
        var services = AddAgent(new()
        {
            ["Agent:Host"] = "agent1",
            ["Agent:Snmp:Devices:0:Name"] = "switch1",
            ["Agent:Snmp:Devices:0:Address"] = "192.0.2.10",
            ["Agent:Snmp:Devices:0:Community"] = "c",
            ["Agent:Snmp:Devices:0:Interval"] = "00:00:30",
        });
        using var provider = services.BuildServiceProvider();

        var poller = provider.GetServices<IMetricCollector>().OfType<SnmpDevicePoller>().Should().ContainSingle().Subject;
        poller.Name.Should().Be("snmp");
        var options = provider.GetRequiredService<IOptions<SnmpPollingOptions>>().Value;
        options.Devices.Should().ContainSingle().Which.Interval.Should().Be(TimeSpan.FromSeconds(30));
    }

    [Test]
    public void AddAlpiAgent_NoSnmpDevices_RegistersNoSnmpCollector()
    {
        var services = AddAgent(new() { ["Agent:Host"] = "agent1" });

        services.Should().NotContain(d => d.ImplementationType == typeof(SnmpDevicePoller));
    }

    [Test]
    public void AddAlpiAgent_InvalidDevice_FailsValidationNamingTheKey()
    {
        var services = AddAgent(new()
        {
            ["Agent:Snmp:Devices:0:Name"] = "switch1",
            ["Agent:Snmp:Devices:0:Address"] = "not an address",
        });
        using var provider = services.BuildServiceProvider();

        var resolve = () => provider.GetRequiredService<IOptions<SnmpPollingOptions>>().Value;

        resolve.Should().Throw<OptionsValidationException>().WithMessage("*Agent:Snmp:Devices:0:Address*");
    }

    private static ServiceCollection AddAgent(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddAlpiAgent(configuration.GetSection(AgentOptions.SectionName));
        return services;
    }
}
