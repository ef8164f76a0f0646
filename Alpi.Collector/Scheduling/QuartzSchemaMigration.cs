using Alpi.Collector.Relational;
using Microsoft.Extensions.Hosting;

namespace Alpi.Collector.Scheduling;

/// <summary>
/// Creates or migrates Quartz.NET's tables (<see cref="QuartzSchema"/>) in the collector's PostgreSQL schema when the
/// collector starts, before the scheduler does (which then checks them). Registered only with
/// <c>Collector:State:Provider=postgresql</c>; a database that cannot be reached stops the start, as for the other
/// components' schemas.
/// </summary>
/// <param name="databases">The collector's databases.</param>
public sealed class QuartzSchemaMigration(CollectorDatabases databases) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => databases.State.MigrateAsync(QuartzSchema.Migrations, cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
