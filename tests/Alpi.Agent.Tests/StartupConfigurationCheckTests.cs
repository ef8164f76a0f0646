using Microsoft.Extensions.Configuration;

namespace Alpi.Agent.Tests;

/// <summary>The standalone agent's configuration checked in one go before its host is built.</summary>
public sealed class StartupConfigurationCheckTests
{
    [Test]
    public void Problems_ValidConfiguration_IsEmpty()
    {
        var problems = StartupConfigurationCheck.Problems(Configuration(
            ("Agent:Host", "srv1"), ("Agent:Interval", "00:00:30"), ("Agent:Broker:Port", "8883"), ("Agent:Buffer:Kind", "memory"),
            ("Agent:Snmp:Devices:0:Name", "switch"), ("Agent:Snmp:Devices:0:Address", "192.0.2.1"), ("Logging:LogLevel:Default", "warning")));

        problems.Should().BeEmpty();
    }

    [Test]
    public void Problems_EveryUnconvertibleValueBesideTheValidatorsFindings_AreAllListed()
    {
        var problems = StartupConfigurationCheck.Problems(Configuration(
            ("Agent:Host", "srv1"),
            ("Agent:Enabled", "maybe"),                 // bool
            ("Agent:Interval", "soon"),                 // TimeSpan
            ("Agent:Broker:Port", "99999999999"),       // a whole number an int cannot hold
            ("Agent:Buffer:Kind", "Tape"),              // enum
            ("Agent:Buffer:MaxMiB", "1,5"),             // double, with a comma
            ("Agent:QueueLimit", "0"),                  // converted, then refused by the validator
            ("Logging:Console:LogLevel:Default", "Verbose")));

        problems.Should().BeEquivalentTo(
            "Logging:Console:LogLevel:Default: \"Verbose\" is not one of Trace, Debug, Information, Warning, Error, Critical, None",
            "Agent:Broker:Port: \"99999999999\" is not a whole number from -2147483648 to 2147483647",
            "Agent:Buffer:Kind: \"Tape\" is not one of Disk, Memory, DiskWhenAway",
            "Agent:Buffer:MaxMiB: \"1,5\" is not a number (a dot for decimals: 0.5)",
            "Agent:Enabled: \"maybe\" is neither true nor false",
            "Agent:Interval: \"soon\" is not a duration such as 00:05:00 (hh:mm:ss) or 1.00:00:00 (a day)",
            "Agent:QueueLimit 0 must be at least 1.");
    }

    [Test]
    public void Problems_ADurationGivenAsABareNumber_IsRefusedWithItsReadings_AWholeNumberSettingIsNot()
    {
        // Agent:Interval=30, meant as seconds, was read by .NET as 30 days and accepted.
        var problems = StartupConfigurationCheck.Problems(Configuration(
            ("Agent:Host", "srv1"), ("Agent:Interval", "30"), ("Agent:Broker:Port", "1883"), ("Agent:QueueLimit", "500"),
            ("Agent:Snmp:Devices:0:Name", "switch"), ("Agent:Snmp:Devices:0:Address", "192.0.2.1"), ("Agent:Snmp:Devices:0:Timeout", "2")));

        problems.Should().BeEquivalentTo(
            "Agent:Interval: \"30\" is a bare number, which .NET reads as 30 days: write 00:00:30 for 30 seconds, 00:30:00 for 30 minutes or 30.00:00:00 for 30 days",
            "Agent:Snmp:Devices:0:Timeout: \"2\" is a bare number, which .NET reads as 2 days: write 00:00:02 for 2 seconds, 00:02:00 for 2 minutes or 2.00:00:00 for 2 days");
    }

    [Test]
    public void Problems_SnmpSectionWithoutDevices_IsNotChecked()
    {
        // Without devices the snmp collector is not registered, so its section is never read (AddAlpiAgent).
        StartupConfigurationCheck.Problems(Configuration(("Agent:Host", "srv1"), ("Agent:Snmp:MaxConcurrency", "many")))
            .Should().BeEmpty();
    }

    [Test]
    public void Problems_SnmpSectionWithDevices_ListsItsUnconvertibleValuesAndTheValidatorsFindings()
    {
        var problems = StartupConfigurationCheck.Problems(Configuration(
            ("Agent:Host", "srv1"), ("Agent:Snmp:Devices:0:Name", "switch"), ("Agent:Snmp:Devices:0:Address", "192.0.2.1"),
            ("Agent:Snmp:Devices:0:Timeout", "2s"), ("Agent:Snmp:Devices:1:Name", "printer"), ("Agent:Snmp:Devices:1:Address", "192.0.2.2"),
            ("Agent:Snmp:Devices:1:Retries", "x"), ("Agent:Snmp:MaxConcurrency", "0")));

        problems.Should().BeEquivalentTo(
            "Agent:Snmp:Devices:0:Timeout: \"2s\" is not a duration such as 00:05:00 (hh:mm:ss) or 1.00:00:00 (a day)",
            "Agent:Snmp:Devices:1:Retries: \"x\" is not a whole number",
            "Agent:Snmp:MaxConcurrency 0 must be at least 1.");
    }

    [Test]
    public void Problems_LinuxCollectorsSections_AreChecked()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("The wireless, gateway and host-files sections are read on Linux only.");
        }

        var problems = StartupConfigurationCheck.Problems(Configuration(
            ("Agent:Host", "srv1"), ("HostFiles:Root", "hostfs"), ("Agent:Wireless:PerStation", "perhaps"),
            ("Agent:Wireless:CommandTimeout", "00:05:00"), ("Agent:Gateway:CommandTimeout", "five")));

        problems.Should().BeEquivalentTo(
            "HostFiles:Root \"hostfs\" must be an absolute directory path.",
            "Agent:Wireless:PerStation: \"perhaps\" is neither true nor false",
            "Agent:Wireless:CommandTimeout 00:05:00 must be between 00:00:00.1000000 and 00:01:00.",
            "Agent:Gateway:CommandTimeout: \"five\" is not a duration such as 00:05:00 (hh:mm:ss) or 1.00:00:00 (a day)");
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
