using Alpi.Collector.Administration;
using Alpi.Testing;
using Microsoft.Extensions.Configuration;

namespace Alpi.Collector.Tests.Administration;

public sealed class ConfigurationSourcesTests
{
    [Test]
    public void Of_AKeyOfAJsonFile_NamesTheFile_AndALaterSourceWins()
    {
        using var folder = new TempDirectory("alpi-config-sources");
        var file = Path.Combine(folder.Path, "collector.json");
        File.WriteAllText(file, """{ "Agent": { "Snmp": { "Devices": [ { "Name": "sw1" }, { "Name": "sw2" } ] } } }""");
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(file)
            .AddCommandLine(["--Agent:Snmp:Devices:1:Name=sw2-bis"])
            .Build();

        ConfigurationSources.Of(configuration, "Agent:Snmp:Devices:0:Name").Should().Be(file);
        ConfigurationSources.Of(configuration, "Agent:Snmp:Devices:1:Name").Should().Be("command line");
        ConfigurationSources.Of(configuration, "Agent:Snmp:Devices:2:Name").Should().BeNull();
    }

    [Test]
    public void Of_EnvironmentVariablesAndMemory_AreNamed()
    {
        const string variable = "ALPI_TEST_SOURCES_C__D";
        Environment.SetEnvironmentVariable(variable, "2");
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["A:B"] = "1" })
                .AddEnvironmentVariables("ALPI_TEST_SOURCES_")
                .Build();

            ConfigurationSources.Of(configuration, "A:B").Should().Be("in-memory settings");
            ConfigurationSources.Of(configuration, "C:D").Should().Be("environment variables (ALPI_)");
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
