using System.Net;

namespace Alpi.Collector.Alerting.Notifications.Channels;

/// <summary>
/// How the HTTP channels (webhook, SMS gateway) classify an answer: 2xx delivered; 408, 425 and 429 (try later) and
/// 5xx retryable; any other status failed (the request is wrong and will stay wrong: RFC 9110 §15.5); no answer
/// (refused, reset, DNS, time-out) retryable.
/// </summary>
public static class HttpOutcome
{
    /// <summary>The outcome of a received status code.</summary>
    public static NotifyResult Of(HttpStatusCode status, string what)
    {
        var code = (int)status;
        if (code is >= 200 and < 300)
        {
            return NotifyResult.Delivered;
        }

        var reason = $"{what} answered HTTP {code} {status}";
        return code is 408 or 425 or 429 or >= 500 ? NotifyResult.Retry(reason) : NotifyResult.Fail(reason);
    }

    /// <summary>
    /// Sends a request and classifies the answer; a transport failure is retryable. Cancellation by
    /// <paramref name="cancellationToken"/> (the attempt time-out or shutdown) propagates, as the dispatcher expects.
    /// </summary>
    public static async Task<NotifyResult> SendAsync(HttpClient client, HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return Of(response.StatusCode, what);
        }
        catch (HttpRequestException e)
        {
            return NotifyResult.Retry($"{what} unreachable: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own time-out.
            return NotifyResult.Retry($"{what}: no answer within {client.Timeout.TotalSeconds} s");
        }
    }
}
