using Alpi.Agent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Tests;

public sealed class CollectorApplicationTests
{
    [Test]
    public async Task ValidateConfiguration_ProblemsInTwoSections_ReportsThemAllWithTheirKeys()
    {
        await using var app = CollectorApplication.Create(["--Collector:Broker:Port=70000", "--Agent:Interval=00:00:00", "--Agent:Tenant=a/b"]);

        var problems = CollectorApplication.ValidateConfiguration(app);

        problems.Should().Contain(p => p.StartsWith("Collector:Broker:Port 70000", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("Agent:Interval", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("Agent:Tenant", StringComparison.Ordinal));
    }

    [Test]
    public async Task ValidateConfiguration_TrapRetentionOutOfRange_NamesTheKey()
    {
        await using var app = CollectorApplication.Create(["--Collector:Traps:RetentionDays=0"]);

        CollectorApplication.ValidateConfiguration(app).Should().ContainSingle(p => p.StartsWith("Collector:Traps:RetentionDays 0 must be between 1 and", StringComparison.Ordinal));
    }

    [Test]
    public async Task ValidateConfiguration_NotANumber_NamesTheKey()
    {
        await using var app = CollectorApplication.Create(["--Collector:Ingest:MaxBatchPoints=many"]);

        CollectorApplication.ValidateConfiguration(app).Should().ContainSingle().Which.Should().Be("Collector:Ingest:MaxBatchPoints: \"many\" is not a whole number");
    }

    [Test]
    public async Task ValidateConfiguration_AValueThatDoesNotConvertBesideAPortOutOfRange_ReportsBoth()
    {
        // The binder used to throw at the unconvertible value, so the validators never ran and the port went unreported.
        await using var app = CollectorApplication.Create(["--Collector:Storage:DuckDb:Readers=abc", "--Collector:Broker:Port=70000"]);

        var problems = CollectorApplication.ValidateConfiguration(app);

        problems.Should().Contain("Collector:Storage:DuckDb:Readers: \"abc\" is not a whole number");
        problems.Should().Contain(p => p.StartsWith("Collector:Broker:Port 70000 must be between 1 and 65535", StringComparison.Ordinal));
        problems.Should().NotContain(p => p.Contains("Failed to convert", StringComparison.Ordinal));
    }

    [Test]
    public async Task ValidateConfiguration_ValuesThatDoNotConvertInSectionsBoundAtRegistration_AreEachReportedWithTheOthers()
    {
        // Alerting, retention, state and cluster are also read while the services are registered: the binder used to throw
        // there, from Create, with the first value alone.
        await using var app = CollectorApplication.Create(["--Collector:Alerting:EvaluationInterval=soon", "--Collector:Storage:Retention:RawRetentionDays=30d",
            "--Collector:Cluster:Enabled=yes", "--Collector:Alerting:Delivery:MaxAttempts=99999999999", "--Collector:Broker:Port=0", "--Agent:Interval=often"]);

        var problems = CollectorApplication.ValidateConfiguration(app);

        problems.Should().Contain("Collector:Alerting:EvaluationInterval: \"soon\" is not a duration such as 00:05:00 (hh:mm:ss) or 1.00:00:00 (a day)");
        problems.Should().Contain("Collector:Storage:Retention:RawRetentionDays: \"30d\" is not a whole number");
        problems.Should().Contain("Collector:Cluster:Enabled: \"yes\" is neither true nor false");
        problems.Should().Contain("Collector:Alerting:Delivery:MaxAttempts: \"99999999999\" is not a whole number from -2147483648 to 2147483647");
        problems.Should().Contain("Agent:Interval: \"often\" is not a duration such as 00:05:00 (hh:mm:ss) or 1.00:00:00 (a day)");
        problems.Should().Contain(p => p.StartsWith("Collector:Broker:Port 0 must be between 1 and 65535", StringComparison.Ordinal));
    }

    [Test]
    public async Task ValidateConfiguration_ValuesThatDoNotConvertInTheLocalAgentsCollectorSections_AreEachReportedWithTheOthers()
    {
        // Agent:Snmp, Agent:Wireless and Agent:Gateway are bound to options of their own, validated only when the host
        // started: the binder used to throw there, after start-up began, with a stack trace and exit code 134.
        await using var app = CollectorApplication.Create(["--Agent:Snmp:Devices:0:Address=192.0.2.1", "--Agent:Snmp:Devices:0:Interval=soon",
            "--Agent:Wireless:CommandTimeout=soon", "--Agent:Gateway:Enabled=perhaps", "--Collector:Broker:Port=0"]);

        var problems = CollectorApplication.ValidateConfiguration(app);

        problems.Should().Contain("Agent:Snmp:Devices:0:Interval: \"soon\" is not a duration such as 00:05:00 (hh:mm:ss) or 1.00:00:00 (a day)");
        if (OperatingSystem.IsLinux())
        {
            // The wireless and gateway collectors exist on Linux only; elsewhere their sections are never read.
            problems.Should().Contain("Agent:Wireless:CommandTimeout: \"soon\" is not a duration such as 00:05:00 (hh:mm:ss) or 1.00:00:00 (a day)");
            problems.Should().Contain("Agent:Gateway:Enabled: \"perhaps\" is neither true nor false");
        }

        problems.Should().Contain(p => p.StartsWith("Collector:Broker:Port 0 must be between 1 and 65535", StringComparison.Ordinal));
        problems.Should().NotContain(p => p.Contains("Failed to convert", StringComparison.Ordinal));
    }

    [Test]
    public async Task ValidateConfiguration_ADurationGivenAsABareNumber_IsRefusedWithItsReadingsSpeltOut()
    {
        // A new user's check: EvaluationInterval=5, meant as seconds, was read by .NET as 5 days and accepted.
        await using var app = CollectorApplication.Create(["--Collector:Alerting:EvaluationInterval=5", "--Agent:Interval=30",
            "--Agent:Snmp:Devices:0:Address=192.0.2.1", "--Agent:Snmp:Devices:0:Interval=120", "--Collector:Alerting:Delivery:MaxBackoff=0",
            "--Hotspot:Radius:DuplicateCacheLifetime=00:00:30"]);

        var problems = CollectorApplication.ValidateConfiguration(app);

        problems.Should().Contain("Collector:Alerting:EvaluationInterval: \"5\" is a bare number, which .NET reads as 5 days: write 00:00:05 for 5 seconds, 00:05:00 for 5 minutes or 5.00:00:00 for 5 days");
        problems.Should().Contain("Agent:Interval: \"30\" is a bare number, which .NET reads as 30 days: write 00:00:30 for 30 seconds, 00:30:00 for 30 minutes or 30.00:00:00 for 30 days");
        problems.Should().Contain(p => p.StartsWith("Agent:Snmp:Devices:0:Interval: \"120\" is a bare number, which .NET reads as 120 days: write a duration as d.hh:mm:ss", StringComparison.Ordinal));
        problems.Should().NotContain(p => p.Contains("bare number", StringComparison.Ordinal) && (p.Contains("MaxBackoff", StringComparison.Ordinal) || p.Contains("Hotspot", StringComparison.Ordinal)),
            "zero is zero in every unit, and 00:00:30 says what it means");
    }

    [Test]
    public async Task ValidateConfiguration_AnUnknownLogLevel_IsReportedWithTheOthers()
    {
        // Microsoft.Extensions.Logging used to throw "Configuration value 'Verbose' is not supported." once the host started.
        await using var app = CollectorApplication.Create(["--Logging:LogLevel:Default=Verbose", "--Logging:LogLevel:Alpi=warning", "--Collector:Broker:Port=0"]);

        var problems = CollectorApplication.ValidateConfiguration(app);

        problems.Should().Contain(p => p.StartsWith("Logging:LogLevel:Default: \"Verbose\" is not one of Trace, Debug, Information, Warning, Error, Critical, None", StringComparison.Ordinal));
        problems.Should().NotContain(p => p.StartsWith("Logging:LogLevel:Alpi", StringComparison.Ordinal), "a level is read case-insensitively");
        problems.Should().Contain(p => p.StartsWith("Collector:Broker:Port 0 must be between 1 and 65535", StringComparison.Ordinal));
    }

    [Test]
    public async Task ValidateConfiguration_AClusterWithAnUnreadableConnectionStringOnDuckDb_NamesEveryKey()
    {
        await using var app = CollectorApplication.Create(["--Collector:State:Provider=postgresql", "--Collector:State:ConnectionString=Host=db;Nonsense=1",
            "--Collector:Cluster:Enabled=true"]);

        var problems = CollectorApplication.ValidateConfiguration(app);

        problems.Should().Contain(p => p.StartsWith("Collector:State:ConnectionString is not a valid Npgsql connection string", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("Collector:Cluster:Enabled needs a time-series store", StringComparison.Ordinal));
    }

    [Test]
    public async Task ValidateConfiguration_ABrokerPortOutOfRange_WithTheBundledController_IsNamedOnce_ByItsOwnKey()
    {
        // A new user's check: --Collector:Broker:Port=99999 was also reported as Hotspot:Telemetry:Broker:Port, a key the
        // person never set (the bundled controller's telemetry follows the collector's port).
        string[] args = ["--Collector:Broker:Port=99999"];
        await using var app = CollectorApplication.Create(args);
        await using var hotspot = BundledHotspot.Create(args, app.Configuration);

        var problems = CollectorApplication.ValidateConfiguration(app).Concat(Alpi.HotspotController.HotspotApplication.ValidateConfiguration(hotspot.Services)).ToList();

        problems.Should().ContainSingle(p => p.StartsWith("Collector:Broker:Port 99999", StringComparison.Ordinal), string.Join("\n", problems));
        problems.Should().NotContain(p => p.Contains("Hotspot:Telemetry:Broker:Port", StringComparison.Ordinal));
    }

    [Test]
    public async Task Create_CollectorBrokerPortMoved_LocalAgentFollows()
    {
        await using var app = CollectorApplication.Create(["--Collector:Broker:Port=18999"]);

        app.Services.GetRequiredService<IOptions<AgentOptions>>().Value.Broker.Port.Should().Be(18999);
    }

    [Test]
    public async Task Create_AgentBrokerGiven_LocalAgentKeepsIt()
    {
        await using var app = CollectorApplication.Create(["--Collector:Broker:Port=18999"], c => c.AddInMemoryCollection(new Dictionary<string, string?> { ["Agent:Broker:Port"] = "1999" }));

        app.Services.GetRequiredService<IOptions<AgentOptions>>().Value.Broker.Port.Should().Be(1999);
    }
}
