using Alpi.HotspotController.Telemetry;

namespace Alpi.HotspotController.Tests.Telemetry;

public sealed class TelemetryOptionsValidatorTests
{
    [Test]
    public void Validate_Defaults_Succeed() =>
        new TelemetryOptionsValidator().Validate(null, new HotspotOptions()).Succeeded.Should().BeTrue();

    [Test]
    public void Validate_EveryProblem_IsReportedAtOnceWithItsKey()
    {
        var options = new HotspotOptions
        {
            Telemetry = new TelemetryOptions
            {
                Tenant = "a/b",
                Host = "",
                Interval = TimeSpan.FromMilliseconds(10),
                QueueLimit = 0,
                Broker = new TelemetryBrokerOptions { Host = " ", Port = 70000, Password = "p", ClientId = "", MaxReconnectDelay = TimeSpan.Zero },
            },
        };

        var result = new TelemetryOptionsValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.Failures.Should().HaveCount(9);
        foreach (var key in new[] { "Tenant", "Host", "Interval", "QueueLimit", "Broker:Host", "Broker:Port", "Broker:Password", "Broker:ClientId", "Broker:MaxReconnectDelay" })
        {
            result.Failures.Should().Contain(f => f.StartsWith("Hotspot:Telemetry:" + key + " ", StringComparison.Ordinal), key);
        }
    }

    [Test]
    public void Validate_WhenDisabled_IgnoresTheOtherKeys() =>
        new TelemetryOptionsValidator().Validate(null, new HotspotOptions { Telemetry = new TelemetryOptions { Enabled = false, Interval = TimeSpan.Zero } })
            .Succeeded.Should().BeTrue();
}
