using Microsoft.Extensions.Options;

namespace Alpi.Agent.Tests;

/// <summary>The <c>Agent:DataDirectory</c> and <c>Agent:Buffer</c> settings, checked at start with their keys named.</summary>
public class AgentBufferOptionsValidatorTests
{
    private readonly AgentOptionsValidator _validator = new();

    // Each case: one buffer setting made wrong on top of valid values, and the key its single failure names.
    [TestCase("DataDirectory", "", "Agent:DataDirectory")]
    [TestCase("DataDirectory", " ", "Agent:DataDirectory")]
    [TestCase("DataDirectory", "bad\0name", "Agent:DataDirectory")]
    [TestCase("Buffer:Directory", "bad\0name", "Agent:Buffer:Directory")]
    // Below 1 KiB, zero, negative, above 1 TiB, not a number.
    [TestCase("Buffer:MaxMiB", "0.0009", "Agent:Buffer:MaxMiB")]
    [TestCase("Buffer:MaxMiB", "0", "Agent:Buffer:MaxMiB")]
    [TestCase("Buffer:MaxMiB", "-1", "Agent:Buffer:MaxMiB")]
    [TestCase("Buffer:MaxMiB", "1048577", "Agent:Buffer:MaxMiB")]
    [TestCase("Buffer:MaxMiB", "NaN", "Agent:Buffer:MaxMiB")]
    [TestCase("Buffer:Kind", "7", "Agent:Buffer:Kind")]
    public void Validate_OneBadBufferSetting_ReportsOnlyItsKey(string setting, string value, string expectedKey)
    {
        var options = new AgentOptions { Tenant = "acme", Host = "srv1" };
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        switch (setting)
        {
            case "DataDirectory": options.DataDirectory = value; break;
            case "Buffer:Directory": options.Buffer.Directory = value; break;
            case "Buffer:MaxMiB": options.Buffer.MaxMiB = double.Parse(value, inv); break;
            case "Buffer:Kind": options.Buffer.Kind = (AgentBufferKind)int.Parse(value, inv); break;
            default: Assert.Fail($"Unknown setting {setting}"); break;
        }

        var result = _validator.Validate(null, options);

        result.Failures.Should().ContainSingle().Which.Should().StartWith(expectedKey + " ");
    }

    // Boundaries and the documented forms: 1 KiB, a fraction, 1 TiB, an empty directory meaning the default.
    [TestCase(1.0 / 1024, null)]
    [TestCase(0.5, "")]
    [TestCase(1048576, "/var/lib/alpi-agent/buffer")]
    public void Validate_BufferBoundaries_Succeed(double maxMiB, string? directory)
    {
        var options = new AgentOptions { Tenant = "acme", Host = "srv1", Buffer = new AgentBufferOptions { MaxMiB = maxMiB, Directory = directory } };

        _validator.Validate(null, options).Should().Be(ValidateOptionsResult.Success);
    }

    [Test]
    public void ResolveDirectory_Unset_IsAgentBufferUnderTheDataDirectory()
    {
        new AgentBufferOptions().ResolveDirectory("/var/lib/alpi").Should().Be("/var/lib/alpi/agent-buffer");
        new AgentBufferOptions { Directory = "" }.ResolveDirectory("/var/lib/alpi").Should().Be("/var/lib/alpi/agent-buffer");
        new AgentBufferOptions { Directory = "/srv/spool" }.ResolveDirectory("/var/lib/alpi").Should().Be("/srv/spool");
        new AgentBufferOptions { MaxMiB = 0.5 }.MaxBytes.Should().Be(512 * 1024);
    }
}
