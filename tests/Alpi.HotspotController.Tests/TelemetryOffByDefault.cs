namespace Alpi.HotspotController.Tests;

/// <summary>
/// Every controller a test starts publishes no telemetry unless the test asks for it (<c>Hotspot:Telemetry:Enabled</c>
/// set in its own settings, which come after the environment): otherwise each would connect to 127.0.0.1:1883, where a
/// developer's collector may be running, and fill its inventory with test terminals.
/// </summary>
[SetUpFixture]
public sealed class TelemetryOffByDefault
{
    private const string Variable = "ALPI_Hotspot__Telemetry__Enabled";
    private string? _previous;

    [OneTimeSetUp]
    public void DisableTelemetry()
    {
        _previous = Environment.GetEnvironmentVariable(Variable);
        Environment.SetEnvironmentVariable(Variable, "false");
    }

    [OneTimeTearDown]
    public void Restore() => Environment.SetEnvironmentVariable(Variable, _previous);
}
