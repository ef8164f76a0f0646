using Quartz;

namespace Alpi.Collector.Alerting.Evaluation;

/// <summary>
/// The evaluation tick as a Quartz.NET job, fired every <see cref="AlertingOptions.EvaluationInterval"/>.
/// <see cref="DisallowConcurrentExecutionAttribute"/>: a slow tick is never overlapped by the next one (Quartz
/// fires it late instead). With Quartz's clustered job store (deployment mode 3) the same job fires once across the
/// cluster; escalation steps, re-notifications and on-call handovers are meant to be jobs beside it.
/// </summary>
[DisallowConcurrentExecution]
public sealed class AlertEvaluationJob(AlertingService alerting) : IJob
{
    /// <summary>The job's key in the scheduler.</summary>
    public static readonly JobKey Key = new("alert-evaluation", "alerting");

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await alerting.EvaluateAsync(cancellationToken);
    }
}
