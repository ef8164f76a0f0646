using Microsoft.Extensions.Logging;

namespace Alpi.Agent.Publishing.Buffer;

internal sealed partial class SqliteBatchStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error,
            Message = "Disk buffer {Path} is damaged ({Reason}): {Recovered} batches recovered into a new file, {Corrupt} damaged records skipped, reading stopped at: {StoppedBy}; the damaged file is kept as {Quarantine}")]
        public static partial void Damaged(ILogger logger, string path, string reason, long recovered, long corrupt, string stoppedBy, string quarantine);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Disk buffer {Path}: batch {Sequence} is damaged (checksum mismatch) and skipped")]
        public static partial void CorruptRecord(ILogger logger, string path, long sequence);

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Disk buffer {Path}: {Count} batches ({Bytes} bytes) left from before, replayed once the broker answers")]
        public static partial void Reopened(ILogger logger, string path, int count, long bytes);
    }
}
