using System.Globalization;
using Alpi.Protocols.Mqtt;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Collectors.Snmp;

/// <summary>Checks <see cref="SnmpPollingOptions"/> at start and reports every problem at once, naming the configuration key.</summary>
/// <param name="sectionPath">The configuration path of the section, for the keys in messages (<c>Agent:Snmp</c>).</param>
internal sealed class SnmpPollingOptionsValidator(string sectionPath) : IValidateOptions<SnmpPollingOptions>
{
    public ValidateOptionsResult Validate(string? name, SnmpPollingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var s = sectionPath;
        if (options.MaxConcurrency < 1)
        {
            errors.Add($"{s}:MaxConcurrency {options.MaxConcurrency} must be at least 1.");
        }

        SnmpProfileCatalog? catalog = null;
        try
        {
            catalog = SnmpProfileCatalog.Load(options.ProfilesDirectory);
        }
        catch (SnmpProfileException e)
        {
            errors.Add($"{s}:ProfilesDirectory: {e.Message}");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Devices.Count; i++)
        {
            var device = options.Devices[i];
            var prefix = string.Create(CultureInfo.InvariantCulture, $"{s}:Devices:{i}");
            if (!AlpiTopic.IsValidLevel(device.Name))
            {
                errors.Add($"{prefix}:Name \"{device.Name}\" must be non-empty and contain no '/', '+', '#'.");
            }
            else if (!names.Add(device.Name))
            {
                errors.Add($"{prefix}:Name \"{device.Name}\" is used by another device.");
            }

            SnmpDeviceTarget.TryCreate(device, prefix, errors);
            if (device.Interval < TimeSpan.FromSeconds(1))
            {
                errors.Add($"{prefix}:Interval {device.Interval} must be at least 00:00:01.");
            }

            if (device.Profile is { } profile && catalog is not null && !catalog.Contains(profile))
            {
                errors.Add($"{prefix}:Profile \"{profile}\" is not a known profile ({string.Join(", ", catalog.Names)}).");
            }

            if (!string.IsNullOrEmpty(device.Site) && !AgentOptionsValidator.IsValidSite(device.Site))
            {
                errors.Add($"{prefix}:Site \"{device.Site}\" of device \"{device.Name}\" must be at most {AgentOptions.MaxSiteLength} letters, digits, spaces, '-', '_', '.' or apostrophes, beginning and ending with a letter or a digit (or be left empty for the polling agent's site).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
