using Alpi.Collector.Security.Accounts;
using Alpi.Collector.Security.Authorization;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Security;

/// <summary>Checks <see cref="SecurityOptions"/> at start and reports every problem at once, naming the configuration key (never a token's value).</summary>
internal sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        const string s = SecurityOptions.SectionName;
        var errors = new List<string>();
        if (!string.IsNullOrEmpty(options.BootstrapAdmin) && AccountNames.Problem(options.BootstrapAdmin) is { } nameProblem)
        {
            errors.Add($"{s}:BootstrapAdmin: {nameProblem}.");
        }

        foreach (var (tokenName, token) in options.Tokens)
        {
            var key = $"{s}:Tokens:{tokenName}";
            if (AccountNames.Problem(tokenName) is not null)
            {
                errors.Add($"{key}: a token's name has 1 to {AccountNames.MaxLength} ASCII letters, digits, '.', '-', '_' or '@'.");
            }

            var hasToken = !string.IsNullOrEmpty(token.Token);
            var hasHash = !string.IsNullOrEmpty(token.Hash);
            if (hasToken == hasHash)
            {
                errors.Add($"{key} must have exactly one of Token (the secret) or Hash (its SHA-256 in hexadecimal).");
            }
            else if (hasToken && token.Token!.Length < ApiTokenOptions.MinTokenLength)
            {
                errors.Add($"{key}:Token has {token.Token.Length} characters; at least {ApiTokenOptions.MinTokenLength} are required (e.g. openssl rand -hex 32).");
            }
            else if (hasHash && (token.Hash!.Length != 64 || !token.Hash.All(char.IsAsciiHexDigit)))
            {
                errors.Add($"{key}:Hash must be 64 hexadecimal digits (SHA-256 of the token: dotnet run --project Alpi.Collector -- tokens hash).");
            }

            if (TokenScopes.RoleOf(token.Scope) is null)
            {
                errors.Add($"{key}:Scope \"{token.Scope}\" must be {TokenScopes.Read} or {TokenScopes.Admin}.");
            }
        }

        Range(errors, $"{s}:MaxFailedLogins", options.MaxFailedLogins, 1, 100);
        Range(errors, $"{s}:LoginAttemptsPerWindow", options.LoginAttemptsPerWindow, 1, 10_000);
        Range(errors, $"{s}:AuditRetentionDays", options.AuditRetentionDays, 30, 3650);
        Between(errors, $"{s}:LockoutDuration", options.LockoutDuration, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Between(errors, $"{s}:LoginRateWindow", options.LoginRateWindow, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Between(errors, $"{s}:SessionIdleTimeout", options.SessionIdleTimeout, TimeSpan.FromMinutes(5), TimeSpan.FromDays(30));
        for (var i = 0; i < options.AllowedOrigins.Count; i++)
        {
            var origin = options.AllowedOrigins[i];
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.GetLeftPart(UriPartial.Authority) != origin.TrimEnd('/'))
            {
                errors.Add($"{s}:AllowedOrigins:{i} \"{origin}\" must be an origin: scheme://host[:port], without a path (https://supervision.example.org).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} {value} must be between {min} and {max}.");
        }
    }

    private static void Between(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} {value} must be between {min} and {max}.");
        }
    }
}
