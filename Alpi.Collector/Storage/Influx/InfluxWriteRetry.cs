using System.Net.Sockets;

namespace Alpi.Collector.Storage.Influx;

/// <summary>
/// An InfluxDB request failed for good: the server stayed unreachable, kept answering 5xx or timing out for
/// <see cref="InfluxWriteOptions.MaxAttempts"/> attempts, or refused the request as a whole (authentication, unknown
/// database or bucket). Nothing of the request may be taken as stored. An <see cref="IOException"/>, so that the
/// ingest writer retries the batch later without acknowledging it.
/// </summary>
public sealed class InfluxDbException : IOException
{
    /// <summary>Creates the exception.</summary>
    public InfluxDbException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InfluxDbException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public InfluxDbException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Counters of an InfluxDB store's writes, read by tests and the collector's own metrics.</summary>
public sealed class InfluxWriteStatistics
{
    private long _requests;
    private long _retries;
    private long _rejectedPoints;
    private long _rejectedRequests;

    /// <summary>Write requests InfluxDB accepted, wholly or partly.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Attempts repeated after a 5xx answer, a time-out or a refused connection.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Points InfluxDB refused (type conflict, unparsable line), logged and not retried.</summary>
    public long RejectedPoints => Interlocked.Read(ref _rejectedPoints);

    /// <summary>Write requests answered with a 4xx line error (partial or whole).</summary>
    public long RejectedRequests => Interlocked.Read(ref _rejectedRequests);

    internal void CountRequest() => Interlocked.Increment(ref _requests);

    internal void CountRetry() => Interlocked.Increment(ref _retries);

    internal void CountRejected(long points)
    {
        Interlocked.Increment(ref _rejectedRequests);
        Interlocked.Add(ref _rejectedPoints, points);
    }
}

/// <summary>
/// Runs one InfluxDB request with a time-out per attempt and retries with exponential back-off
/// (<see cref="InfluxWriteOptions.RetryDelay"/> doubling up to <see cref="InfluxWriteOptions.MaxRetryDelay"/>) while it
/// fails transiently: a 5xx answer (the attempt returns a reason), a time-out, or a connection error.
/// </summary>
internal static class InfluxWriteRetry
{
    /// <param name="options">Time-out, attempts and delays.</param>
    /// <param name="time">Clock of the back-off delays.</param>
    /// <param name="what">What is attempted, for messages (<c>write of 5000 lines</c>).</param>
    /// <param name="attempt">One attempt: null when done, or the reason of a transient failure to retry.</param>
    /// <param name="onRetry">Told (attempt number, reason, delay) before each retry.</param>
    /// <param name="cancellationToken">Stops the retries.</param>
    /// <exception cref="InfluxDbException">Every attempt failed.</exception>
    public static async Task RunAsync(
        InfluxWriteOptions options,
        TimeProvider time,
        string what,
        Func<CancellationToken, Task<string?>> attempt,
        Action<int, string, TimeSpan> onRetry,
        CancellationToken cancellationToken)
    {
        var delay = options.RetryDelay;
        for (var number = 1; ; number++)
        {
            string? reason;
            Exception? cause = null;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(options.Timeout);
                try
                {
                    reason = await attempt(timeout.Token);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    (reason, cause) = ($"no answer within {options.Timeout.TotalSeconds} s", e);
                }
                catch (HttpRequestException e)
                {
                    (reason, cause) = (e.InnerException is SocketException s ? s.Message : e.Message, e);
                }
            }

            if (reason is null)
            {
                return;
            }

            if (number >= options.MaxAttempts)
            {
                throw cause is null
                    ? new InfluxDbException($"InfluxDB {what} failed after {number} attempts: {reason}")
                    : new InfluxDbException($"InfluxDB {what} failed after {number} attempts: {reason}", cause);
            }

            onRetry(number, reason, delay);
            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxRetryDelay.Ticks));
        }
    }
}
