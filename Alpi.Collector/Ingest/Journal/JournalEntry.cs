namespace Alpi.Collector.Ingest.Journal;

/// <summary>One MQTT metrics message as the ingest journal keeps it, before it has a sequence number.</summary>
/// <param name="ReceivedNs">When the broker received it, nanoseconds since the Unix epoch: the timestamp of its points that carry none, so a replay stores what the first reading would have.</param>
/// <param name="Tenant">Tenant from the topic.</param>
/// <param name="Host">Host from the topic.</param>
/// <param name="Topic">The whole topic (at most 65,535 octets in UTF-8, MQTT 5 §1.5.4).</param>
/// <param name="Payload">The raw payload (InfluxDB line protocol), as published.</param>
public sealed record JournalEntry(long ReceivedNs, string Tenant, string Host, string Topic, ReadOnlyMemory<byte> Payload);

/// <summary>A journal entry with the sequence number the journal gave it (1, 2, … in append order, never reused).</summary>
/// <param name="Sequence">Sequence number, at least 1.</param>
/// <param name="Entry">The message.</param>
public sealed record JournalRecord(long Sequence, JournalEntry Entry);
