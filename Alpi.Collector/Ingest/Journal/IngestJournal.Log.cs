using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Ingest.Journal;

public sealed partial class IngestJournal
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
            Message = "Ingest journal: {Count} message(s) in {Segments} segment(s) acknowledged but not stored at the last stop (stored up to sequence {Stored}); they are stored before new messages")]
        public static partial void Recovered(ILogger logger, int count, int segments, long stored);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error,
            Message = "Ingest journal segment {Path}: torn or damaged record at offset {Offset} ({Problem}); the records before it are replayed, the rest of this segment is lost")]
        public static partial void Corrupt(ILogger logger, string path, long offset, string problem);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error,
            Message = "Ingest journal: writing {Count} message(s) to {Path} failed ({Reason}); they are answered PUBACK 0x80 (not stored, the publishers send them again)")]
        public static partial void WriteFailed(ILogger logger, int count, string path, string reason);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
            Message = "Ingest journal: recording stored sequence {Sequence} failed ({Reason}); the next start replays stored messages again, which is harmless")]
        public static partial void MarkStoredFailed(ILogger logger, long sequence, string reason);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning,
            Message = "Ingest journal: {Problem}; every journalled message is replayed (stored ones are written again, harmlessly)")]
        public static partial void StoredSequenceUnreadable(ILogger logger, string problem);
    }
}
