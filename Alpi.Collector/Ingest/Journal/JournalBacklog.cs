namespace Alpi.Collector.Ingest.Journal;

/// <summary>
/// Points acknowledged through the journal and not yet committed to the store, bounded by
/// <see cref="IngestOptions.JournalMaxUnstoredPoints"/>: the broker's publish interceptor waits while the bound is
/// reached (delaying that publisher's PUBACK: nothing is refused), and the ingest writer releases points once committed.
/// A message larger than the bound passes alone when nothing is waiting, so no message waits forever.
/// </summary>
public sealed class JournalBacklog(int maxPoints)
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _points;

    /// <summary>Points acknowledged and not yet stored.</summary>
    public long Points => Interlocked.Read(ref _points);

    /// <summary>The bound.</summary>
    public int MaxPoints => maxPoints;

    /// <summary>Waits until <paramref name="points"/> more fit under the bound (or nothing is waiting), then counts them.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public async ValueTask AcquireAsync(int points, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task released;
            lock (_lock)
            {
                if (_points == 0 || _points + points <= maxPoints)
                {
                    _points += points;
                    return;
                }

                released = _released.Task;
            }

            await released.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Counts <paramref name="points"/> as stored (or given up), waking the waiting publishers.</summary>
    public void Release(long points)
    {
        if (points == 0)
        {
            return;
        }

        TaskCompletionSource released;
        lock (_lock)
        {
            _points = Math.Max(0, _points - points);
            released = _released;
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        released.TrySetResult();
    }
}
