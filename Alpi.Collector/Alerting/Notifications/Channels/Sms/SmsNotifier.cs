using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Alerting.Notifications.Channels.Sms;

/// <summary>
/// The SMS channel (<c>sms</c>): one HTTP request to the gateway per recipient (the message's, else
/// <see cref="SmsOptions.To"/>), built from the URL and body templates; the text is the message's title cut to
/// <see cref="SmsOptions.MaxLength"/>. Outcomes as <see cref="HttpOutcome"/>; with several recipients the worst
/// outcome wins (a retry sends to all of them again).
/// </summary>
public sealed class SmsNotifier(IOptions<CollectorOptions> options, HttpClient http) : IAlertNotifier
{
    /// <inheritdoc />
    public string Name => "sms";

    /// <inheritdoc />
    public async ValueTask<NotifyResult> NotifyAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sms = options.Value.Alerting.Sms;
        var recipients = message.Recipient is { } one ? [one] : sms.To;
        if (recipients.Count == 0)
        {
            return NotifyResult.Fail("no recipient: the notification names none and Sms:To is empty");
        }

        var result = NotifyResult.Delivered;
        foreach (var to in recipients)
        {
            HttpRequestMessage request;
            try
            {
                request = BuildRequest(sms, message, to);
            }
            catch (Exception e) when (e is UriFormatException or FormatException)
            {
                // The templates render something that is not a request: it will not get better by retrying.
                return NotifyResult.Fail("SMS gateway request could not be built: " + e.Message);
            }

            using var disposable = request;
            var outcome = await HttpOutcome.SendAsync(http, request, "SMS gateway", cancellationToken);
            if (outcome.Outcome > result.Outcome)
            {
                result = outcome;
            }
        }

        return result;
    }

    /// <summary>The gateway request for one recipient (public for tests and for checking a configuration).</summary>
    /// <exception cref="UriFormatException">The rendered URL is not an absolute http or https URL.</exception>
    /// <exception cref="FormatException">The content type is not a media type.</exception>
    public static HttpRequestMessage BuildRequest(SmsOptions sms, NotificationMessage message, string to)
    {
        ArgumentNullException.ThrowIfNull(sms);
        ArgumentNullException.ThrowIfNull(message);
        var title = message.Title();
        var text = title.Length <= sms.MaxLength ? title : title[..Math.Max(0, sms.MaxLength - 1)] + "…";
        var url = ChannelTemplate.Render(sms.Url ?? "", message, to, text, Uri.EscapeDataString);
        var method = new HttpMethod(sms.Method.ToUpperInvariant());
        var uri = new Uri(url, UriKind.Absolute);
        if (uri.Scheme is not ("http" or "https"))
        {
            throw new UriFormatException($"\"{url}\" is not an http or https URL");
        }

        var request = new HttpRequestMessage(method, uri);
        if (method != HttpMethod.Get && method != HttpMethod.Head)
        {
            Func<string, string> encode = sms.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase)
                ? v => JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(v)
                : sms.ContentType.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) ? Uri.EscapeDataString : v => v;
            var body = ChannelTemplate.Render(sms.Body, message, to, text, encode);
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(sms.ContentType);
        }

        foreach (var (header, value) in sms.Headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        if (!string.IsNullOrEmpty(sms.BearerToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sms.BearerToken);
        }
        else if (!string.IsNullOrEmpty(sms.Username))
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sms.Username}:{sms.Password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        }

        return request;
    }
}
