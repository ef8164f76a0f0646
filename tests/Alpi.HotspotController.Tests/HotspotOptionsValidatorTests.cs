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
}
