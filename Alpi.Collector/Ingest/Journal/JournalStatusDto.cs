namespace Alpi.Collector.Ingest.Journal;

/// <summary>The ingest journal in <c>/healthz</c> (<c>journal</c>); counters since start.</summary>
/// <param name="Enabled">True when the embedded broker acknowledges after the journal (embedded broker, DuckDB, <c>Collector:Ingest:Journal</c>).</param>
/// <param name="Appended">Messages written and fsync'ed to the journal.</param>
/// <param name="Fsyncs">fsync calls on its segments (appended / fsyncs = messages sharing one fsync, on average).</param>
/// <param name="UnstoredPoints">Points acknowledged through the journal and not yet committed to the store.</param>
/// <param name="StoredSequence">Highest journal sequence committed to the store, with every one before it.</param>
/// <param name="CorruptRecords">Torn or damaged records found at start.</param>
/// <param name="WriteFailures">Messages answered PUBACK 0x80 because the journal could not be written.</param>
/// <param name="MalformedMessages">Metrics messages without one readable line (PUBACK 0x99).</param>
public sealed record JournalStatusDto(bool Enabled, long Appended, long Fsyncs, long UnstoredPoints, long StoredSequence, long CorruptRecords, long WriteFailures, long MalformedMessages)
{
    /// <summary>The figures of <paramref name="journal"/> and <paramref name="statistics"/> now.</summary>
    public static JournalStatusDto Of(IngestJournal journal, IngestStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(statistics);
        return new(journal.IsEnabled, journal.Appended, journal.Fsyncs, journal.Backlog.Points, journal.StoredSequence, journal.CorruptRecords,
            statistics.JournalFailures, statistics.MalformedMessages);
    }
}
