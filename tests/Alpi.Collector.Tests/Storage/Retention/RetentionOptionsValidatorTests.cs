using Alpi.Collector.Storage.Retention;

namespace Alpi.Collector.Tests.Storage.Retention;

public class RetentionOptionsValidatorTests
{
    private readonly RetentionOptionsValidator _validator = new();

    [Test]
    public void Validate_Defaults_Succeed() => _validator.Validate(null, new RetentionOptions()).Succeeded.Should().BeTrue();

    [Test]
    public void Validate_EveryProblemIsReportedAtOnceWithItsKey()
    {
        var options = new RetentionOptions { RawRetentionDays = 0, RollupRetentionDays = -1, Interval = TimeSpan.FromSeconds(10), Delay = TimeSpan.FromHours(2) };

        _validator.Validate(null, options).Failures.Should().Equal(
            "Collector:Storage:Retention:RawRetentionDays 0 must be between 1 and 36500.",
            "Collector:Storage:Retention:RollupRetentionDays -1 must be at least Collector:Storage:Retention:RawRetentionDays (0) and at most 36500.",
            "Collector:Storage:Retention:Interval 00:00:10 must be between 00:01:00 and 1.00:00:00.",
            "Collector:Storage:Retention:Delay 02:00:00 must be between 00:00:00 and 01:00:00.");
    }

    [Test]
    public void Validate_AggregatesKeptLessThanRawPoints_Fails() =>
        _validator.Validate(null, new RetentionOptions { RawRetentionDays = 90, RollupRetentionDays = 30 }).Failures.Should()
            .ContainSingle().Which.Should().StartWith("Collector:Storage:Retention:RollupRetentionDays 30 must be at least");
}
