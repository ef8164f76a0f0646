using Microsoft.Extensions.Options;

namespace Alpi.HotspotController.Admin;

/// <summary>
/// Checks <c>Hotspot:Admin</c> at start, beside <see cref="HotspotOptionsValidator"/>: every wrong key is named, a
/// token never quoted.
/// </summary>
public sealed class AdminOptionsValidator : IValidateOptions<HotspotOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HotspotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Admin.Tokens.Count; i++)
        {
            var token = options.Admin.Tokens[i];
            var key = $"Hotspot:Admin:Tokens:{i}";
            if (string.IsNullOrWhiteSpace(token.Name))
            {
                failures.Add($"{key}:Name must not be empty (it names the actor in the audit log).");
            }
            else if (!names.Add(token.Name))
            {
                failures.Add($"{key}:Name '{token.Name}' is used by another token; names must be unique.");
            }

            if ((token.Token?.Length ?? 0) < AdminTokenOptions.MinTokenLength)
            {
                failures.Add($"{key}:Token has {token.Token?.Length ?? 0} characters; at least {AdminTokenOptions.MinTokenLength} are needed (e.g. openssl rand -hex 32).");
            }
            else if (!tokens.Add(token.Token!))
            {
                failures.Add($"{key}:Token is the same as another token's; tokens must be unique.");
            }

            if (token.Role is not (AdminRoles.Admin or AdminRoles.Dpo))
            {
                failures.Add($"{key}:Role '{token.Role}' is not '{AdminRoles.Admin}' or '{AdminRoles.Dpo}'.");
            }
        }

        if (options.Admin.SearchWindowDays is < 1 or > 366)
        {
            failures.Add($"Hotspot:Admin:SearchWindowDays is {options.Admin.SearchWindowDays}; it must be 1 to 366.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
