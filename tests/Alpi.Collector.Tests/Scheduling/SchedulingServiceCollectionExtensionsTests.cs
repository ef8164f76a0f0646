using Alpi.Collector.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace Alpi.Collector.Tests.Scheduling;

/// <summary>What <c>AddAlpiScheduling</c> registers for each configuration (no database needed: the registrations only).</summary>
public class SchedulingServiceCollectionExtensionsTests
{
    [Test]
    public void OnSqlite_NothingIsAdded_AndTheClusterIsOff()
    {
        var configuration = Configuration(new() { ["Collector:Cluster:Enabled"] = "true" });
        var services = new ServiceCollection();

        services.AddAlpiScheduling(configuration);

        services.Should().BeEmpty("Quartz keeps its in-memory store next to SQLite files");
        SchedulingServiceCollectionExtensions.IsClustered(configuration).Should().BeFalse("a cluster without PostgreSQL is refused by the validator");
    }

    [Test]
    public void OnPostgreSql_TheQuartzTablesAreMigratedByTheFirstHostedService_WhoeverAddedTheScheduler()
    {
        var configuration = Configuration(new()
        {
            ["Collector:State:Provider"] = "postgresql",
            ["Collector:State:ConnectionString"] = "Host=db.example;Database=alpi",
            ["Collector:Cluster:Enabled"] = "true",
        });
        var services = new ServiceCollection();
        services.AddQuartz();
        services.AddQuartzHostedService();

        services.AddAlpiScheduling(configuration);
        services.AddAlpiScheduling(configuration);

        services.Where(d => d.ServiceType == typeof(IHostedService)).Select(d => d.ImplementationType?.Name ?? "factory")
            .Should().HaveElementAt(0, nameof(QuartzSchemaMigration)).And.ContainSingle(n => n == nameof(QuartzSchemaMigration));
        SchedulingServiceCollectionExtensions.IsClustered(configuration).Should().BeTrue();
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) => new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
