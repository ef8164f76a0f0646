using Alpi.HotspotController.LegalLog;
using Alpi.HotspotController.Sessions;
using Alpi.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace Alpi.HotspotController.Tests.LegalLog;

public class ConnectionLogPurgeJobTests
{
    [Test]
    public async Task TheController_SchedulesThePurgeDailyWithQuartzAndRunsItAtStart()
    {
        await using var db = await HotspotTestDatabase.CreateAsync();
        var now = TimeProvider.System.GetUtcNow();
        await db.AddSessionsAsync(
        [
            new HotspotSession { Nas = "n", AcctSessionId = "expired", StartedUnixMs = now.AddDays(-401).ToUnixTimeMilliseconds(), UpdatedUnixMs = now.AddDays(-400).ToUnixTimeMilliseconds(), StoppedUnixMs = now.AddDays(-400).ToUnixTimeMilliseconds() },
            new HotspotSession { Nas = "n", AcctSessionId = "recent", StartedUnixMs = now.AddDays(-2).ToUnixTimeMilliseconds(), UpdatedUnixMs = now.AddDays(-1).ToUnixTimeMilliseconds(), StoppedUnixMs = now.AddDays(-1).ToUnixTimeMilliseconds() },
        ]);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new("Hotspot:DataDirectory", db.DataDirectory), new("Hotspot:LegalLog:PurgeSchedule", "0 15 4 * * ?")]);
        builder.Services.AddAlpiHotspot(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync();
        try
        {
            var remaining = await Eventually.WaitAsync(async () => await db.SessionIdsAsync() is { Count: 1 } ids ? ids : null, TimeSpan.FromSeconds(20));
            remaining.Should().Equal("recent");
            var scheduler = host.Services.GetRequiredService<IScheduler>();
            var trigger = await scheduler.GetTrigger(new TriggerKey(ConnectionLogPurgeJob.Key.Name, ConnectionLogPurgeJob.Key.Group), CancellationToken.None);
            trigger.Should().BeAssignableTo<ICronTrigger>().Which.CronExpressionString.Should().Be("0 15 4 * * ?");
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
