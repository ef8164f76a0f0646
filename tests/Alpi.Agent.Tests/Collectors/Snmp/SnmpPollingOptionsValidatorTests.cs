using Alpi.Agent.Collectors.Snmp;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Tests.Collectors.Snmp;

public class SnmpPollingOptionsValidatorTests
{
    private readonly SnmpPollingOptionsValidator _validator = new("Snmp");

    [Test]
    public void Validate_V2cAndV3Devices_Succeeds()
    {
        var options = new SnmpPollingOptions();
        options.Devices.Add(new SnmpDeviceOptions { Name = "switch1", Address = "192.0.2.10", Community = "c" });
        // A DNS name is checked for its form only: it is resolved when the device is polled.
        options.Devices.Add(new SnmpDeviceOptions { Name = "ap1", Address = "ap1.mairie.example:1161", Community = "c" });
        options.Devices.Add(new SnmpDeviceOptions
        {
            Name = "ups1",
            Address = "[2001:db8::1]:1161",
            Version = "3",
            User = "alpi",
            AuthProtocol = "SHA-256",
            AuthPassword = "authpass-0123",
            PrivProtocol = "AES",
            PrivPassword = "privpass-0123",
            Profile = "ups",
        });

        _validator.Validate(null, options).Should().Be(ValidateOptionsResult.Success);
    }

    [Test]
    public void Validate_EveryProblem_IsReportedAtOnceWithItsKey()
    {
        var options = new SnmpPollingOptions { MaxConcurrency = 0 };
        options.Devices.Add(new SnmpDeviceOptions { Name = "", Address = "router.example:99999", Version = "4", Interval = TimeSpan.Zero });
        options.Devices.Add(new SnmpDeviceOptions { Name = "b", Address = "192.0.2.1", Community = "", Timeout = TimeSpan.Zero, Retries = -1, Profile = "nope" });
        options.Devices.Add(new SnmpDeviceOptions { Name = "b", Address = "192.0.2.2", Version = "3", User = "u", AuthProtocol = "SHA", AuthPassword = "short" });
        options.Devices.Add(new SnmpDeviceOptions { Name = "c", Address = "192.0.2.3", Version = "3" });

        var result = _validator.Validate(null, options);

        result.Failed.Should().BeTrue();
        result.Failures.Should().SatisfyRespectively(
            f => f.Should().StartWith("Snmp:MaxConcurrency "),
            f => f.Should().StartWith("Snmp:Devices:0:Name "),
            f => f.Should().StartWith("Snmp:Devices:0:Address "),
            f => f.Should().StartWith("Snmp:Devices:0:Version "),
            f => f.Should().StartWith("Snmp:Devices:0:Interval "),
            f => f.Should().StartWith("Snmp:Devices:1:Community "),
            f => f.Should().StartWith("Snmp:Devices:1:Timeout "),
            f => f.Should().StartWith("Snmp:Devices:1:Retries "),
            f => f.Should().StartWith("Snmp:Devices:1:Profile \"nope\""),
            f => f.Should().StartWith("Snmp:Devices:2:Name \"b\" is used"),
            f => f.Should().StartWith("Snmp:Devices:2:AuthPassword"),
            f => f.Should().StartWith("Snmp:Devices:3:User"));
    }

    // A device's own site follows Agent:Site's rule: accented letters, spaces, hyphens, apostrophes (typed or typographic), 64 characters; empty or absent for the poller's site.
    [TestCase("Salle des fêtes")]
    [TestCase("école Jaurès")]
    [TestCase("Mairie d’Écully")]
    [TestCase("site_2.b")]
    [TestCase("0123456789012345678901234567890123456789012345678901234567890123")]
    [TestCase("")]
    [TestCase(null)]
    public void Validate_ADeviceSiteThatIsAShortLabel_Succeeds(string? site)
    {
        var options = new SnmpPollingOptions();
        options.Devices.Add(new SnmpDeviceOptions { Name = "imprimante-ecole", Address = "192.0.2.30", Community = "c", Site = site });

        _validator.Validate(null, options).Should().Be(ValidateOptionsResult.Success);
    }

    // The cases Agent:Site refuses, on the second device: the failure names its key, the value and the device.
    [TestCase("0123456789012345678901234567890123456789012345678901234567890123x")] // 65 characters
    [TestCase("école/annexe")]                                                       // a topic separator
    [TestCase(" école")]                                                             // leading space
    [TestCase("école\n")]                                                            // a control character
    [TestCase("-annexe")]                                                            // begins with a hyphen
    [TestCase("annexe.")]                                                            // ends with a dot
    public void Validate_ABadDeviceSite_IsReportedWithItsKeyAndTheDevice(string site)
    {
        var options = new SnmpPollingOptions();
        options.Devices.Add(new SnmpDeviceOptions { Name = "switch-mairie", Address = "192.0.2.10", Community = "c", Site = "Mairie" });
        options.Devices.Add(new SnmpDeviceOptions { Name = "imprimante-ecole", Address = "192.0.2.30", Community = "c", Site = site });

        var result = _validator.Validate(null, options);

        result.Failures.Should().ContainSingle().Which.Should()
            .StartWith($"Snmp:Devices:1:Site \"{site}\" of device \"imprimante-ecole\" must be at most 64 letters, digits, spaces")
            .And.EndWith("(or be left empty for the polling agent's site).");
    }

    [Test]
    public void Validate_MissingProfilesDirectory_IsReported()
    {
        var options = new SnmpPollingOptions { ProfilesDirectory = "/nonexistent/alpi-profiles" };

        _validator.Validate(null, options).Failures.Should().ContainSingle().Which.Should().StartWith("Snmp:ProfilesDirectory");
    }
}
