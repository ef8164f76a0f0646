using Alpi.Collector.Relational;
using Alpi.Collector.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;

namespace Alpi.Collector.Tests.Scheduling;

/// <summary>
/// One collector's scheduler, as the collector registers it (<see cref="SchedulingServiceCollectionExtensions.AddAlpiScheduling"/>
/// from its configuration, then a component's own <c>AddQuartz</c> with a job), in a host of its own: two of them on one
/// PostgreSQL database are a cluster of two collectors, without the rest of the collector.
/// </summary>
internal sealed class ClusterNode : IAsyncDisposable
{
    public static readonly JobKey JobKey = new("recorded", "test");
    private readonly IHost _host;

    private ClusterNode(IHost host, string instanceId)
    {
        _host = host;
        InstanceId = instanceId;
    }

    public string InstanceId { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>Starts a node whose scheduler reaches PostgreSQL through <paramref name="connectionString"/> (a relay's, to make it die).</summary>
    public static async Task<ClusterNode> StartAsync(string connectionString, string instanceId, FireLog log, TimeSpan interval, TimeSpan checkin)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Collector:State:Provider"] = StateOptions.PostgreSql,
            ["Collector:State:ConnectionString"] = connectionString,
            ["Collector:Cluster:Enabled"] = "true",
            ["Collector:Cluster:CheckinInterval"] = checkin.ToString(),
            ["Collector:Cluster:CheckinMisfireThreshold"] = checkin.ToString(),
            ["Collector:Cluster:InstanceId"] = instanceId,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new CollectorOptions();
        configuration.GetSection(CollectorOptions.SectionName).Bind(options);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(new CollectorDatabases(options));
        builder.Services.AddSingleton(log);
        builder.Services.AddAlpiScheduling(configuration);
        builder.Services.AddQuartz(q =>
        {
            q.AddJob<RecordedJob>(j => j.WithIdentity(JobKey).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(JobKey).WithIdentity("recorded-tick", "test").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever()));
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = false);
        var host = builder.Build();
        await host.StartAsync();
        return new ClusterNode(host, instanceId);
    }

    public async Task<IScheduler> SchedulerAsync() => await _host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    /// <summary>Stops the node, giving up after 20 s (a node cut from its database cannot shut its scheduler down cleanly).</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _host.StopAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or NpgsqlException or SchedulerException)
        {
            // Cut from its database: nothing more to stop cleanly.
        }

        _host.Dispose();
    }
}

/// <summary>
/// Where the test's job writes each execution it starts, straight to PostgreSQL (not through a node's relay): the
/// node's instance, the trigger's scheduled fire time, whether it is a recovery. Each execution then waits until
/// <see cref="Release"/> or <see cref="RunFor"/>.
/// </summary>
internal sealed class FireLog(string connectionString)
{
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TimeSpan RunFor { get; set; }

    public Task Released => _released.Task;

    public void Release() => _released.TrySetResult();

    public async Task CreateAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            CREATE TABLE test_fires (instance TEXT NOT NULL, scheduled_ms BIGINT NOT NULL, started_ms BIGINT NOT NULL, recovering BOOLEAN NOT NULL)
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task RecordAsync(IJobExecutionContext context)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("INSERT INTO test_fires VALUES (@instance, @scheduled, @started, @recovering)", connection);
        command.Parameters.AddWithValue("instance", context.Scheduler.SchedulerInstanceId);
        command.Parameters.AddWithValue("scheduled", (context.ScheduledFireTimeUtc ?? context.FireTimeUtc).ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("started", TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("recovering", context.Recovering);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<List<Fire>> FiresAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT instance, scheduled_ms, started_ms, recovering FROM test_fires ORDER BY started_ms", connection);
        var result = new List<Fire>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add(new Fire(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetBoolean(3)));
        }

        return result;
    }

    internal sealed record Fire(string Instance, long ScheduledMs, long StartedMs, bool Recovering);
}

/// <summary>The test's job: one execution at a time across the cluster, recorded, then waiting.</summary>
[DisallowConcurrentExecution]
internal sealed class RecordedJob(FireLog log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await log.RecordAsync(context);
        await Task.WhenAny(log.Released, Task.Delay(log.RunFor, cancellationToken));
    }
}
