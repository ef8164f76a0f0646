using Microsoft.Extensions.Options;

namespace Alpi.Agent.Collectors.Wireless;

/// <summary>Checks <see cref="WirelessOptions"/> at start and reports every problem at once, naming the configuration key.</summary>
internal sealed class WirelessOptionsValidator : IValidateOptions<WirelessOptions>
{
    /// <summary>Shortest accepted <see cref="WirelessOptions.CommandTimeout"/>.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest accepted <see cref="WirelessOptions.CommandTimeout"/>.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(60);

    public ValidateOptionsResult Validate(string? name, WirelessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string s = WirelessOptions.SectionPath;
        if (string.IsNullOrWhiteSpace(options.IwCommand))
        {
            errors.Add($"{s}:IwCommand must name the iw executable (\"iw\" or a path).");
        }

        if (options.CommandTimeout < MinTimeout || options.CommandTimeout > MaxTimeout)
        {
            errors.Add($"{s}:CommandTimeout {options.CommandTimeout} must be between {MinTimeout} and {MaxTimeout}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
