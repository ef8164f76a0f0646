namespace Alpi.Collector.Alerting.Notifications.Channels.Webhook;

/// <summary>One webhook channel (<c>Collector:Alerting:Webhooks:&lt;name&gt;</c>); its channel name is the key.</summary>
public sealed class WebhookOptions
{
    /// <summary>The URL POSTed to (http or https). Required.</summary>
    public string? Url { get; set; }

    /// <summary>The payload shape: <see cref="WebhookFormat.Json"/> (default), Slack, Mattermost or Teams.</summary>
    public WebhookFormat Format { get; set; } = WebhookFormat.Json;

    /// <summary>Extra request headers (an API key…); values are never logged.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A bearer token sent as <c>Authorization: Bearer …</c>, or null.</summary>
    public string? BearerToken { get; set; }
}

/// <summary>The body a webhook receives (see <see cref="WebhookPayloads"/>).</summary>
public enum WebhookFormat
{
    /// <summary>Alpi's own JSON: <c>{"version":1,"title","groupKey","recipient","notifications":[{"event","at","step","alert":{…}}]}</c>.</summary>
    Json,

    /// <summary>A Slack incoming webhook: <c>{"text","channel"?,"attachments":[{"color","title","text","fields"}]}</c>.</summary>
    Slack,

    /// <summary>A Mattermost incoming webhook: Slack's shape, which Mattermost accepts, plus <c>username</c>.</summary>
    Mattermost,

    /// <summary>A Microsoft Teams workflow (or connector) webhook: a message with one Adaptive Card 1.4.</summary>
    Teams,
}
