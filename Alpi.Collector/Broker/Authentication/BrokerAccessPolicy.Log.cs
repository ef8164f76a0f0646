using Microsoft.Extensions.Logging;

namespace Alpi.Collector.Broker.Authentication;

/// <summary>Log messages of <see cref="BrokerAccessPolicy"/>.</summary>
public sealed partial class BrokerAccessPolicy
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Broker authentication: read {Path}: {Count} {What}, {Problems} unusable lines")]
        public static partial void FileRead(ILogger logger, string path, int count, string what, int problems);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Broker authentication: {Path} line {Line}: {Problem}")]
        public static partial void FileLineProblem(ILogger logger, string path, int line, string problem);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Broker authentication: cannot read {Path} ({Problem}); its last good content stays in force (none: nobody it lists can connect)")]
        public static partial void FileReadFailed(ILogger logger, string path, string problem);
    }
}
