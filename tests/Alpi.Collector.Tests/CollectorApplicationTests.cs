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

        CollectorApplication.ValidateConfiguration(app).Should().ContainSingle(p => p.Contains("'Collector:Ingest:MaxBatchPoints'", StringComparison.Ordinal));
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
