using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Alpi.Collector.Ingest;

/// <summary>
/// Bounded hand-over between the MQTT receiver and the store writer. When full, the receiver waits, which stops
/// MQTT reads and so pushes back on publishers instead of dropping acknowledged data.
/// </summary>
public sealed class IngestChannel
{
    private readonly Channel<IngestBatch> _channel;
    private long _inFlight;

    /// <summary>Creates the channel with <see cref="IngestOptions.QueueCapacity"/> slots.</summary>
    public IngestChannel(IOptions<CollectorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _channel = Channel.CreateBounded<IngestBatch>(new BoundedChannelOptions(options.Value.Ingest.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>The writer side (MQTT receiver).</summary>
    public ChannelWriter<IngestBatch> Writer => _channel.Writer;

    /// <summary>The reader side (store writer).</summary>
    public ChannelReader<IngestBatch> Reader => _channel.Reader;

    /// <summary>Batches handed over and not yet stored and acknowledged.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Hands a batch to the store writer, waiting while the channel is full.</summary>
    public async ValueTask EnqueueAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            await _channel.Writer.WriteAsync(batch, cancellationToken);
        }
        catch
        {
            Interlocked.Decrement(ref _inFlight);
            throw;
        }
    }

    /// <summary>Called by the store writer once a batch is stored and acknowledged (or given up).</summary>
    public void Completed(int batches) => Interlocked.Add(ref _inFlight, -batches);

    /// <summary>Waits until every handed-over batch is stored and acknowledged, or the timeout passes.</summary>
    /// <returns>True when drained.</returns>
    public async Task<bool> WaitDrainedAsync(TimeSpan timeout, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var deadline = timeProvider.GetUtcNow() + timeout;
        while (InFlight > 0)
        {
            if (timeProvider.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), timeProvider);
        }

        return true;
    }
}
