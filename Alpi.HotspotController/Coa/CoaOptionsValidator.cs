using System.Net;
using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Coa;

/// <summary>Checks <c>Hotspot:Coa</c> at start, beside <see cref="HotspotOptionsValidator"/>, naming each wrong key.</summary>
public sealed class CoaOptionsValidator : IValidateOptions<HotspotOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HotspotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Coa.Timeout < TimeSpan.FromMilliseconds(100) || options.Coa.Timeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"Hotspot:Coa:Timeout is {options.Coa.Timeout}; it must be 00:00:00.1 to 00:01:00.");
        }

        if (options.Coa.Retries is < 0 or > 10)
        {
            failures.Add($"Hotspot:Coa:Retries is {options.Coa.Retries}; it must be 0 to 10.");
        }

        if (!string.IsNullOrEmpty(options.Coa.BindAddress) && !IPAddress.TryParse(options.Coa.BindAddress, out _))
        {
            failures.Add($"Hotspot:Coa:BindAddress '{options.Coa.BindAddress}' is not an IP address.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
