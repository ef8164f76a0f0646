using System.Collections.Concurrent;

namespace Alpi.Collector.Ingest;

/// <summary>Counters of the ingest pipeline since start, for the API and the collector's own metrics.</summary>
public sealed class IngestStatistics
{
    private readonly ConcurrentDictionary<string, long> _malformedByHost = new(StringComparer.Ordinal);
    private long _messages;
    private long _points;
    private long _writes;
    private long _malformedLines;
    private long _rejectedMessages;
    private long _storeFailures;
    private long _linesTooLong;
    private long _oversizedMessages;
    private long _malformedMessages;
    private long _journalFailures;

    /// <summary>MQTT messages received on metrics topics.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Points committed to the store.</summary>
    public long PointsStored => Interlocked.Read(ref _points);

    /// <summary>Store transactions committed (points stored / writes = the average batch).</summary>
    public long StoreWrites => Interlocked.Read(ref _writes);

    /// <summary>Line-protocol lines rejected.</summary>
    public long MalformedLines => Interlocked.Read(ref _malformedLines);

    /// <summary>Messages rejected whole (bad topic, oversized, unreadable status).</summary>
    public long RejectedMessages => Interlocked.Read(ref _rejectedMessages);

    /// <summary>Store writes that failed (the batch is not acknowledged and will be redelivered).</summary>
    public long StoreFailures => Interlocked.Read(ref _storeFailures);

    /// <summary>Lines rejected unread for being longer than <see cref="IngestOptions.MaxLineBytes"/> (also in <see cref="MalformedLines"/>).</summary>
    public long LinesTooLong => Interlocked.Read(ref _linesTooLong);

    /// <summary>
    /// Messages refused for a payload larger than <see cref="CollectorBrokerOptions.MaxPayloadBytes"/> (also in
    /// <see cref="RejectedMessages"/>): by the embedded broker (PUBACK 0x97 to an MQTT 5 publisher) or by the ingest client.
    /// </summary>
    public long OversizedMessages => Interlocked.Read(ref _oversizedMessages);

    /// <summary>
    /// Metrics messages none of whose lines could be read (also in <see cref="RejectedMessages"/>); the embedded broker
    /// answers an MQTT 5 publisher PUBACK 0x99 "Payload format invalid".
    /// </summary>
    public long MalformedMessages => Interlocked.Read(ref _malformedMessages);

    /// <summary>Messages the embedded broker could not write to its ingest journal (answered PUBACK 0x80, not acknowledged).</summary>
    public long JournalFailures => Interlocked.Read(ref _journalFailures);

    /// <summary>Rejected lines per <c>tenant/host</c>.</summary>
    public IReadOnlyDictionary<string, long> MalformedByHost => _malformedByHost;

    internal void CountMessage() => Interlocked.Increment(ref _messages);

    internal void CountStored(int points)
    {
        Interlocked.Add(ref _points, points);
        Interlocked.Increment(ref _writes);
    }

    internal void CountRejectedMessage() => Interlocked.Increment(ref _rejectedMessages);

    internal void CountLinesTooLong(int lines) => Interlocked.Add(ref _linesTooLong, lines);

    internal void CountOversizedMessage()
    {
        Interlocked.Increment(ref _oversizedMessages);
        Interlocked.Increment(ref _rejectedMessages);
    }

    internal void CountMalformedMessage()
    {
        Interlocked.Increment(ref _malformedMessages);
        Interlocked.Increment(ref _rejectedMessages);
    }

    internal void CountJournalFailure() => Interlocked.Increment(ref _journalFailures);

    internal void CountStoreFailure() => Interlocked.Increment(ref _storeFailures);

    internal void CountMalformed(string tenantHost, int lines)
    {
        Interlocked.Add(ref _malformedLines, lines);
        _malformedByHost.AddOrUpdate(tenantHost, lines, (_, n) => n + lines);
    }
}
