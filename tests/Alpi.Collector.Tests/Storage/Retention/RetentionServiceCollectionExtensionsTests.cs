using Alpi.Collector.Storage.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;

namespace Alpi.Collector.Tests.Storage.Retention;

/// <summary>The rollup job on the collector's Quartz scheduler, as <c>AddAlpiRetention</c> registers it.</summary>
public class RetentionServiceCollectionExtensionsTests
{
    [Test]
    public async Task AddAlpiRetention_Enabled_SchedulesTheRollupJobAtStartAndEveryInterval()
    {
        var services = Services(new() { ["Collector:Storage:Retention:Interval"] = "00:10:00" });
        await using var provider = services.BuildServiceProvider();

        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var triggers = await scheduler.GetTriggersOfJob(RollupJob.Key);

        (await scheduler.GetJobDetail(RollupJob.Key))!.JobType.Type.Should().Be<RollupJob>();
        triggers.Should().ContainSingle().Which.Should().BeAssignableTo<ISimpleTrigger>()
            .Which.RepeatInterval.Should().Be(TimeSpan.FromMinutes(10));
        services.Should().ContainSingle(d => d.ServiceType == typeof(IHostedService)).Which.ImplementationType!.Name.Should().Be("QuartzHostedService");
    }

    [Test]
    public async Task AddAlpiRetention_Disabled_SchedulesNothing()
    {
        var services = Services(new() { ["Collector:Storage:Retention:Enabled"] = "false" });
        await using var provider = services.BuildServiceProvider();

        provider.GetService<ISchedulerFactory>().Should().BeNull();
        provider.GetRequiredService<IOptions<RetentionOptions>>().Value.Enabled.Should().BeFalse();
        services.Should().NotContain(d => d.ServiceType == typeof(IHostedService));
    }

    [Test]
    public async Task AddAlpiRetention_InvalidSettings_FailValidationNamingTheKey()
    {
        await using var provider = Services(new() { ["Collector:Storage:Retention:RawRetentionDays"] = "0" }).BuildServiceProvider();

        var read = () => provider.GetRequiredService<IOptions<RetentionOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().WithMessage("*Collector:Storage:Retention:RawRetentionDays 0*");
    }

    [Test]
    public async Task AddAlpiRetention_AfterTheAlertEngine_KeepsOneSchedulerWithBothJobs()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([]).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddQuartz(q => q.AddJob<NothingJob>(j => j.WithIdentity("other", "alerting").StoreDurably()));
        services.AddQuartzHostedService();
        services.AddAlpiRetention(configuration);
        await using var provider = services.BuildServiceProvider();

        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();

        (await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup())).Should().BeEquivalentTo([new JobKey("other", "alerting"), RollupJob.Key]);
        services.Should().ContainSingle(d => d.ServiceType == typeof(IHostedService));
    }

    private static IServiceCollection Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddAlpiRetention(configuration);
    }

    private sealed class NothingJob : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
