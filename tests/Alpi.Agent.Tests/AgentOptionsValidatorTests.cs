using Microsoft.Extensions.Options;

namespace Alpi.Agent.Tests;

public class AgentOptionsValidatorTests
{
    private readonly AgentOptionsValidator _validator = new();

    [Test]
    public void Validate_DefaultsWithAHostName_Succeeds()
    {
        // The default host is the machine name, which varies; fix it so the test does not depend on the test machine.
        _validator.Validate(null, new AgentOptions { Host = "srv1" }).Should().Be(ValidateOptionsResult.Success);
    }

    [Test]
    public void Validate_EveryProblem_IsReportedAtOnceWithItsKey()
    {
        var options = new AgentOptions
        {
            Tenant = "",
            Host = "srv/1",
            Interval = TimeSpan.FromMilliseconds(999),
            Broker = new AgentBrokerOptions { Host = " ", Port = 70000, MaxReconnectDelay = TimeSpan.Zero },
            QueueLimit = 0,
        };

        var result = _validator.Validate(null, options);

        result.Failed.Should().BeTrue();
        result.Failures.Should().SatisfyRespectively(
            f => f.Should().StartWith("Agent:Tenant "),
            f => f.Should().StartWith("Agent:Host "),
            f => f.Should().StartWith("Agent:Interval "),
            f => f.Should().StartWith("Agent:Broker:Host "),
            f => f.Should().StartWith("Agent:Broker:Port "),
            f => f.Should().StartWith("Agent:Broker:MaxReconnectDelay "),
            f => f.Should().StartWith("Agent:QueueLimit "));
    }

    // Sites as a technician names them: accented letters, spaces, hyphens, apostrophes (typed or typographic), 64 characters; empty or absent for none.
    [TestCase("Médiathèque")]
    [TestCase("mairie-annexe")]
    [TestCase("Salle des fêtes")]
    [TestCase("Mairie d'Écully")]
    [TestCase("Mairie d’Écully")]
    [TestCase("site_2.b")]
    [TestCase("A")]
    [TestCase("0123456789012345678901234567890123456789012345678901234567890123")]
    [TestCase("")]
    [TestCase(null)]
    public void Validate_ASiteThatIsAShortLabel_Succeeds(string? site)
    {
        _validator.Validate(null, new AgentOptions { Host = "srv1", Site = site }).Should().Be(ValidateOptionsResult.Success);
    }

    // Each case: one setting made wrong on top of valid values, and the key its single failure names.
    // Tenant and host with topic wildcards or separators.
    [TestCase("Tenant", "a+b", "Agent:Tenant")]
    [TestCase("Tenant", "#", "Agent:Tenant")]
    [TestCase("Host", "", "Agent:Host")]
    [TestCase("Host", "a/b", "Agent:Host")]
    // Interval below one second.
    [TestCase("Interval", "00:00:00.5", "Agent:Interval")]
    [TestCase("Interval", "-00:00:10", "Agent:Interval")]
    // Port out of range.
    [TestCase("Broker:Port", "0", "Agent:Broker:Port")]
    [TestCase("Broker:Port", "-1", "Agent:Broker:Port")]
    [TestCase("Broker:Port", "65536", "Agent:Broker:Port")]
    // Empty broker host.
    [TestCase("Broker:Host", "", "Agent:Broker:Host")]
    // Reconnect delay below one second.
    [TestCase("Broker:MaxReconnectDelay", "00:00:00.1", "Agent:Broker:MaxReconnectDelay")]
    // A queue that cannot hold one batch.
    [TestCase("QueueLimit", "0", "Agent:QueueLimit")]
    // A site that is not a short label: too long, a topic or path character, a leading space, a control character.
    [TestCase("Site", "0123456789012345678901234567890123456789012345678901234567890123x", "Agent:Site")]
    [TestCase("Site", "mairie/annexe", "Agent:Site")]
    [TestCase("Site", " Médiathèque", "Agent:Site")]
    [TestCase("Site", "école\n", "Agent:Site")]
    [TestCase("Site", "-annexe", "Agent:Site")]
    public void Validate_OneBadSetting_ReportsOnlyItsKey(string setting, string value, string expectedKey)
    {
        var options = new AgentOptions { Tenant = "acme", Host = "srv1" };
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        switch (setting)
        {
            case "Tenant": options.Tenant = value; break;
            case "Host": options.Host = value; break;
            case "Site": options.Site = value; break;
            case "Interval": options.Interval = TimeSpan.Parse(value, inv); break;
            case "Broker:Port": options.Broker.Port = int.Parse(value, inv); break;
            case "Broker:Host": options.Broker.Host = value; break;
            case "Broker:MaxReconnectDelay": options.Broker.MaxReconnectDelay = TimeSpan.Parse(value, inv); break;
            case "QueueLimit": options.QueueLimit = int.Parse(value, inv); break;
            default: Assert.Fail($"Unknown setting {setting}"); break;
        }

        var result = _validator.Validate(null, options);

        result.Failures.Should().ContainSingle().Which.Should().StartWith(expectedKey + " ");
    }

    [Test]
    public void Validate_BoundaryValues_Succeed()
    {
        var options = new AgentOptions { Tenant = "acme", Host = "srv1", Interval = TimeSpan.FromSeconds(1), QueueLimit = 1 };
        options.Broker.Port = 65535;
        options.Broker.MaxReconnectDelay = TimeSpan.FromSeconds(1);

        _validator.Validate(null, options).Should().Be(ValidateOptionsResult.Success);
    }
}
