namespace Alpi.Collector.Api.Limits;

/// <summary>Requests refused by <see cref="RequestBodyLimits"/> since start, for <c>/healthz</c> and the collector's own metrics.</summary>
public sealed class HttpLimitStatistics
{
    private long _tooLarge;

    /// <summary>Requests answered 413 for a body over its limit.</summary>
    public long BodiesTooLarge => Interlocked.Read(ref _tooLarge);

    internal void CountTooLarge() => Interlocked.Increment(ref _tooLarge);
}
