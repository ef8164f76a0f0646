using Microsoft.Extensions.Logging;

namespace Alpi.Agent.Publishing;

public sealed partial class MetricBacklog
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Disk buffer {Path} cannot be used ({Reason}): batches wait in memory only and are lost if the agent stops. Set Agent:DataDirectory or Agent:Buffer:Directory to a writable folder used by this agent alone")]
        public static partial void DiskUnavailable(ILogger logger, string path, string reason);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Buffer full (Agent:Buffer:MaxMiB {MaxMiB}, Agent:QueueLimit {QueueLimit}; {Count} batches, {Bytes} bytes): dropping the oldest batches until the broker takes them again")]
        public static partial void Dropping(ILogger logger, double maxMiB, int queueLimit, int count, long bytes);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Buffer {Path} refused a batch ({Reason}): batches are dropped and counted until it accepts them again")]
        public static partial void WriteFailed(ILogger logger, string path, string reason);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Buffer {Path} could not be read ({Reason}); retrying")]
        public static partial void ReadFailed(ILogger logger, string path, string reason);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Buffer {Path}: acknowledged batch {Sequence} could not be removed ({Reason}); it will be sent again")]
        public static partial void RemoveFailed(ILogger logger, string path, long sequence, string reason);

        [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Buffer {Path} held more than Agent:Buffer:MaxMiB {MaxMiB} / Agent:QueueLimit {QueueLimit}: the {Batches} oldest batches were dropped")]
        public static partial void TrimmedAtOpen(ILogger logger, string path, int batches, double maxMiB, int queueLimit);

        [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Buffer: {Count} batches written to {Path} ({Why}); the next ones go there too until the broker has taken them all")]
        public static partial void Spilled(ILogger logger, string path, int count, string why);

        [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "Buffer {Path} could not take the batches waiting in memory ({Reason}): they stay in memory, lost if the agent stops")]
        public static partial void SpillFailed(ILogger logger, string path, string reason);

        [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Buffer {Path} replayed and deleted: batches wait in memory again while the broker takes them")]
        public static partial void BackInMemory(ILogger logger, string path);

        [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Buffer {Path} replayed but could not be deleted; it is empty and will be opened again at the next start")]
        public static partial void DeleteFailed(ILogger logger, string path);
    }
}
