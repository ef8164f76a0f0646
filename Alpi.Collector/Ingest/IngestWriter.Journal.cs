using Alpi.Collector.Ingest.Journal;
using Alpi.Protocols.LineProtocol;
using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Ingest;

public sealed partial class IngestWriter
{
    /// <summary>
    /// Stores the journal's records left unstored by the last run, in transactions of up to <paramref name="max"/>
    /// points, reporting each commit to the journal; false when stopped before they were all stored (they stay in the
    /// journal for the next start).
    /// </summary>
    private async Task<bool> ReplayJournalAsync(List<LinePoint> points, int max, CancellationToken stoppingToken)
    {
        if (journal is null || reader is null || !(journal.IsEnabled || Directory.Exists(journal.Directory)))
        {
            return true;
        }

        journal.Open();
        var records = journal.TakeUnstored();
        if (records.Count == 0)
        {
            return true;
        }

        points.Clear();
        var stored = 0L;
        for (var i = 0; i < records.Count; i++)
        {
            var entry = records[i].Entry;
            points.AddRange(reader.ReadAgain(entry.Payload.Span, entry.Tenant, entry.Host, entry.ReceivedNs));
            if (points.Count >= max || i == records.Count - 1)
            {
                if (points.Count > 0 && !await TryWriteAsync(points, stoppingToken))
                {
                    return false;
                }

                stored += points.Count;
                points.Clear();
                journal.MarkStored(records[i].Sequence);
            }
        }

        JournalLog.Replayed(logger, records.Count, stored, records[^1].Sequence);
        return true;
    }

    /// <summary>Tells the journal the highest journalled sequence just committed and releases its points from the back-pressure bound.</summary>
    private void ReportJournalled(List<IngestBatch> batches)
    {
        if (journal is null || _journalGap)
        {
            return;
        }

        var sequence = 0L;
        var points = 0L;
        foreach (var batch in batches)
        {
            if (batch.JournalSequence > 0)
            {
                sequence = Math.Max(sequence, batch.JournalSequence);
                points += batch.Points.Count;
            }
        }

        if (sequence > 0)
        {
            journal.MarkStored(sequence);
            journal.Backlog.Release(points);
        }
    }

    private static partial class JournalLog
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Information,
            Message = "Ingest journal replayed: {Messages} message(s) acknowledged before the last stop, {Points} point(s) stored (up to sequence {Sequence})")]
        public static partial void Replayed(ILogger logger, int messages, long points, long sequence);
    }
}
