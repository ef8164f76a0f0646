using Alpi.Protocols.Configuration;
using Alpi.Collector.Relational;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace Alpi.Collector.Scheduling;

/// <summary>
/// Registers the collector's Quartz.NET scheduler settings (called by <c>AddAlpiCollector</c> before any component adds
/// its jobs). Components add jobs and triggers with their own <c>services.AddQuartz(q =&gt; …)</c> and
/// <c>AddQuartzHostedService</c>: the calls compose into one scheduler, whose job store this decides.
/// </summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// The scheduler's name (Quartz's <c>InstanceName</c>, <c>sched_name</c> in its tables): the same on every collector
    /// of a cluster, which is what makes them one.
    /// </summary>
    public const string SchedulerName = "alpi-collector";

    /// <summary>
    /// True when <paramref name="configuration"/> asks for a cluster that can be one: <c>Collector:Cluster:Enabled</c>
    /// and <c>Collector:State:Provider=postgresql</c> (a cluster without PostgreSQL is refused at start by the options
    /// validator, naming both keys).
    /// </summary>
    public static bool IsClustered(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = Bind(configuration);
        return options.Cluster.Enabled && options.State.IsPostgreSql;
    }

    /// <summary>
    /// With <c>Collector:State:Provider=postgresql</c>, migrates Quartz.NET's tables into the collector's schema at start
    /// (<see cref="QuartzSchema"/>, by the first hosted service, so before the scheduler starts whoever registered it); with <c>Collector:Cluster:Enabled</c> too, makes the
    /// scheduler clustered: Quartz's ADO.NET job store on that database (<c>UsePostgres</c>, table prefix
    /// <c>&lt;schema&gt;.qrtz_</c>, System.Text.Json job data), <c>UseClustering</c> with
    /// <c>Collector:Cluster:CheckinInterval</c> and <c>CheckinMisfireThreshold</c>, the scheduler named
    /// <see cref="SchedulerName"/>, and a trigger declared again at a collector's start keeps its firing history
    /// (<c>ScheduleTriggerRelativeToReplacedTrigger</c>), so that starting a collector does not fire a job again. Jobs of
    /// a clustered scheduler must be <c>[DisallowConcurrentExecution]</c> to run on one collector at a time, and their
    /// types loadable on every collector.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddAlpiScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = Bind(configuration);
        if (!options.State.IsPostgreSql)
        {
            return services;
        }

        // First of the hosted services, whoever registers the Quartz hosted service and when: the scheduler it starts
        // checks the tables this creates.
        if (!services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(QuartzSchemaMigration)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, QuartzSchemaMigration>());
        }
        if (!options.Cluster.Enabled || string.IsNullOrWhiteSpace(options.State.ConnectionString))
        {
            return services;
        }

        string connectionString;
        try
        {
            connectionString = StateDatabase.PostgreSqlConnectionString(options.State.ConnectionString, options.State.Schema);
        }
        catch (ArgumentException)
        {
            // An unreadable connection string: the options validator reports it, naming the key, before anything starts.
            return services;
        }

        var cluster = options.Cluster;
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = SchedulerName;
                if (!string.IsNullOrWhiteSpace(cluster.InstanceId))
                {
                    s.InstanceId = cluster.InstanceId;
                }
            });
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseClustering(c =>
                {
                    c.CheckinInterval = cluster.CheckinInterval;
                    c.CheckinMisfireThreshold = cluster.CheckinMisfireThreshold;
                });
                store.UseSystemTextJsonSerializer();
                store.ConfigureStore(s => s.TablePrefix = options.State.Schema + ".qrtz_");
            });
        });
        services.Configure<QuartzOptions>(o => o.Scheduling.ScheduleTriggerRelativeToReplacedTrigger = true);
        return services;
    }

    private static CollectorOptions Bind(IConfiguration configuration)
    {
        var options = new CollectorOptions();
        // A value that does not convert is left out here and reported by the options' validation, naming its key.
        ConfigurationConversion.BindConvertible(configuration.GetSection($"{CollectorOptions.SectionName}:State"), options.State);
        ConfigurationConversion.BindConvertible(configuration.GetSection($"{CollectorOptions.SectionName}:Cluster"), options.Cluster);
        return options;
    }
}
