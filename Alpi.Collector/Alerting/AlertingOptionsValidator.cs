using Alpi.Collector.Alerting.Notifications.Channels;
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

            if (email.To.Count == 0 && string.IsNullOrWhiteSpace(a.OnCallFile))
            {
                // With an on-call file, people's addresses may be the only recipients (alerts without one fail, counted).
                errors.Add($"{s}:Email:To must list at least one address (Email:To:0) when there is no OnCallFile.");
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

        ValidateChannels(a, s, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    
    }

    private static void ValidateChannels(AlertingOptions a, string s, List<string> errors)
    {
        foreach (var (name, webhook) in a.Webhooks)
        {
            if (name is "email" or "sms" or "mqtt")
            {
                errors.Add($"{s}:Webhooks:{name}: the name {name} is taken by a built-in channel; choose another.");
            }

            if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                errors.Add($"{s}:Webhooks:{name}:Url \"{webhook.Url}\" must be an absolute http or https URL.");
            }
        }

        var sms = a.Sms;
        if (!string.IsNullOrWhiteSpace(sms.Url))
        {
            if (!Uri.TryCreate(sms.Url.Replace("{{", "", StringComparison.Ordinal).Replace("}}", "", StringComparison.Ordinal), UriKind.Absolute, out _))
            {
                errors.Add($"{s}:Sms:Url \"{sms.Url}\" must be an absolute URL (a template).");
            }

            if (sms.Method.ToUpperInvariant() is not ("GET" or "POST" or "PUT"))
            {
                errors.Add($"{s}:Sms:Method \"{sms.Method}\" must be GET, POST or PUT.");
            }

            if (!System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(sms.ContentType, out _))
            {
                errors.Add($"{s}:Sms:ContentType \"{sms.ContentType}\" is not a media type.");
            }

            foreach (var (key, template) in new[] { ("Url", sms.Url), ("Body", sms.Body) })
            {
                foreach (var unknown in ChannelTemplate.Unknown(template))
                {
                    errors.Add($"{s}:Sms:{key}: {{{{ {unknown} }}}} is not a placeholder; use {string.Join(", ", ChannelTemplate.Names)}.");
                }
            }

            if (sms.MaxLength < 10)
            {
                errors.Add($"{s}:Sms:MaxLength {sms.MaxLength} must be at least 10.");
            }
        }

        foreach (var unknown in ChannelTemplate.Unknown(a.Mqtt.Topic))
        {
            errors.Add($"{s}:Mqtt:Topic: {{{{ {unknown} }}}} is not a placeholder; use {string.Join(", ", ChannelTemplate.Names)}.");
        }

        if (a.Mqtt.Enabled && (string.IsNullOrWhiteSpace(a.Mqtt.Topic) || a.Mqtt.Topic.Contains('+', StringComparison.Ordinal) || a.Mqtt.Topic.Contains('#', StringComparison.Ordinal)))
        {
            errors.Add($"{s}:Mqtt:Topic \"{a.Mqtt.Topic}\" must be a topic name without wildcards.");
        }

        if (a.Grouping.By.Count > 0 && (a.Grouping.Wait < TimeSpan.Zero || a.Grouping.Interval < TimeSpan.Zero))
        {
            errors.Add($"{s}:Grouping:Wait and Interval must not be negative.");
        }
    }
}
