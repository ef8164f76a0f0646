namespace Alpi.Collector.Alerting.Notifications.Channels.Sms;

/// <summary>
/// The SMS channel (<c>sms</c>) through an HTTP gateway (<c>Collector:Alerting:Sms</c>), on when <see cref="Url"/> is
/// set. <see cref="Url"/> and <see cref="Body"/> are templates (<see cref="ChannelTemplate"/>): values are
/// URL-encoded in the URL and in a form body, JSON-escaped in a JSON body (write the quotes in the template).
/// </summary>
public sealed class SmsOptions
{
    /// <summary>The gateway URL template, e.g. <c>https://sms.example/send?to={{ to }}&amp;msg={{ text }}</c>.</summary>
    public string? Url { get; set; }

    /// <summary>HTTP method: POST (default), PUT or GET (no body).</summary>
    public string Method { get; set; } = "POST";

    /// <summary>Content type of the body: <c>application/x-www-form-urlencoded</c> (default) or <c>application/json</c>, or any other (values unencoded).</summary>
    public string ContentType { get; set; } = "application/x-www-form-urlencoded";

    /// <summary>The body template. Default <c>to={{ to }}&amp;text={{ text }}</c>.</summary>
    public string Body { get; set; } = "to={{ to }}&text={{ text }}";

    /// <summary>Basic authentication user, or null.</summary>
    public string? Username { get; set; }

    /// <summary>Basic authentication password (never logged).</summary>
    public string? Password { get; set; }

    /// <summary>A bearer token (<c>Authorization: Bearer …</c>), or null.</summary>
    public string? BearerToken { get; set; }

    /// <summary>Extra request headers (an API key…).</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Numbers sent to when the notification names no recipient (E.164, <c>+33612345678</c>).</summary>
    public List<string> To { get; set; } = [];

    /// <summary>The text is cut to this many characters (default 160, one SMS).</summary>
    public int MaxLength { get; set; } = 160;
}
