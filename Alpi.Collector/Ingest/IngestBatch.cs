using Alpi.Protocols.LineProtocol;

namespace Alpi.Collector.Ingest;

/// <summary>The parsed points of one MQTT message, with the acknowledgement to send once they are stored.</summary>
/// <param name="Tenant">Tenant from the topic.</param>
/// <param name="Host">Host from the topic.</param>
/// <param name="Points">Points with timestamps and the tenant and host tags set.</param>
/// <param name="AcknowledgeAsync">Sends the MQTT PUBACK; called only after the store committed the points.</param>
public sealed record IngestBatch(string Tenant, string Host, IReadOnlyList<LinePoint> Points, Func<CancellationToken, Task> AcknowledgeAsync)
{
    /// <summary>
    /// The message's sequence number in the ingest journal (<see cref="Journal.IngestJournal"/>), already acknowledged;
    /// 0 for a message acknowledged only once stored. Once committed, the writer reports the highest to the journal.
    /// </summary>
    public long JournalSequence { get; init; }
}
