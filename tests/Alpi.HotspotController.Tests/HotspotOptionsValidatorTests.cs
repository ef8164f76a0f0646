namespace Alpi.HotspotController.Tests;

public class HotspotOptionsValidatorTests
{
    [Test]
    public void Defaults_AreValid() =>
        new HotspotOptionsValidator().Validate(null, new HotspotOptions()).Succeeded.Should().BeTrue();

    // A trusted Acct-Delay-Time or Acct-Session-Time as long as the retention could date a fresh session into the purge.
    [TestCase("00:00:00", "31.00:00:00", "Hotspot:Accounting:MaxDelayTime is 00:00:00", TestName = "Validate_ZeroMaxDelayTime_IsRefused")]
    [TestCase("365.00:00:00", "31.00:00:00", "Hotspot:Accounting:MaxDelayTime is 365.00:00:00", TestName = "Validate_MaxDelayTimeAsLongAsTheRetention_IsRefused")]
    [TestCase("1.00:00:00", "400.00:00:00", "Hotspot:Accounting:MaxSessionTime is 400.00:00:00", TestName = "Validate_MaxSessionTimeLongerThanTheRetention_IsRefused")]
    public void Validate_AccountingMaximaOutOfRange_NameTheKey(string maxDelay, string maxSession, string expected)
    {
        var options = new HotspotOptions
        {
            Accounting = new() { MaxDelayTime = TimeSpan.Parse(maxDelay, System.Globalization.CultureInfo.InvariantCulture), MaxSessionTime = TimeSpan.Parse(maxSession, System.Globalization.CultureInfo.InvariantCulture) },
        };

        var result = new HotspotOptionsValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain(expected).And.Contain("Hotspot:LegalLog:RetentionDays (365 days)");
    }

    [Test]
    public void Validate_ConfiguredTerminals_AreHeldToTheAdministrationsNameAndAddressRules_NamingTheKeys()
    {
        // A new user's check: these were taken at start, where nas add and the admin APIs refuse them.
        var options = new HotspotOptions();
        options.Radius.Clients.Add(new() { Name = "borne-1", Address = "010.0.0.1", Secret = "sixteen-octets!!" });
        options.Radius.Clients.Add(new() { Name = "bornе-1", Address = "10.2", Secret = "sixteen-octets!!" }); // Cyrillic е (U+0435)
        options.Radius.Clients.Add(new() { Name = "borne 3", Address = "192.0.2.3", Secret = "sixteen-octets!!" });

        var result = new HotspotOptionsValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.Failures.Should().Contain(f => f.StartsWith("Hotspot:Radius:Clients:0:Address: '010.0.0.1': the part 010 has a leading zero", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Hotspot:Radius:Clients:1:Name 'bornе-1': 'е' (U+0435) is a Cyrillic letter among Latin letters", StringComparison.Ordinal)
                && f.Contains("borne-1", StringComparison.Ordinal) && f.EndsWith("(declared as Hotspot:Radius:Clients:0:Name)", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Hotspot:Radius:Clients:1:Address: '10.2' has 2 parts", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Hotspot:Radius:Clients:2:Name 'borne 3': a space (U+0020) is not allowed", StringComparison.Ordinal));
    }

    [TestCase(29)]
    [TestCase(3651)]
    public void Validate_AuditRetentionOutOfRange_NamesTheKey(int days)
    {
        var options = new HotspotOptions { LegalLog = new() { AuditRetentionDays = days } };

        var result = new HotspotOptionsValidator().Validate(null, options);

        result.Failures.Should().Contain($"Hotspot:LegalLog:AuditRetentionDays is {days}; it must be 30 to 3650 days.");
    }
}
