using Alpi.Collector.Alerting.Notifications.Email;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Alerting;

/// <summary>Checks <c>Collector:Alerting</c> at start and reports every problem at once, naming the configuration key.</summary>
internal sealed class AlertingOptionsValidator : IValidateOptions<CollectorOptions>
{
    public ValidateOptionsResult Validate(string? name, CollectorOptions options)
    {
        const string s = CollectorOptions.SectionName + ":Alerting";
        var a = options.Alerting;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(a.RulesFile))
        {
            errors.Add($"{s}:RulesFile must be set.");
        }

        if (a.EvaluationInterval < TimeSpan.FromMilliseconds(100) || a.EvaluationInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"{s}:EvaluationInterval {a.EvaluationInterval} must be between 00:00:00.1 and 01:00:00.");
        }

        if (a.Flapping.Samples is < 3 or > 64)
        {
            errors.Add($"{s}:Flapping:Samples {a.Flapping.Samples} must be between 3 and 64.");
        }

        if (a.Flapping.LowPercent < 0 || a.Flapping.HighPercent > 100 || a.Flapping.LowPercent > a.Flapping.HighPercent)
        {
            errors.Add($"{s}:Flapping:LowPercent {a.Flapping.LowPercent} and HighPercent {a.Flapping.HighPercent} must satisfy 0 <= low <= high <= 100.");
        }

        if (a.Delivery.MaxAttempts < 1)
        {
            errors.Add($"{s}:Delivery:MaxAttempts {a.Delivery.MaxAttempts} must be at least 1.");
        }

        if (a.Delivery.InitialBackoff <= TimeSpan.Zero || a.Delivery.MaxBackoff < a.Delivery.InitialBackoff)
        {
            errors.Add($"{s}:Delivery:InitialBackoff must be positive and at most Delivery:MaxBackoff.");
        }

        if (a.Delivery.AttemptTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{s}:Delivery:AttemptTimeout must be positive.");
        }

        var email = a.Email;
        if (!string.IsNullOrWhiteSpace(email.Host))
        {
            if (email.Port is < 1 or > 65535)
            {
                errors.Add($"{s}:Email:Port {email.Port} must be between 1 and 65535.");
            }

            if (!MimeKit.MailboxAddress.TryParse(email.From, out _))
            {
                errors.Add($"{s}:Email:From \"{email.From}\" is not an e-mail address.");
            }

            if (email.To.Count == 0)
            {
                errors.Add($"{s}:Email:To must list at least one address (Email:To:0).");
            }

            for (var i = 0; i < email.To.Count; i++)
            {
                if (!MimeKit.MailboxAddress.TryParse(email.To[i], out _))
                {
                    errors.Add($"{s}:Email:To:{i} \"{email.To[i]}\" is not an e-mail address.");
                }
            }

            if (!string.IsNullOrEmpty(email.Username) && email.Security == EmailSecurity.None)
            {
                errors.Add($"{s}:Email:Security None with a Username would send the password in clear; use StartTls or SslOnConnect.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
