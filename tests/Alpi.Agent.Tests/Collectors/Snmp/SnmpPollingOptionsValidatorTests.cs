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

    [Test]
    public void Validate_MissingProfilesDirectory_IsReported()
    {
        var options = new SnmpPollingOptions { ProfilesDirectory = "/nonexistent/alpi-profiles" };

        _validator.Validate(null, options).Failures.Should().ContainSingle().Which.Should().StartWith("Snmp:ProfilesDirectory");
    }
}
