using Alpi.Protocols.Cli;

namespace Alpi.Protocols.Tests.Cli;

[TestFixture]
public sealed class ConfigurationSwitchesTests
{
    [Test]
    public void Split_TakesOutTheSectionsSwitches_WithTheirValues_KeepingTheCommandInOrder()
    {
        var (command, configuration) = ConfigurationSwitches.Split(
            ["nas", "--hotspot:Storage:Provider=sqlite", "add", "--Logging:LogLevel:Default", "Warning", "borne-1", "--address", "127.0.0.1"],
            "Hotspot", "Logging");

        command.Should().Equal("nas", "add", "borne-1", "--address", "127.0.0.1");
        configuration.Should().Equal("--hotspot:Storage:Provider=sqlite", "--Logging:LogLevel:Default", "Warning");
    }

    [TestCase("--Collector:DataDirectory")] // a switch at the end without its value stays a switch
    public void Split_ASwitchWithoutAValueAtTheEnd_IsKeptAlone(string last)
    {
        var (command, configuration) = ConfigurationSwitches.Split(["users", "list", last], "Collector");
        command.Should().Equal("users", "list");
        configuration.Should().Equal(last);
    }

    [Test]
    public void Split_AnotherSectionsSwitch_StaysInTheCommand()
    {
        var (command, configuration) = ConfigurationSwitches.Split(["users", "--Hotspot:Enabled=false"], "Collector", "Logging");
        command.Should().Equal("users", "--Hotspot:Enabled=false");
        configuration.Should().BeEmpty();
    }
}
