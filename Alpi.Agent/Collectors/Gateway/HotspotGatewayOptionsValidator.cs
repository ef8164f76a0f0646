using Microsoft.Extensions.Options;

namespace Alpi.Agent.Collectors.Gateway;

/// <summary>Checks <see cref="HotspotGatewayOptions"/> at start and reports every problem at once, naming the configuration key.</summary>
internal sealed class HotspotGatewayOptionsValidator : IValidateOptions<HotspotGatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, HotspotGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string s = HotspotGatewayOptions.SectionPath;
        if (string.IsNullOrWhiteSpace(options.ProcessName) || options.ProcessName.Contains('/', StringComparison.Ordinal))
        {
            errors.Add($"{s}:ProcessName must be a process name (chilli), not empty and without '/'.");
        }
        else if (options.ProcessName.Length > HotspotGatewayOptions.MaxProcessNameLength)
        {
            errors.Add($"{s}:ProcessName \"{options.ProcessName}\" is longer than the {HotspotGatewayOptions.MaxProcessNameLength} characters the kernel keeps in /proc/PID/comm: give its first {HotspotGatewayOptions.MaxProcessNameLength}.");
        }

        if (options.CommandTimeout < TimeSpan.FromMilliseconds(100) || options.CommandTimeout > TimeSpan.FromSeconds(60))
        {
            errors.Add($"{s}:CommandTimeout {options.CommandTimeout} must be between 00:00:00.1 and 00:01:00.");
        }

        if (options.SocketPath is { Length: > 0 } socket && !socket.StartsWith('/'))
        {
            errors.Add($"{s}:SocketPath \"{socket}\" must be an absolute path.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
