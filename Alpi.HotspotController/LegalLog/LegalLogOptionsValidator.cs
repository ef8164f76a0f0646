using Microsoft.Extensions.Options;
using Quartz;

namespace Alpi.HotspotController.LegalLog;

/// <summary>
/// Checks <c>Hotspot:LegalLog:PurgeSchedule</c> at start (the retention periods are checked by
/// <see cref="HotspotOptionsValidator"/>).
/// </summary>
public sealed class LegalLogOptionsValidator : IValidateOptions<HotspotOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HotspotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!CronExpression.TryParse(options.LegalLog.PurgeSchedule ?? "", out _))
        {
            failures.Add($"Hotspot:LegalLog:PurgeSchedule '{options.LegalLog.PurgeSchedule}' is not a Quartz cron expression (seconds first, e.g. '0 30 3 * * ?' for 03:30 daily).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
