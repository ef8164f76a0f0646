using System.Net.Http.Headers;
using System.Text;

namespace Alpi.Collector.Alerting.Notifications.Channels.Webhook;

/// <summary>
/// A webhook channel: POSTs each message as JSON (<see cref="WebhookPayloads"/>, in the configured
/// <see cref="WebhookFormat"/>) to its URL. Outcomes as <see cref="HttpOutcome"/>: 2xx delivered, 4xx failed,
/// 408/429/5xx, refused connection or time-out retryable. The message's recipient (a person's contact on this
/// channel) becomes the Slack/Mattermost <c>channel</c> override or a Teams mention line.
/// </summary>
/// <param name="name">The channel name (the key under <c>Collector:Alerting:Webhooks</c>).</param>
/// <param name="options">The webhook's settings.</param>
/// <param name="http">The HTTP client (its time-out bounds an attempt besides the dispatcher's).</param>
public sealed class WebhookNotifier(string name, WebhookOptions options, HttpClient http) : IAlertNotifier
{
    /// <inheritdoc />
    public string Name => name;

    /// <inheritdoc />
    public async ValueTask<NotifyResult> NotifyAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url))
        {
            return NotifyResult.Fail($"webhook {name} has no valid Url");
        }

        var body = WebhookPayloads.Build(options.Format, message).ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        foreach (var (header, value) in options.Headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        if (!string.IsNullOrEmpty(options.BearerToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.BearerToken);
        }

        return await HttpOutcome.SendAsync(http, request, $"webhook {name}", cancellationToken);
    }
}
