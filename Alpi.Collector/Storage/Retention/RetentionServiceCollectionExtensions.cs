using Alpi.Protocols.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;

namespace Alpi.Collector.Storage.Retention;

/// <summary>Registers retention and downsampling (called by <c>AddAlpiCollector</c>, after the stores and the alert engine).</summary>
public static class RetentionServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="RetentionOptions"/> from <c>Collector:Storage:Retention</c> and, when enabled, schedules
    /// <see cref="RollupJob"/> on the collector's Quartz.NET scheduler: at start, then every <see cref="RetentionOptions.Interval"/>.
    /// The Quartz hosted service is added once whoever asks for it first (the alert engine does too); registered after the
    /// stores' lifecycle, it starts after the stores are open and stops, waiting for a running rollup, before they close.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddAlpiRetention(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(RetentionOptions.SectionName);
        services.AddOptions<RetentionOptions>().BindReportingUnconvertible(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>());
        services.TryAddSingleton<RollupStatistics>();
        var retention = new RetentionOptions();
        ConfigurationConversion.BindConvertible(section, retention);
        if (!retention.Enabled)
        {
            return services;
        }

        // An invalid interval fails validation at start; this only keeps the trigger builder from throwing first.
        var interval = retention.Interval >= TimeSpan.FromMinutes(1) ? retention.Interval : TimeSpan.FromMinutes(1);
        services.AddQuartz(q =>
        {
            q.AddJob<RollupJob>(j => j.WithIdentity(RollupJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(RollupJob.Key).WithIdentity("rollup-tick", "storage")
                .StartNow().WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever()));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
