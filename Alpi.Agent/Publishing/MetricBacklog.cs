using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Alpi.Agent.Publishing;

/// <summary>
/// The bounded queue between collection and publishing. While the broker is away batches accumulate here; when
/// <see cref="AgentOptions.QueueLimit"/> is reached the oldest batch is dropped and counted, never the newest.
/// </summary>
public sealed class MetricBacklog
{
    private readonly Channel<MetricBatch> _channel;
    private long _dropped;

    /// <summary>Creates the queue with the configured limit.</summary>
    public MetricBacklog(IOptions<AgentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _channel = Channel.CreateBounded<MetricBatch>(
            new BoundedChannelOptions(options.Value.QueueLimit)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
            },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>Batches dropped because the queue was full, since start.</summary>
    public long DroppedBatches => Interlocked.Read(ref _dropped);

    /// <summary>Batches waiting to be published.</summary>
    public int Count => _channel.Reader.Count;

    /// <summary>The reading side, for the publisher.</summary>
    public ChannelReader<MetricBatch> Reader => _channel.Reader;

    /// <summary>Adds a batch; never blocks (drops the oldest when full).</summary>
    public void Enqueue(MetricBatch batch) => _channel.Writer.TryWrite(batch);
}
