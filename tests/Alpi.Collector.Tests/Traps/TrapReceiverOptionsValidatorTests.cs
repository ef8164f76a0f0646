using Alpi.Collector.Traps;

namespace Alpi.Collector.Tests.Traps;

public class TrapReceiverOptionsValidatorTests
{
    private readonly TrapReceiverOptionsValidator _validator = new();

    [Test]
    public void Validate_Defaults_Succeeds()
    {
        _validator.Validate(null, new CollectorOptions()).Succeeded.Should().BeTrue();
    }

    [Test]
    public void Validate_AGoodV3UserAndSource_Succeeds()
    {
        var options = new CollectorOptions();
        options.Traps.Users.Add(new TrapUserOptions { EngineId = "0x8000000001020304", UserName = "trapuser", AuthProtocol = "SHA", AuthPassword = "authpass123", PrivProtocol = "AES", PrivPassword = "privpass123" });
        options.Traps.Sources.Add(new TrapSourceOptions { Cidr = "10.0.0.0/8", Tenant = "sdis", Device = "router1" });

        _validator.Validate(null, options).Succeeded.Should().BeTrue();
    }

    [Test]
    public void Validate_Disabled_IgnoresTheRest()
    {
        var options = new CollectorOptions { Traps = new TrapReceiverOptions { Enabled = false, Port = 0 } };

        _validator.Validate(null, options).Succeeded.Should().BeTrue();
    }

    [Test]
    public void Validate_BadRetention_IsReportedEvenWithTheReceiverDisabled()
    {
        var options = new CollectorOptions
        {
            Traps = new TrapReceiverOptions { Enabled = false, RetentionDays = 0, MaxEvents = 0, PurgeInterval = TimeSpan.FromSeconds(10) },
        };

        var result = _validator.Validate(null, options);

        result.Failures.Should().SatisfyRespectively(
            f => f.Should().StartWith("Collector:Traps:RetentionDays 0 "),
            f => f.Should().StartWith("Collector:Traps:MaxEvents 0 "),
            f => f.Should().StartWith("Collector:Traps:PurgeInterval 00:00:10 "));
    }

    [Test]
    public void Validate_EveryProblem_IsReportedAtOnceWithItsKey()
    {
        var options = new CollectorOptions
        {
            Traps = new TrapReceiverOptions
            {
                Host = "localhost",
                Port = 70000,
                MaxDatagramBytes = 100,
                DefaultTenant = "a/b",
                EngineId = "0x1234",
                Communities = ["public", ""],
                Users =
                [
                    new TrapUserOptions { EngineId = "zz", UserName = "", AuthProtocol = "SHA-3", PrivProtocol = "3DES", KeyExtension = "Other" },
                    new TrapUserOptions { UserName = "u", AuthProtocol = "None", PrivProtocol = "AES", PrivPassword = "short" },
                ],
                Sources = [new TrapSourceOptions { Cidr = "10.0.0.0/33", Tenant = "t+", Device = "d#" }],
            },
        };

        var result = _validator.Validate(null, options);

        result.Failed.Should().BeTrue();
        result.Failures.Should().SatisfyRespectively(
            f => f.Should().StartWith("Collector:Traps:Host "),
            f => f.Should().StartWith("Collector:Traps:Port "),
            f => f.Should().StartWith("Collector:Traps:MaxDatagramBytes "),
            f => f.Should().StartWith("Collector:Traps:DefaultTenant "),
            f => f.Should().StartWith("Collector:Traps:EngineId "),
            f => f.Should().StartWith("Collector:Traps:Communities:1 "),
            f => f.Should().StartWith("Collector:Traps:Users:0:UserName "),
            f => f.Should().StartWith("Collector:Traps:Users:0:EngineId "),
            f => f.Should().StartWith("Collector:Traps:Users:0:AuthProtocol "),
            f => f.Should().StartWith("Collector:Traps:Users:0:PrivProtocol "),
            f => f.Should().StartWith("Collector:Traps:Users:0:KeyExtension "),
            f => f.Should().StartWith("Collector:Traps:Users:1:PrivProtocol "),
            f => f.Should().StartWith("Collector:Traps:Users:1:PrivPassword "),
            f => f.Should().StartWith("Collector:Traps:Sources:0:Cidr "),
            f => f.Should().StartWith("Collector:Traps:Sources:0:Tenant "),
            f => f.Should().StartWith("Collector:Traps:Sources:0:Device "));
    }

    // Each case: one user setting made wrong on top of a good SHA/AES user, and the key the single failure names.
    // An authentication password under 8 characters (RFC 3414 §11.2, net-snmp USM_LENGTH_P_MIN).
    [TestCase("AuthPassword", "1234567", "Collector:Traps:Users:0:AuthPassword")]
    // A privacy password under 8 characters.
    [TestCase("PrivPassword", "", "Collector:Traps:Users:0:PrivPassword")]
    // An engine ID of 4 octets (RFC 3411 §5 asks for 5 to 32).
    [TestCase("EngineId", "0x80000001", "Collector:Traps:Users:0:EngineId")]
    // A user name of 33 octets (SnmpAdminString up to 32).
    [TestCase("UserName", "abcdefghijklmnopqrstuvwxyz0123456", "Collector:Traps:Users:0:UserName")]
    public void Validate_OneBadUserSetting_ReportsOnlyItsKey(string setting, string value, string expectedKey)
    {
        var user = new TrapUserOptions { EngineId = "8000000001020304", UserName = "trapuser", AuthProtocol = "SHA", AuthPassword = "authpass123", PrivProtocol = "AES", PrivPassword = "privpass123" };
        switch (setting)
        {
            case "AuthPassword": user.AuthPassword = value; break;
            case "PrivPassword": user.PrivPassword = value; break;
            case "EngineId": user.EngineId = value; break;
            case "UserName": user.UserName = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(setting));
        }

        var options = new CollectorOptions();
        options.Traps.Users.Add(user);

        var result = _validator.Validate(null, options);

        result.Failures.Should().ContainSingle().Which.Should().StartWith(expectedKey + " ");
    }
}
