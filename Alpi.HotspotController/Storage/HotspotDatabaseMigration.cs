using Microsoft.Extensions.Hosting;

namespace Alpi.HotspotController.Storage;

/// <summary>Applies the schema migrations at start, before the servers that use the database (registered first).</summary>
public sealed class HotspotDatabaseMigration(HotspotDatabase database) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => database.MigrateAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
