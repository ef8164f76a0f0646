using System.Data.Common;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Alpi.HotspotController.LegalLog;

/// <summary>
/// The Quartz.NET job that runs <see cref="ConnectionLogPurge"/> on <see cref="LegalLogOptions.PurgeSchedule"/> and
/// once at each start. Never two at once; with a clustered job store (deployment mode 3), once across the cluster.
/// A failure (database locked or unwritable) is logged and the next run retries.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class ConnectionLogPurgeJob(ConnectionLogPurge purge, ILogger<ConnectionLogPurgeJob> logger) : IJob
{
    /// <summary>The job's key in the scheduler.</summary>
    public static readonly JobKey Key = new("connection-log-purge", "alpi-hotspot");

    /// <summary>Runs the purge.</summary>
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await purge.RunAsync(cancellationToken);
        }
        catch (DbException e)
        {
            Log.Failed(logger, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Connection log purge failed ({Reason}); the next run retries")]
        public static partial void Failed(ILogger logger, string reason);
    }
}
