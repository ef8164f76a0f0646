using Microsoft.Extensions.Options;

namespace Alpi.Collector.Storage.Retention;

/// <summary>Checks <c>Collector:Storage:Retention</c> at start and reports every problem at once, naming the key.</summary>
internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        const string s = RetentionOptions.SectionName;
        var errors = new List<string>();
        if (options.RawRetentionDays is < 1 or > 36500)
        {
            errors.Add($"{s}:RawRetentionDays {options.RawRetentionDays} must be between 1 and 36500.");
        }

        if (options.RollupRetentionDays < options.RawRetentionDays || options.RollupRetentionDays > 36500)
        {
            errors.Add($"{s}:RollupRetentionDays {options.RollupRetentionDays} must be at least {s}:RawRetentionDays ({options.RawRetentionDays}) and at most 36500.");
        }

        if (options.Interval < TimeSpan.FromMinutes(1) || options.Interval > TimeSpan.FromDays(1))
        {
            errors.Add($"{s}:Interval {options.Interval} must be between 00:01:00 and 1.00:00:00.");
        }

        if (options.Delay < TimeSpan.Zero || options.Delay > TimeSpan.FromHours(1))
        {
            errors.Add($"{s}:Delay {options.Delay} must be between 00:00:00 and 01:00:00.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
